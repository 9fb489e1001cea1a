// The backends the store conformance suite runs on.
#include "store/sqlite/sqlite_store.h"
#include "store/store_conformance.h"

namespace qccm::store::testing {

std::vector<StoreBackend> ConformanceBackends() {
  StoreBackend sqlite{
      .name = "sqlite", .open = [](const std::string& place, OpenMode mode, Clock& clock) {
        Config config;
        config.data_dir = place;
        // Tests do not need power-loss durability; NORMAL keeps the suite quick.
        return sqlite::OpenSqliteStore(config, mode, {.clock = &clock, .synchronous = "NORMAL"});
      }};
  return {sqlite};
}

std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

}  // namespace qccm::store::testing
