// The RAII layer over the SQLite C API (see database.h).
#include "store/sqlite/database.h"

#include <sqlite3.h>

#include <utility>

#include "qccm/core/check.h"

namespace qccm::store::sqlite {

Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  ErrorCode code = ErrorCode::kStorage;
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      code = ErrorCode::kAlreadyExists;
      break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      code = ErrorCode::kNotFound;
      break;
    default:
      break;
  }
  return Error{code, std::move(message), {}};
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(db, rc, "cannot open " + path);
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.stmt);
  sqlite3_close_v2(db_);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);  // sqlite3_exec needs a NUL-terminated string
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    Error error = SqliteError(db_, sqlite3_extended_errcode(db_), "sqlite exec on " + path_);
    error.message = "sqlite exec on " + path_ + ": " + detail;
    return std::unexpected(std::move(error));
  }
  return Ok();
}

Result<std::int64_t> Database::QueryInt(std::string_view sql) {
  QCCM_TRY(statement, Prepare(sql));
  QCCM_TRY(row, statement.Step());
  if (!row) {
    return MakeError(ErrorCode::kStorage, "'" + std::string(sql) + "' returned no row");
  }
  return statement.Int(0);
}

Result<std::string> Database::QueryText(std::string_view sql) {
  QCCM_TRY(statement, Prepare(sql));
  QCCM_TRY(row, statement.Step());
  if (!row) {
    return MakeError(ErrorCode::kStorage, "'" + std::string(sql) + "' returned no row");
  }
  return std::string(statement.Text(0));
}

void Database::EvictIdleStatements() {
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (it->second.in_use) {
      ++it;
    } else {
      sqlite3_finalize(it->second.stmt);
      it = cache_.erase(it);
    }
  }
}

Result<Statement> Database::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(db_, it->second.stmt, &it->second.in_use);
  }
  const bool cache = it == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0u, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return std::unexpected(SqliteError(db_, rc, "cannot prepare a statement on " + path_));
  }
  if (!cache) return Statement(db_, stmt, nullptr);
  if (cache_.size() >= kMaxCachedStatements) EvictIdleStatements();
  auto [inserted, ok] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
  QCCM_CHECK(ok);
  return Statement(db_, stmt, &inserted->second.in_use);
}

std::int64_t Database::Changes() const { return sqlite3_changes64(db_); }
std::int64_t Database::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
bool Database::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), in_use_(other.in_use_) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);  // no dangling pointers to the caller's text stay bound
  *in_use_ = false;
}

namespace {
void CheckBind(sqlite3* db, int rc) {
  // A bind only fails for a wrong index or type: a bug in the SQL we wrote.
  QCCM_CHECK_MSG(rc == SQLITE_OK, sqlite3_errmsg(db));
}
}  // namespace

Statement& Statement::Bind(int index, std::int64_t value) {
  CheckBind(db_, sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  CheckBind(db_, sqlite3_bind_text64(stmt_, index, text.empty() ? "" : text.data(), text.size(),
                                     SQLITE_STATIC, SQLITE_UTF8));
  return *this;
}

Statement& Statement::BindBlob(int index, std::span<const unsigned char> blob) {
  // A zero-length blob needs a non-null pointer, or SQLite binds NULL.
  static constexpr unsigned char kEmpty = 0;
  CheckBind(db_, sqlite3_bind_blob64(stmt_, index, blob.empty() ? &kEmpty : blob.data(),
                                     blob.size(), SQLITE_STATIC));
  return *this;
}

Statement& Statement::BindNull(int index) {
  CheckBind(db_, sqlite3_bind_null(stmt_, index));
  return *this;
}

Statement& Statement::Bind(int index, std::optional<std::int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(SqliteError(db_, rc, "sqlite"));
}

Status Statement::Run() {
  for (;;) {
    QCCM_TRY(row, Step());
    if (!row) return Ok();
  }
}

void Statement::Reset() { sqlite3_reset(stmt_); }

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::span<const unsigned char> Statement::Blob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return {};
  return {static_cast<const unsigned char*>(blob),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Result<Transaction> Transaction::Begin(Database& db, Kind kind) {
  QCCM_TRY(statement, db.Prepare(kind == Kind::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN"));
  QCCM_TRY_STATUS(statement.Run());
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ == nullptr || !db_->InTransaction()) return;
  // A failed ROLLBACK leaves nothing we can do here; SQLite rolls back on close or on the
  // next BEGIN's failure path, and the error that got us here is already being returned.
  if (auto statement = db_->Prepare("ROLLBACK")) (void)statement->Run();
}

Status Transaction::Commit() {
  QCCM_CHECK(db_ != nullptr);
  QCCM_TRY(statement, db_->Prepare("COMMIT"));
  QCCM_TRY_STATUS(statement.Run());
  db_ = nullptr;
  return Ok();
}

}  // namespace qccm::store::sqlite
