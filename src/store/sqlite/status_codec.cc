// Status entry lists to and from JSON text, with Boost.JSON (its error_code API: nothing throws
// past this file but std::bad_alloc).
#include "store/sqlite/status_codec.h"

#include <boost/json.hpp>

namespace qccm::store::sqlite {

std::string EncodeStatusEntries(const std::vector<StatusEntry>& entries) {
  boost::json::array list;
  list.reserve(entries.size());
  for (const StatusEntry& entry : entries) {
    list.emplace_back(boost::json::array{boost::json::string_view(entry.id),
                                         boost::json::string_view(entry.version),
                                         boost::json::string_view(entry.message)});
  }
  return boost::json::serialize(list);
}

Result<std::vector<StatusEntry>> DecodeStatusEntries(std::string_view text) {
  auto corrupt = [] {
    return MakeError(ErrorCode::kStorage, "a stored status entry list is not valid JSON");
  };
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  const boost::json::array* list = ec ? nullptr : value.if_array();
  if (list == nullptr) return corrupt();
  std::vector<StatusEntry> entries;
  entries.reserve(list->size());
  for (const boost::json::value& item : *list) {
    const boost::json::array* fields = item.if_array();
    if (fields == nullptr || fields->size() != 3) return corrupt();
    const boost::json::string* id = (*fields)[0].if_string();
    const boost::json::string* version = (*fields)[1].if_string();
    const boost::json::string* message = (*fields)[2].if_string();
    if (id == nullptr || version == nullptr || message == nullptr) return corrupt();
    entries.push_back({std::string(*id), std::string(*version), std::string(*message)});
  }
  return entries;
}

}  // namespace qccm::store::sqlite
