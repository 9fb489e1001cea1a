// IPv4/IPv6 addresses and CIDR ranges: strict parsing and canonical text (RFC 5952).
// Hand-written rather than inet_pton/inet_ntop: glibc's inet_pton accepts what we must reject
// or report precisely (leading zeros), and inet_ntop's output is not pinned to RFC 5952 on
// every libc; the whole thing is small and fuzzed (fuzz/observable_fuzz.cc).
#include "qccm/correlation/observable_ip.h"

#include <arpa/inet.h>

#include "correlation/observable_internal.h"

namespace qccm::correlation {
namespace {

Error Bad(std::string message) { return Error{ErrorCode::kInvalidInput, std::move(message), {}}; }

std::string Quote(std::string_view text) { return QuoteForMessage(text); }

// Parses a dotted quad. Returns false and sets *error on failure.
bool ParseIpv4Bytes(std::string_view text, std::uint8_t* bytes, std::string* error) {
  std::size_t part = 0, pos = 0;
  while (true) {
    std::size_t start = pos;
    unsigned value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 4) {
      value = value * 10 + static_cast<unsigned>(text[pos] - '0');
      ++pos;
    }
    std::size_t digits = pos - start;
    if (digits == 0 || digits > 3) {
      *error = "IPv4 address " + Quote(text) + " must be four decimal octets";
      return false;
    }
    if (digits > 1 && text[start] == '0') {
      *error = "leading zero in IPv4 octet " + Quote(text.substr(start, digits)) +
               " (octal or decimal is ambiguous)";
      return false;
    }
    if (value > 255) {
      *error = "IPv4 octet " + Quote(text.substr(start, digits)) + " is above 255";
      return false;
    }
    bytes[part++] = static_cast<std::uint8_t>(value);
    if (part == 4) break;
    if (pos >= text.size() || text[pos] != '.') {
      *error = "IPv4 address " + Quote(text) + " must be four decimal octets";
      return false;
    }
    ++pos;
  }
  if (pos != text.size()) {
    *error = "IPv4 address " + Quote(text) + " must be four decimal octets";
    return false;
  }
  return true;
}

bool ParseIpv6Bytes(std::string_view text, std::uint8_t* bytes, std::string* error) {
  if (text.find('%') != std::string_view::npos) {
    *error = "IPv6 zone id not allowed in " + Quote(text) + " (a zone is local to one host)";
    return false;
  }
  if (text.size() > 45) {
    *error = "IPv6 address " + Quote(text) + " is too long";
    return false;
  }
  char buffer[64];
  text.copy(buffer, text.size());
  buffer[text.size()] = '\0';
  if (inet_pton(AF_INET6, buffer, bytes) != 1) {
    *error = "invalid IPv6 address " + Quote(text);
    return false;
  }
  return true;
}

bool ParseLength(std::string_view text, unsigned max, unsigned* length, std::string* error) {
  if (text.empty() || text.size() > 3 || (text.size() > 1 && text[0] == '0')) {
    *error = "CIDR prefix length " + Quote(text) + " must be decimal without leading zeros";
    return false;
  }
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      *error = "CIDR prefix length " + Quote(text) + " must be decimal";
      return false;
    }
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > max) {
    *error = "CIDR prefix length /" + std::string(text) + " is above /" + std::to_string(max);
    return false;
  }
  *length = value;
  return true;
}

void ZeroHostBits(IpPrefix& prefix) {
  std::size_t total = prefix.v6 ? 16 : 4;
  for (std::size_t i = 0; i < total; ++i) {
    std::size_t first_bit = i * 8;
    if (first_bit >= prefix.length) {
      prefix.bytes[i] = 0;
    } else if (first_bit + 8 > prefix.length) {
      unsigned keep = prefix.length - static_cast<unsigned>(first_bit);
      prefix.bytes[i] = static_cast<std::uint8_t>(prefix.bytes[i] & (0xFFU << (8 - keep)));
    }
  }
}

void AppendIpv4(const std::uint8_t* b, std::string& out) {
  for (int i = 0; i < 4; ++i) {
    if (i > 0) out += '.';
    unsigned v = b[i];
    if (v >= 100) out += static_cast<char>('0' + v / 100);
    if (v >= 10) out += static_cast<char>('0' + v / 10 % 10);
    out += static_cast<char>('0' + v % 10);
  }
}

// RFC 5952 §4: lower-case hex without leading zeros, the longest run (two or more) of zero
// fields compressed (the first on a tie), §5: IPv4-mapped and -compatible in dotted form.
void AppendIpv6(const std::uint8_t* b, std::string& out) {
  std::uint16_t fields[8];
  for (int i = 0; i < 8; ++i) {
    fields[i] = static_cast<std::uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  }
  bool zero_prefix =
      fields[0] == 0 && fields[1] == 0 && fields[2] == 0 && fields[3] == 0 && fields[4] == 0;
  if (zero_prefix && fields[5] == 0xFFFF) {
    out += "::ffff:";
    AppendIpv4(b + 12, out);
    return;
  }
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (fields[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && fields[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best_start = -1;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (i > 0 && i != best_start + best_len) out += ':';
    unsigned v = fields[i];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned digit = (v >> shift) & 0xF;
      if (digit != 0 || started || shift == 0) {
        out += kHex[digit];
        started = true;
      }
    }
  }
}

}  // namespace

bool ParseIpInto(std::string_view text, bool want_v6, IpPrefix& prefix, std::string* error) {
  std::string_view address = text;
  std::string_view length_text;
  bool has_length = false;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    address = text.substr(0, slash);
    length_text = text.substr(slash + 1);
    has_length = true;
  }
  prefix = IpPrefix{};
  prefix.v6 = want_v6;
  bool ok = want_v6 ? ParseIpv6Bytes(address, prefix.bytes.data(), error)
                    : ParseIpv4Bytes(address, prefix.bytes.data(), error);
  if (!ok) return false;
  unsigned length = prefix.max_length();
  if (has_length && !ParseLength(length_text, prefix.max_length(), &length, error)) return false;
  prefix.length = static_cast<std::uint8_t>(length);
  ZeroHostBits(prefix);
  return true;
}

void AppendIpPrefix(const IpPrefix& prefix, std::string& out) {
  if (prefix.v6) {
    AppendIpv6(prefix.bytes.data(), out);
  } else {
    AppendIpv4(prefix.bytes.data(), out);
  }
  if (prefix.length != prefix.max_length()) {
    out += '/';
    out += std::to_string(prefix.length);
  }
}

Result<IpPrefix> ParseIpPrefix(std::string_view text) {
  text = TrimAscii(text);
  bool v6 = text.find(':') != std::string_view::npos;
  IpPrefix prefix;
  std::string error;
  if (!ParseIpInto(text, v6, prefix, &error)) return std::unexpected(Bad(std::move(error)));
  return prefix;
}

std::string FormatIpPrefix(const IpPrefix& prefix) {
  std::string out;
  AppendIpPrefix(prefix, out);
  return out;
}

bool PrefixContains(const IpPrefix& outer, const IpPrefix& inner) {
  if (outer.v6 != inner.v6 || outer.length > inner.length) return false;
  for (std::size_t i = 0; i < outer.length; ++i) {
    if (outer.Bit(i) != inner.Bit(i)) return false;
  }
  return true;
}

}  // namespace qccm::correlation
