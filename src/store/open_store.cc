// Chooses the backend named in the config.
#include "qccm/store/store.h"
#include "store/sqlite/sqlite_store.h"

namespace qccm::store {

Result<std::unique_ptr<Store>> OpenStore(const Config& config, OpenMode mode) {
  if (config.store.backend == "sqlite") return sqlite::OpenSqliteStore(config, mode);
  if (config.store.backend == "postgres") {
    return MakeError(ErrorCode::kUnsupported, "the PostgreSQL backend is not built yet");
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "unknown store backend '" + config.store.backend + "' (sqlite or postgres)");
}

}  // namespace qccm::store
