// Versioned schema migrations: numbered SQL files (migrations/NNNN_name.sql) embedded into the
// binary at build time, applied in order, one transaction each; the schema version is the
// database's PRAGMA user_version.
#pragma once

#include <span>
#include <string_view>

#include "qccm/core/result.h"
#include "store/sqlite/database.h"

namespace qccm::store::sqlite {

struct Migration {
  int version = 0;        // 1, 2, ...: the NNNN of the file name
  std::string_view name;  // the file name, for messages
  std::string_view sql;
};

// The migrations built into this binary, in version order (generated from migrations/*.sql).
std::span<const Migration> EmbeddedMigrations();

// Brings `db` to the last version in `migrations` (which must be numbered 1..N in order),
// applying each pending one in its own IMMEDIATE transaction together with the new
// user_version, so a failed migration leaves the previous version intact. Returns the schema
// version. Fails with kUnsupported if the database is newer than N, kStorage if a migration
// fails (naming it).
Result<int> Migrate(Database& db, std::span<const Migration> migrations);

// The schema version recorded in `db` (0 for a new database).
Result<int> SchemaVersion(Database& db);

}  // namespace qccm::store::sqlite
