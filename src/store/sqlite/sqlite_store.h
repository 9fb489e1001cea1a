// The SQLite backend's entry point (private to src/store; tests and benchmarks use it too).
#pragma once

#include <memory>
#include <string>

#include "qccm/core/time.h"
#include "qccm/store/store.h"

namespace qccm::store::sqlite {

struct SqliteOptions {
  // The source of date_added; nullptr: the system clock. Must outlive the store.
  Clock* clock = nullptr;
  // PRAGMA synchronous for the writer: "FULL" (default: an acknowledged commit survives a
  // crash and a power loss) or "NORMAL" (in WAL mode the database stays consistent, but the
  // last commits before a power loss may be lost).
  std::string synchronous = "FULL";
  // Reader connections opened on demand (WAL lets them read while the writer writes).
  int max_readers = 4;
  // PRAGMA mmap_size for every connection, in bytes (0: off). Reads of pages outside SQLite's
  // cache then need no system call; writes still go through the WAL file.
  std::int64_t mmap_bytes = 256LL * 1024 * 1024;
  // PRAGMA wal_autocheckpoint, in pages. Larger values checkpoint less often, so a page
  // changed by several commits is copied to the database file once instead of each time.
  int wal_autocheckpoint_pages = 1000;
  // PRAGMA cache_size of the writer in KiB; 0: config.store.sqlite_cache_kib.
  std::int64_t writer_cache_kib = 0;
};

// The database file inside a data directory: <data_dir>/qccm.db.
std::string DatabasePath(const std::string& data_dir);

// Opens (or with kCreateIfMissing creates, with its directory) <data_dir>/qccm.db in WAL mode
// and applies pending migrations. Fails with kNotFound "no QCCM node at <dir> (run qccm
// init)" when the file is missing and mode is kOpenExisting, kIo if the directory cannot be
// created, kUnsupported if the schema is newer than this binary, kInvalidArgument if the file
// is an SQLite database of another application, kStorage otherwise.
Result<std::unique_ptr<Store>> OpenSqliteStore(const Config& config, OpenMode mode,
                                               const SqliteOptions& options = {});

}  // namespace qccm::store::sqlite
