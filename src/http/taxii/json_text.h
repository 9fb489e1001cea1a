// Small JSON text helpers for the TAXII writers: string literals that are always valid UTF-8
// JSON, whatever bytes a client sent, and TAXII timestamps.
#pragma once

#include <string>
#include <string_view>

#include "qccm/core/time.h"

namespace qccm::http::taxii {

// Appends `text` as a JSON string literal (RFC 8259 escaping). Bytes that are not valid UTF-8
// (a client's path or header may hold anything) become U+FFFD, so the output is valid JSON.
void AppendJsonString(std::string& out, std::string_view text);

// `text` as a JSON string literal, as AppendJsonString writes it.
std::string JsonString(std::string_view text);

// A version (`modified`) as TAXII shows it: milliseconds unless the value has finer digits.
std::string VersionText(Timestamp version);

// A date_added as TAXII shows it: always microseconds, so that a client that passes it back as
// added_after gets exactly the objects after it.
std::string DateAddedText(Timestamp date_added);

}  // namespace qccm::http::taxii
