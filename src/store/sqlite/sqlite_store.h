// The SQLite backend's entry point (private to src/store).
#pragma once

#include <memory>

#include "qccm/store/store.h"

namespace qccm::store::sqlite {

// Opens (or with kCreateIfMissing creates) <data_dir>/qccm.db in WAL mode and migrates it.
Result<std::unique_ptr<Store>> OpenSqliteStore(const Config& config, OpenMode mode);

}  // namespace qccm::store::sqlite
