// IP addresses and CIDR ranges in binary form, for the indexes that need bits rather than text
// (the matcher's prefix trie, range correlation).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qccm/core/result.h"

namespace qccm::correlation {

// An address (length 32 or 128) or a range. For IPv4 only bytes[0..3] are used.
struct IpPrefix {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  std::uint8_t length = 0;  // prefix length; 32 / 128 for a single address

  std::uint8_t max_length() const { return v6 ? 128 : 32; }
  // Bit `i` (0 = most significant bit of bytes[0]).
  bool Bit(std::size_t i) const { return (bytes[i / 8] >> (7 - i % 8)) & 1U; }
  bool operator==(const IpPrefix&) const = default;
};

// Parses an IPv4 or IPv6 address or CIDR range under the rules of observable.h (no leading
// zeros in IPv4 octets, no IPv6 zone ids, decimal prefix lengths). Host bits are zeroed.
// Fails with kInvalidInput saying what is wrong. Thread-safe.
Result<IpPrefix> ParseIpPrefix(std::string_view text);

// Canonical text: dotted quad / RFC 5952, with "/n" unless the prefix is a single address.
std::string FormatIpPrefix(const IpPrefix& prefix);

// True if `inner` lies within `outer` (same family, outer.length <= inner.length, equal bits up
// to outer.length).
bool PrefixContains(const IpPrefix& outer, const IpPrefix& inner);

}  // namespace qccm::correlation
