// Constant forms of STIX patterns. Base64 and hex are a few lines each and have pattern-specific
// rules (BinaryLiteral forbids whitespace and an empty value), so no library is used for them.
#include "stix/pattern/constants.h"

#include <charconv>
#include <system_error>

namespace qccm::stix::pattern_internal {
namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UnescapeString(std::string_view inner) {
  if (inner.find('\\') == std::string_view::npos) return std::string(inner);
  std::string out;
  out.reserve(inner.size());
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
    out.push_back(inner[i]);
  }
  return out;
}

void AppendQuoted(std::string& out, std::string_view text) {
  out.push_back('\'');
  for (char c : text) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseFloat(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

void AppendDouble(std::string& out, double value, bool keep_point) {
  // Shortest round-trip digits in fixed notation: at most 17 significant digits plus up to 324
  // zeros before or after them.
  char buf[512];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc()) end = buf;  // unreachable for finite doubles
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out.append(text);
  if (keep_point && text.find('.') == std::string_view::npos) out.append(".0");
}

bool DecodeBase64(std::string_view inner, std::string* bytes, std::size_t* bad_offset,
                  std::string* why) {
  bytes->clear();
  if (inner.empty()) {
    *bad_offset = 0;
    *why = "a binary constant needs at least one base64 group of 4 characters";
    return false;
  }
  if (inner.size() % 4 != 0) {
    *bad_offset = inner.size();
    *why = "base64 length must be a multiple of 4 (pad with '=')";
    return false;
  }
  bytes->reserve(inner.size() / 4 * 3);
  for (std::size_t group = 0; group < inner.size(); group += 4) {
    const bool last = group + 4 == inner.size();
    std::uint32_t bits = 0;
    int padding = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = inner[group + k];
      // '=' may only end the last group, as "xxx=" or "xx==".
      if (c == '=' && last && k >= 2 && (k == 3 || inner[group + 3] == '=')) {
        ++padding;
        bits <<= 6;
        continue;
      }
      const int v = Base64Value(c);
      if (v < 0 || padding > 0) {
        *bad_offset = group + k;
        *why = c == '=' ? "'=' padding may only end the base64 text" : "invalid base64 character";
        return false;
      }
      bits = (bits << 6) | static_cast<std::uint32_t>(v);
    }
    bytes->push_back(static_cast<char>((bits >> 16) & 0xFF));
    if (padding < 2) bytes->push_back(static_cast<char>((bits >> 8) & 0xFF));
    if (padding < 1) bytes->push_back(static_cast<char>(bits & 0xFF));
  }
  return true;
}

void AppendBase64(std::string& out, std::string_view bytes) {
  std::size_t i = 0;
  auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t bits = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int shift = 18; shift >= 0; shift -= 6)
      out.push_back(kBase64Alphabet[(bits >> shift) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return;
  std::uint32_t bits = byte(i) << 16;
  if (rest == 2) bits |= byte(i + 1) << 8;
  out.push_back(kBase64Alphabet[(bits >> 18) & 63]);
  out.push_back(kBase64Alphabet[(bits >> 12) & 63]);
  out.push_back(rest == 2 ? kBase64Alphabet[(bits >> 6) & 63] : '=');
  out.push_back('=');
}

bool DecodeHex(std::string_view inner, std::string* bytes, std::size_t* bad_offset,
               std::string* why) {
  bytes->clear();
  bytes->reserve(inner.size() / 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (HexValue(inner[i]) < 0) {
      *bad_offset = i;
      *why = "invalid hex digit";
      return false;
    }
  }
  if (inner.size() % 2 != 0) {
    *bad_offset = inner.size();
    *why = "a hex constant needs an even number of hex digits";
    return false;
  }
  for (std::size_t i = 0; i < inner.size(); i += 2) {
    bytes->push_back(static_cast<char>(HexValue(inner[i]) * 16 + HexValue(inner[i + 1])));
  }
  return true;
}

void AppendHex(std::string& out, std::string_view bytes) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
}

}  // namespace qccm::stix::pattern_internal
