// A node's store: one backend (SQLite now, PostgreSQL later) that implements every
// repository interface. wiring.cc opens it and hands out the repositories.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "qccm/core/config.h"
#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/correlation/correlation_store.h"
#include "qccm/retention/retention_store.h"
#include "qccm/sharing/sharing_store.h"
#include "qccm/store/object_store.h"

namespace qccm::store {

struct StoreStats {
  std::int64_t objects = 0;  // stored object versions
  std::int64_t bytes_on_disk = 0;
  int schema_version = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual ObjectStore& objects() = 0;
  virtual sharing::SharingStore& sharing() = 0;
  // The correlation repository (ratings, assertions, notifications, RFIs); nullptr when the
  // backend has none (test doubles).
  virtual correlation::CorrelationStore* correlation() { return nullptr; }
  // The retention repository (review tasks, legal holds, tombstones; migration 0003); nullptr
  // when the backend has none (test doubles).
  virtual retention::RetentionStore* retention() { return nullptr; }
  virtual std::string_view backend_name() const = 0;
  virtual Result<StoreStats> Stats() = 0;
  // Runs the backend's integrity check. Fails with kStorage describing the damage.
  virtual Status CheckIntegrity() = 0;
};

enum class OpenMode : std::uint8_t {
  kOpenExisting,     // fail with kNotFound if the node was never initialised
  kCreateIfMissing,  // `qccm init`
};

// Opens the store configured in `config` (data_dir for SQLite), applying pending schema
// migrations. Fails with kNotFound (no node there and kOpenExisting), kStorage, kIo,
// kUnsupported (the schema is newer than this binary), or kInvalidArgument (unknown backend).
Result<std::unique_ptr<Store>> OpenStore(const Config& config, OpenMode mode);
// As above, with `clock` as the source of date_added (tests use a FakeClock). `clock` must
// outlive the store.
Result<std::unique_ptr<Store>> OpenStore(const Config& config, OpenMode mode, Clock& clock);

}  // namespace qccm::store
