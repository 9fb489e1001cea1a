// Reading and writing the constant forms of STIX patterns (private to the pattern module):
// string escapes, numbers, base64 and hex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qccm::stix::pattern_internal {

// The value of a string literal's contents (between the quotes; escapes already validated).
std::string UnescapeString(std::string_view inner);

// Appends 'text' with ' and \ escaped.
void AppendQuoted(std::string& out, std::string_view text);

// [+-]?digits as int64; nullopt on overflow.
std::optional<std::int64_t> ParseInteger(std::string_view text);

// [+-]?digits.digits as double; nullopt if out of range.
std::optional<double> ParseFloat(std::string_view text);

// Appends the shortest decimal text that reads back as `value`, without an exponent. With
// `keep_point` the text always has a '.', so it reads back as a float, not an integer.
void AppendDouble(std::string& out, double value, bool keep_point);

// Decodes base64 as BinaryLiteral allows it (groups of 4 of [A-Za-z0-9+/], the last may end in
// '=' or '==', at least one group). On failure returns false with the offset in `inner` of the
// problem and a description.
bool DecodeBase64(std::string_view inner, std::string* bytes, std::size_t* bad_offset,
                  std::string* why);
void AppendBase64(std::string& out, std::string_view bytes);

// Decodes pairs of hex digits. On failure returns false with the offset and a description.
bool DecodeHex(std::string_view inner, std::string* bytes, std::size_t* bad_offset,
               std::string* why);
void AppendHex(std::string& out, std::string_view bytes);

}  // namespace qccm::stix::pattern_internal
