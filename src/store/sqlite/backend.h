// The state shared by the SQLite repositories of one store: the writer connection and its
// mutex, the pool of reader connections, and the clock.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "qccm/core/time.h"
#include "store/sqlite/database.h"
#include "store/sqlite/sqlite_store.h"

namespace qccm::store::sqlite {

// Thread-safe. Writes go through Write() (one at a time); reads borrow a reader connection.
class Backend final {
 public:
  Backend(std::string path, std::unique_ptr<Database> writer, const Config& config,
          const SqliteOptions& options);

  // The writer connection, held while the returned lock lives.
  struct WriteLease {
    std::unique_lock<std::mutex> lock;
    Database& db;
  };
  WriteLease Write() { return {std::unique_lock(writer_mutex_), *writer_}; }

  // A reader connection, returned to the pool when the lease goes away. Blocks while all
  // max_readers are in use. Fails with kStorage if a new connection cannot be opened.
  class ReadLease {
   public:
    ReadLease(Backend* backend, std::unique_ptr<Database> db)
        : backend_(backend), db_(std::move(db)) {}
    ReadLease(ReadLease&&) noexcept = default;
    ReadLease& operator=(ReadLease&&) = delete;
    ~ReadLease();
    Database& db() { return *db_; }

   private:
    Backend* backend_;
    std::unique_ptr<Database> db_;
  };
  Result<ReadLease> Read();

  Clock& clock() { return *clock_; }
  const std::string& path() const { return path_; }

 private:
  Result<std::unique_ptr<Database>> OpenReader();

  const std::string path_;
  const int busy_timeout_ms_;
  const std::int64_t cache_kib_;
  const SqliteOptions options_;
  SystemClock system_clock_;
  Clock* clock_;

  std::mutex writer_mutex_;
  std::unique_ptr<Database> writer_;  // guarded by writer_mutex_

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Database>> idle_readers_;  // guarded by readers_mutex_
  int open_readers_ = 0;                                 // guarded by readers_mutex_
};

// Applies the per-connection PRAGMAs every connection needs (busy timeout, cache size,
// foreign keys, temp store). Fails with kStorage.
Status ConfigureConnection(Database& db, int busy_timeout_ms, std::int64_t cache_kib);

}  // namespace qccm::store::sqlite
