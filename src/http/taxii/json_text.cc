// Timestamp texts as TAXII shows them.
#include "http/taxii/json_text.h"

namespace qccm::http::taxii {

std::string VersionText(Timestamp version) {
  return FormatTimestamp(
      version, version.micros % 1000 == 0 ? TimePrecision::kMillis : TimePrecision::kMicros);
}

std::string DateAddedText(Timestamp date_added) {
  return FormatTimestamp(date_added, TimePrecision::kMicros);
}

}  // namespace qccm::http::taxii
