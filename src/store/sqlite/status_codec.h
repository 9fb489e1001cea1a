// Status record entry lists as compact JSON text (one column per list):
// [["<id>","<version>","<message>"],...].
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qccm/core/result.h"
#include "qccm/store/object_store.h"

namespace qccm::store::sqlite {

std::string EncodeStatusEntries(const std::vector<StatusEntry>& entries);

// Fails with kStorage if the text is not what EncodeStatusEntries writes.
Result<std::vector<StatusEntry>> DecodeStatusEntries(std::string_view text);

}  // namespace qccm::store::sqlite
