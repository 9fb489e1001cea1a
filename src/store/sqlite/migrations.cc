// Applies the embedded schema migrations (see migrations.h).
#include "store/sqlite/migrations.h"

#include <string>

#include "qccm/core/check.h"
#include "qccm/core/log.h"

namespace qccm::store::sqlite {
namespace {

Error NewerSchemaError(const Database& db, int found, int latest) {
  return Error{ErrorCode::kUnsupported,
               "the database " + db.path() + " has schema version " + std::to_string(found) +
                   ", newer than this qccm binary knows (" + std::to_string(latest) +
                   "); use a newer qccm",
               {}};
}

}  // namespace

Result<int> SchemaVersion(Database& db) {
  QCCM_TRY(version, db.QueryInt("PRAGMA user_version"));
  return static_cast<int>(version);
}

Result<int> Migrate(Database& db, std::span<const Migration> migrations) {
  const int latest = static_cast<int>(migrations.size());
  for (int i = 0; i < latest; ++i) QCCM_CHECK(migrations[i].version == i + 1);
  QCCM_TRY(current, SchemaVersion(db));
  while (current < latest) {
    QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
    // Another process may have migrated between our read and taking the write lock.
    QCCM_TRY(locked_version, SchemaVersion(db));
    if (locked_version != current) {
      current = locked_version;
      continue;
    }
    const Migration& migration = migrations[current];
    if (auto applied = db.Exec(migration.sql); !applied) {
      Error error = std::move(applied).error();
      error.code = ErrorCode::kStorage;
      error.message =
          "schema migration " + std::string(migration.name) + " failed: " + error.message;
      return std::unexpected(std::move(error));
    }
    QCCM_TRY_STATUS(db.Exec("PRAGMA user_version = " + std::to_string(migration.version)));
    QCCM_TRY_STATUS(tx.Commit());
    current = migration.version;
    LogEvent("store", LogLevel::kInfo, "schema_migrated",
             {{"db", db.path()}, {"version", current}, {"migration", migration.name}});
  }
  if (current > latest) return std::unexpected(NewerSchemaError(db, current, latest));
  return current;
}

}  // namespace qccm::store::sqlite
