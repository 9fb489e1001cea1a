// JSON string literals that are always valid UTF-8 JSON, whatever bytes they are given (a
// client's path, header or query may hold anything). One escaper for every JSON the node
// writes by hand: HTTP error bodies, TAXII resources.
#pragma once

#include <string>
#include <string_view>

namespace qccm {

// Appends `text` as a JSON string literal, quotes included (RFC 8259 escaping). Bytes that
// are not valid UTF-8 become U+FFFD, so the output is always valid JSON.
void AppendJsonString(std::string& out, std::string_view text);

// `text` as a JSON string literal, as AppendJsonString writes it.
std::string JsonString(std::string_view text);

}  // namespace qccm
