// Small JSON text helpers for the TAXII writers: string literals that are always valid UTF-8
// JSON, whatever bytes a client sent, and TAXII timestamps.
#pragma once

#include <string>
#include <string_view>

#include "qccm/core/json_string.h"
#include "qccm/core/time.h"

namespace qccm::http::taxii {

// The one JSON string escaper (qccm/core/json_string.h), under the names the writers use.
using qccm::AppendJsonString;
using qccm::JsonString;

// A version (`modified`) as TAXII shows it: milliseconds unless the value has finer digits.
std::string VersionText(Timestamp version);

// A date_added as TAXII shows it: always microseconds, so that a client that passes it back as
// added_after gets exactly the objects after it.
std::string DateAddedText(Timestamp date_added);

}  // namespace qccm::http::taxii
