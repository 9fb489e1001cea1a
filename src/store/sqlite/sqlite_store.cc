// PLACEHOLDER: the SQLite backend is being written.
#include "store/sqlite/sqlite_store.h"

namespace qccm::store::sqlite {

Result<std::unique_ptr<Store>> OpenSqliteStore(const Config&, OpenMode) {
  return MakeError(ErrorCode::kUnsupported, "not yet");
}

}  // namespace qccm::store::sqlite
