// Opening the SQLite store: the file, the PRAGMAs, migrations, the reader pool, and the Store
// facade (stats, integrity check) over the object and sharing repositories.
#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>

#include "qccm/core/check.h"
#include "store/sqlite/backend.h"
#include "store/sqlite/correlation_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/retention_store.h"
#include "store/sqlite/sqlite_object_store.h"
#include "store/sqlite/sqlite_sharing_store.h"

namespace qccm::store::sqlite {
namespace {

// PRAGMA application_id of a QCCM database ("QCCM"), set by migration 0001.
constexpr std::int64_t kApplicationId = 0x5143434D;

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Backend> backend)
      : backend_(std::move(backend)),
        objects_(*backend_),
        sharing_(*backend_),
        correlation_(*backend_),
        retention_(*backend_) {}

  ObjectStore& objects() override { return objects_; }
  sharing::SharingStore& sharing() override { return sharing_; }
  correlation::CorrelationStore* correlation() override { return &correlation_; }
  retention::RetentionStore* retention() override { return &retention_; }
  std::string_view backend_name() const override { return "sqlite"; }

  Result<StoreStats> Stats() override {
    QCCM_TRY(reader, backend_->Read());
    StoreStats stats;
    QCCM_TRY(objects, reader.db().QueryInt("SELECT count(*) FROM objects"));
    stats.objects = objects;
    QCCM_TRY(version, SchemaVersion(reader.db()));
    stats.schema_version = version;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ec;
      auto size = std::filesystem::file_size(backend_->path() + suffix, ec);
      if (!ec) stats.bytes_on_disk += static_cast<std::int64_t>(size);
    }
    return stats;
  }

  Status CheckIntegrity() override {
    QCCM_TRY(reader, backend_->Read());
    Database& db = reader.db();
    std::string damage;
    {
      QCCM_TRY(check, db.Prepare("PRAGMA integrity_check(20)"));
      for (;;) {
        QCCM_TRY(row, check.Step());
        if (!row) break;
        if (check.Text(0) != "ok") damage += std::string(check.Text(0)) + "; ";
      }
    }
    {
      QCCM_TRY(check, db.Prepare("PRAGMA foreign_key_check"));
      QCCM_TRY(row, check.Step());
      if (row) damage += "foreign key violation in table " + std::string(check.Text(0)) + "; ";
    }
    {
      // Every (collection, id) has exactly one first and one last version.
      QCCM_TRY(check, db.Prepare("SELECT id FROM objects GROUP BY ckey, id "
                                 "HAVING sum(is_first) <> 1 OR sum(is_last) <> 1 LIMIT 1"));
      QCCM_TRY(row, check.Step());
      if (row) damage += "first/last version flags are wrong for " + std::string(check.Text(0));
    }
    {
      QCCM_TRY(check, db.Prepare("SELECT id FROM objects GROUP BY ckey, id, modified "
                                 "HAVING count(*) > 1 LIMIT 1"));
      QCCM_TRY(row, check.Step());
      if (row) damage += "a version of " + std::string(check.Text(0)) + " is stored twice; ";
    }
    if (!damage.empty()) {
      return MakeError(ErrorCode::kStorage,
                       "integrity check of " + backend_->path() + " failed: " + damage);
    }
    return Ok();
  }

 private:
  std::unique_ptr<Backend> backend_;
  SqliteObjectStore objects_;
  SqliteSharingStore sharing_;
  SqliteCorrelationStore correlation_;
  SqliteRetentionStore retention_;
};

Status ConfigureWriter(Database& db, const Config& config, const SqliteOptions& options) {
  QCCM_TRY_STATUS(ConfigureConnection(
      db, config.store.sqlite_busy_timeout_ms,
      options.writer_cache_kib > 0 ? options.writer_cache_kib : config.store.sqlite_cache_kib));
  // journal_size_limit: the WAL is cut back after a checkpoint resets it, so a bulk import does
  // not leave a huge file behind.
  QCCM_TRY_STATUS(
      db.Exec("PRAGMA mmap_size = " + std::to_string(options.mmap_bytes) +
              "; PRAGMA wal_autocheckpoint = " + std::to_string(options.wal_autocheckpoint_pages) +
              "; PRAGMA journal_size_limit = " + std::to_string(64LL * 1024 * 1024)));
  QCCM_TRY(mode, db.QueryText("PRAGMA journal_mode = WAL"));
  if (mode != "wal") {
    return MakeError(ErrorCode::kStorage,
                     "cannot put " + db.path() + " in WAL mode (got '" + mode + "')");
  }
  if (options.synchronous != "FULL" && options.synchronous != "NORMAL") {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "sqlite synchronous must be FULL or NORMAL, not '" + options.synchronous + "'");
  }
  return db.Exec("PRAGMA synchronous = " + options.synchronous);
}

// Refuses SQLite files that belong to another application (a wrong data_dir).
Status CheckApplication(Database& db) {
  QCCM_TRY(application, db.QueryInt("PRAGMA application_id"));
  if (application == kApplicationId) return Ok();
  QCCM_TRY(tables, db.QueryInt("SELECT count(*) FROM sqlite_schema"));
  if (application == 0 && tables == 0) return Ok();  // a new, empty database
  return MakeError(ErrorCode::kInvalidArgument,
                   db.path() + " is an SQLite database of another application, not a QCCM node");
}

}  // namespace

Status ConfigureConnection(Database& db, int busy_timeout_ms, std::int64_t cache_kib) {
  if (int rc = sqlite3_busy_timeout(db.handle(), busy_timeout_ms); rc != SQLITE_OK) {
    return std::unexpected(SqliteError(db.handle(), rc, "cannot set the busy timeout"));
  }
  return db.Exec("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -" +
                 std::to_string(cache_kib));
}

Backend::Backend(std::string path, std::unique_ptr<Database> writer, const Config& config,
                 const SqliteOptions& options)
    : path_(std::move(path)),
      busy_timeout_ms_(config.store.sqlite_busy_timeout_ms),
      cache_kib_(config.store.sqlite_cache_kib),
      options_(options),
      clock_(options.clock != nullptr ? options.clock : &system_clock_),
      writer_(std::move(writer)) {
  QCCM_CHECK(options_.max_readers >= 1);
}

Result<std::unique_ptr<Database>> Backend::OpenReader() {
  QCCM_TRY(db, Database::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX));
  QCCM_TRY_STATUS(ConfigureConnection(*db, busy_timeout_ms_, cache_kib_));
  QCCM_TRY_STATUS(
      db->Exec("PRAGMA query_only = 1; PRAGMA mmap_size = " + std::to_string(options_.mmap_bytes)));
  return db;
}

Result<Backend::ReadLease> Backend::Read() {
  {
    std::unique_lock lock(readers_mutex_);
    reader_returned_.wait(
        lock, [&] { return !idle_readers_.empty() || open_readers_ < options_.max_readers; });
    if (!idle_readers_.empty()) {
      auto db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(this, std::move(db));
    }
    ++open_readers_;  // reserve a slot; opened outside the lock
  }
  auto db = OpenReader();
  if (!db) {
    std::lock_guard lock(readers_mutex_);
    --open_readers_;
    reader_returned_.notify_one();
    return std::unexpected(std::move(db).error());
  }
  return ReadLease(this, std::move(*db));
}

Backend::ReadLease::~ReadLease() {
  if (db_ == nullptr) return;
  QCCM_CHECK(!db_->InTransaction());
  std::lock_guard lock(backend_->readers_mutex_);
  backend_->idle_readers_.push_back(std::move(db_));
  backend_->reader_returned_.notify_one();
}

std::string DatabasePath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "qccm.db").string();
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const Config& config, OpenMode mode,
                                               const SqliteOptions& options) {
  const std::string path = DatabasePath(config.data_dir);
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (!exists) {
    if (mode == OpenMode::kOpenExisting) {
      return MakeError(ErrorCode::kNotFound,
                       "no QCCM node at " + config.data_dir + " (run qccm init)");
    }
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) {
      return MakeError(ErrorCode::kIo,
                       "cannot create the data directory " + config.data_dir + ": " + ec.message());
    }
    flags |= SQLITE_OPEN_CREATE;
  }
  QCCM_TRY(writer, Database::Open(path, flags));
  QCCM_TRY_STATUS(CheckApplication(*writer));
  QCCM_TRY_STATUS(ConfigureWriter(*writer, config, options));
  QCCM_TRY(version, Migrate(*writer, EmbeddedMigrations()));
  (void)version;
  return std::make_unique<SqliteStore>(
      std::make_unique<Backend>(path, std::move(writer), config, options));
}

}  // namespace qccm::store::sqlite
