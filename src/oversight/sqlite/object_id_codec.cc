// Compact storage of audit records' object ids (see object_id_codec.h).
#include "oversight/sqlite/object_id_codec.h"

#include <array>
#include <cstdint>

namespace qccm::oversight {
namespace {

constexpr unsigned char kCompactFormat = 0x01;
constexpr unsigned char kTextEntry = 0x00;
constexpr std::size_t kUuidText = 36;  // 8-4-4-4-12 hex digits

// The STIX 2.1 object types, by stored code (index + 1). Stored data depends on this order:
// append new types at the end, never reorder or remove.
constexpr std::array<std::string_view, 45> kTypes = {"indicator",
                                                     "malware",
                                                     "attack-pattern",
                                                     "campaign",
                                                     "course-of-action",
                                                     "grouping",
                                                     "identity",
                                                     "incident",
                                                     "infrastructure",
                                                     "intrusion-set",
                                                     "location",
                                                     "malware-analysis",
                                                     "note",
                                                     "observed-data",
                                                     "opinion",
                                                     "report",
                                                     "threat-actor",
                                                     "tool",
                                                     "vulnerability",
                                                     "relationship",
                                                     "sighting",
                                                     "marking-definition",
                                                     "language-content",
                                                     "extension-definition",
                                                     "bundle",
                                                     "artifact",
                                                     "autonomous-system",
                                                     "directory",
                                                     "domain-name",
                                                     "email-addr",
                                                     "email-message",
                                                     "file",
                                                     "ipv4-addr",
                                                     "ipv6-addr",
                                                     "mac-addr",
                                                     "mutex",
                                                     "network-traffic",
                                                     "process",
                                                     "software",
                                                     "url",
                                                     "user-account",
                                                     "windows-registry-key",
                                                     "x509-certificate",
                                                     "x-mitre-tactic",
                                                     "x-mitre-matrix"};

// Hex digit values, -1 for anything else (upper case too: the text must come back byte for
// byte). A table: this runs for every id of every page's record.
constexpr std::array<signed char, 256> kHexValue = [] {
  std::array<signed char, 256> table{};
  table.fill(-1);
  for (int c = '0'; c <= '9'; ++c)
    table[static_cast<std::size_t>(c)] = static_cast<signed char>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c)
    table[static_cast<std::size_t>(c)] = static_cast<signed char>(c - 'a' + 10);
  return table;
}();

// The type's code, or 0.
unsigned TypeCode(std::string_view type) {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i] == type) return static_cast<unsigned>(i + 1);
  }
  return 0;
}

// Parses a lowercase 8-4-4-4-12 UUID into 16 bytes.
bool ParseUuid(std::string_view text, unsigned char* out) {
  if (text.size() != kUuidText || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return false;
  }
  // The offsets of the 16 hex pairs.
  static constexpr std::array<unsigned char, 16> kPairs = {0,  2,  4,  6,  9,  11, 14, 16,
                                                           19, 21, 24, 26, 28, 30, 32, 34};
  int bad = 0;
  for (std::size_t k = 0; k < 16; ++k) {
    const int hi = kHexValue[static_cast<unsigned char>(text[kPairs[k]])];
    const int lo = kHexValue[static_cast<unsigned char>(text[kPairs[k] + 1U])];
    bad |= hi | lo;
    out[k] = static_cast<unsigned char>((hi << 4) | (lo & 15));
  }
  return bad >= 0;
}

void AppendUuid(const unsigned char* bytes, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t k = 0; k < 16; ++k) {
    if (k == 4 || k == 6 || k == 8 || k == 10) out.push_back('-');
    out.push_back(kHex[bytes[k] >> 4U]);
    out.push_back(kHex[bytes[k] & 15U]);
  }
}

bool ReadLength(std::span<const unsigned char> in, std::size_t& pos, std::size_t& length) {
  length = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (pos >= in.size()) return false;
    const unsigned char b = in[pos++];
    length |= static_cast<std::size_t>(b & 0x7FU) << shift;
    if ((b & 0x80U) == 0) return true;
  }
  return false;
}

}  // namespace

void EncodeObjectId(std::string_view id, std::string& out) {
  // A STIX id ends in "--" and the 36-character UUID.
  if (id.size() > kUuidText + 2 && id[id.size() - kUuidText - 1] == '-' &&
      id[id.size() - kUuidText - 2] == '-') {
    std::array<unsigned char, 17> entry{};
    const unsigned code = TypeCode(id.substr(0, id.size() - kUuidText - 2));
    if (code != 0 && ParseUuid(id.substr(id.size() - kUuidText), entry.data() + 1)) {
      entry[0] = static_cast<unsigned char>(code);
      out.append(reinterpret_cast<const char*>(entry.data()), entry.size());
      return;
    }
  }
  out.push_back(static_cast<char>(kTextEntry));
  for (std::size_t n = id.size();; n >>= 7U) {
    const auto low = static_cast<unsigned char>(n & 0x7FU);
    if (n < 0x80) {
      out.push_back(static_cast<char>(low));
      break;
    }
    out.push_back(static_cast<char>(low | 0x80U));
  }
  out.append(id);
}

void EncodeObjectIds(const std::vector<std::string>& ids, std::string& out) {
  out.clear();
  if (ids.empty()) return;
  out.reserve(1 + ids.size() * 17);
  out.push_back(static_cast<char>(kCompactFormat));
  for (const std::string& id : ids) EncodeObjectId(id, out);
}

bool DecodeObjectIds(std::span<const unsigned char> stored, std::vector<std::string>& out) {
  std::size_t n = 0;
  auto next = [&]() -> std::string& {
    if (n == out.size()) out.emplace_back();
    std::string& s = out[n++];
    s.clear();
    return s;
  };
  if (!stored.empty() && stored[0] != kCompactFormat) {
    // Written before the compact form: the ids joined by '\n'.
    std::string_view text(reinterpret_cast<const char*>(stored.data()), stored.size());
    for (std::size_t start = 0;;) {
      const std::size_t nl = text.find('\n', start);
      next().assign(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    out.resize(n);
    return true;
  }
  for (std::size_t pos = 1; pos < stored.size();) {
    const unsigned code = stored[pos++];
    std::string& id = next();
    if (code == kTextEntry) {
      std::size_t length = 0;
      if (!ReadLength(stored, pos, length) || length == 0 || length > stored.size() - pos) {
        return false;
      }
      id.assign(reinterpret_cast<const char*>(stored.data() + pos), length);
      pos += length;
      continue;
    }
    if (code > kTypes.size() || stored.size() - pos < 16) return false;
    id.reserve(kTypes[code - 1].size() + 2 + kUuidText);
    id.append(kTypes[code - 1]);
    id.append("--");
    AppendUuid(stored.data() + pos, id);
    pos += 16;
  }
  out.resize(n);
  return true;
}

}  // namespace qccm::oversight
