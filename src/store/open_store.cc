// Chooses the backend named in the config.
#include "qccm/store/store.h"
#include "store/sqlite/sqlite_store.h"

namespace qccm::store {
namespace {

Result<std::unique_ptr<Store>> Open(const Config& config, OpenMode mode, Clock* clock) {
  if (config.store.backend == "sqlite") {
    return sqlite::OpenSqliteStore(config, mode, {.clock = clock});
  }
  if (config.store.backend == "postgres") {
    return MakeError(ErrorCode::kUnsupported, "the PostgreSQL backend is not built yet");
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown store backend '" + config.store.backend + "' (sqlite or postgres)");
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const Config& config, OpenMode mode) {
  return Open(config, mode, nullptr);
}

Result<std::unique_ptr<Store>> OpenStore(const Config& config, OpenMode mode, Clock& clock) {
  return Open(config, mode, &clock);
}

}  // namespace qccm::store
