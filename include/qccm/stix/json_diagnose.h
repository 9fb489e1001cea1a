// Finds where and why JSON text is malformed, for error messages. simdjson says only *that* a
// document is bad; this scalar scanner (run only after simdjson has failed) says where.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace qccm::stix {

struct JsonSyntaxError {
  std::size_t offset = 0;  // byte offset of the problem
  std::string message;     // e.g. "expected a property name in double quotes, found '}'"
};

// Returns the first syntax error in `text` (RFC 8259, one top-level value, at most
// `max_depth` nesting levels), or std::nullopt if the text is well-formed JSON.
std::optional<JsonSyntaxError> DiagnoseJson(std::string_view text, std::size_t max_depth = 1024);

}  // namespace qccm::stix
