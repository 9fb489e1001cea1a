// A thin RAII layer over the SQLite C API: Database (one connection with a cache of prepared
// statements), Statement (a borrowed cached statement: bind, step, read columns) and
// Transaction (BEGIN ... COMMIT, rolled back unless committed). Errors are values.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "qccm/core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace qccm::store::sqlite {

// Maps an SQLite result code to a QCCM error: a UNIQUE or PRIMARY KEY violation is
// kAlreadyExists, a FOREIGN KEY violation kNotFound, anything else kStorage. The message is
// "<what>: <SQLite message>"; SQLite messages name tables and columns, never values.
Error SqliteError(sqlite3* db, int rc, std::string_view what);

class Statement;

// One connection. Not thread-safe: one thread at a time (the store's mutex or pool ensures it).
class Database final {
 public:
  // Opens `path` with sqlite3_open_v2 flags (SQLITE_OPEN_*). Fails with kStorage.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, int flags);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows the caller needs (PRAGMAs, migrations).
  Status Exec(std::string_view sql);

  // Runs a statement returning one integer (e.g. "PRAGMA user_version"). Fails with
  // kStorage if it fails or returns no row.
  Result<std::int64_t> QueryInt(std::string_view sql);
  // As QueryInt for a text result.
  Result<std::string> QueryText(std::string_view sql);

  // Returns the cached prepared statement for `sql`, preparing it on first use. The
  // statement is reset and its bindings cleared when the returned Statement goes away. If the
  // cached one is already borrowed, a private statement is prepared (and finalised after use).
  Result<Statement> Prepare(std::string_view sql);

  std::int64_t Changes() const;
  std::int64_t LastInsertRowid() const;
  bool InTransaction() const;
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  // Dynamic listing queries come in a bounded number of shapes; past this many cached
  // statements the idle ones are finalised.
  static constexpr std::size_t kMaxCachedStatements = 256;

  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  void EvictIdleStatements();

  sqlite3* db_;
  std::string path_;
  // Node-based: the in_use flags borrowed by Statements stay put when the map rehashes.
  struct SqlHash {
    using is_transparent = void;  // find() by string_view, without building a std::string
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };
  std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

// A prepared statement borrowed from a Database's cache. Bind indices are 1-based, as
// SQLite's ?NNN parameters. Move-only.
class Statement final {
 public:
  // `in_use` is the cache entry's flag to clear on release; nullptr for a private statement,
  // which is finalised on release.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use)
      : db_(db), stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Text and blobs are bound without copying: the data must outlive the last Step().
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindBlob(int index, std::span<const unsigned char> blob);
  Statement& BindNull(int index);
  Statement& Bind(int index, std::optional<std::int64_t> value);

  // Steps once. Returns true when a row is available, false when the statement is done.
  Result<bool> Step();
  // Steps a statement that returns no rows to completion.
  Status Run();
  // Resets the statement to run it again; bindings stay.
  void Reset();

  std::int64_t Int(int column) const;
  std::string_view Text(int column) const;
  std::span<const unsigned char> Blob(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
};

// BEGIN IMMEDIATE (for writers) or BEGIN (deferred, for consistent multi-statement reads);
// rolled back on destruction unless Commit() succeeded.
class Transaction final {
 public:
  enum class Kind : std::uint8_t { kDeferred, kImmediate };
  static Result<Transaction> Begin(Database& db, Kind kind);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace qccm::store::sqlite
