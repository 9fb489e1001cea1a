// Building the SQL of object listings and deletes for one query shape, and running listings.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "qccm/store/object_store.h"
#include "store/sqlite/database.h"

namespace qccm::store::sqlite {

// SQL text with numbered parameters (?1, ?2, ...) and their values, bound in one go.
class SqlBuilder final {
 public:
  std::string sql;

  // Records a value and returns its placeholder ("?3"). Strings are bound without copying.
  std::string Param(std::int64_t value);
  std::string Param(std::string_view value);
  // Appends " AND <column> IN (...)" unless `values` is empty. The list is padded to a power
  // of two by repeating its last value, so prepared statements come in few shapes.
  void AndIn(std::string_view column, std::span<const std::string> values);
  void AndIn(std::string_view column, std::span<const Timestamp> values);
  void AndIn(std::string_view column, std::span<const std::int64_t> values);
  void Bind(Statement& statement) const;

 private:
  std::vector<std::variant<std::int64_t, std::string_view>> values_;
};

// The condition selecting `versions` ("" when every version is selected: all, or empty and
// `empty_means_all`). Without `all`, an empty filter selects the last version.
std::string VersionCondition(const VersionFilter& versions, bool empty_means_all,
                             SqlBuilder& builder);

// The condition for the versions `viewer` may see: not TLP:RED, or authored by or named to
// the viewer's member.
std::string VisibilityCondition(const Viewer& viewer, SqlBuilder& builder);

// Lists the versions of collection `ckey` matching `query` (see ObjectStore::ListObjects).
Result<ObjectPage> ListObjectVersions(Database& db, std::int64_t ckey, const ObjectQuery& query,
                                      const Viewer& viewer);

// The id_key of an object id (see migrations/0001_initial.sql): SipHash-2-4 with a fixed key,
// stable across versions of qccm because it is stored.
std::int64_t IdKey(std::string_view id);

// The key of a collection by its id, or nullopt if there is none.
Result<std::optional<std::int64_t>> FindCollectionKey(Database& db, std::string_view id);

}  // namespace qccm::store::sqlite
