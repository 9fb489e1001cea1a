// DetectCanonical: type detection plus "already canonical?" in one pass over the bytes, for
// the hot path of one-value-per-line input (`qccm match`, POST /api/v1/match). The common
// shapes (dotted quad, lower-case hex hash, lower-case ASCII domain, canonical http(s) URL)
// are decided here from a table of character classes; everything else goes to DetectType.
// The shape rules below follow DetectType's order (observable_detect.cc) and the normalisers'
// acceptance rules; tests/correlation/observable_fast_test.cc checks both over many inputs.
#include <array>

#include "correlation/observable_internal.h"
#include "qccm/correlation/observable.h"

namespace qccm::correlation {
namespace {

enum : std::uint16_t {
  kDigit = 1 << 0,
  kLowerHex = 1 << 1,   // a-f
  kLowerRest = 1 << 2,  // g-z
  kUpper = 1 << 3,      // A-Z
  kDot = 1 << 4,
  kDashUnderscore = 1 << 5,
  kColon = 1 << 6,
  kSlash = 1 << 7,
  kOther = 1 << 8,  // anything else: white space, controls, punctuation, non-ASCII
};

constexpr std::array<std::uint16_t, 256> MakeClasses() {
  std::array<std::uint16_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    std::uint16_t k = kOther;
    if (c >= '0' && c <= '9') k = kDigit;
    if (c >= 'a' && c <= 'f') k = kLowerHex;
    if (c >= 'g' && c <= 'z') k = kLowerRest;
    if (c >= 'A' && c <= 'Z') k = kUpper;
    if (c == '.') k = kDot;
    if (c == '-' || c == '_') k = kDashUnderscore;
    if (c == ':') k = kColon;
    if (c == '/') k = kSlash;
    table[static_cast<std::size_t>(c)] = k;
  }
  return table;
}

constexpr std::array<std::uint16_t, 256> kClasses = MakeClasses();

// A dotted quad as Normalize accepts it: four decimal octets of 1-3 digits, no leading zero,
// at most 255. Its canonical text is then the input itself.
bool IsCanonicalIpv4(std::string_view text) {
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    std::size_t start = i;
    unsigned value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 4) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    std::size_t digits = i - start;
    if (digits == 0 || digits > 3 || (digits > 1 && text[start] == '0') || value > 255) {
      return false;
    }
  }
  return i == text.size();
}

// A lower-case ASCII domain that NormalizeDomainAppend returns unchanged: labels of 1-63
// bytes, at most 253 in all, no trailing dot, a top label that is not all digits, and no
// punycode label (those take the IDNA round trip).
bool IsCanonicalAsciiDomain(std::string_view text) {
  if (text.size() > 253) return false;
  std::size_t label = 0;
  bool numeric = true;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      std::size_t length = i - label;
      if (length == 0 || length > 63) return false;
      if (length >= 4 && text.substr(label, 4) == "xn--") return false;
      if (i < text.size()) numeric = true;
      label = i + 1;
      continue;
    }
    numeric = numeric && text[i] >= '0' && text[i] <= '9';
  }
  return !numeric;
}

}  // namespace

DetectedValue DetectCanonical(std::string_view raw) {
  // "http://" and "https://" are a valid scheme before the first "://": DetectType's URL rule,
  // which comes first.
  if (raw.starts_with("http://") || raw.starts_with("https://")) {
    return {ObservableType::kUrl, UrlIsCanonicalFast(raw)};
  }
  std::uint16_t any = 0;
  std::size_t dots = 0;
  for (char c : raw) {
    std::uint16_t k = kClasses[static_cast<unsigned char>(c)];
    any |= k;
    dots += k == kDot ? 1 : 0;
  }
  if (raw.empty() || (any & kOther) != 0) return {DetectType(raw), false};
  // Digits and dots: DetectType's IPv4 shape (nothing earlier claims it: no "://", not hex).
  if ((any & ~(kDigit | kDot)) == 0 && dots > 0) {
    return {ObservableType::kIpv4, IsCanonicalIpv4(raw)};
  }
  // Lower-case hex of a hash length (no dot, so not a domain or an address).
  if ((any & ~(kDigit | kLowerHex)) == 0) {
    switch (raw.size()) {
      case 32:
        return {ObservableType::kMd5, true};
      case 40:
        return {ObservableType::kSha1, true};
      case 64:
        return {ObservableType::kSha256, true};
      case 128:
        return {ObservableType::kSha512, true};
      default:
        return {DetectType(raw), false};
    }
  }
  // Lower-case letters, digits, '-', '_' and dots, not digits and dots only: no rule before
  // DetectType's domain shape matches (no ':', '@' or '+'; a dot rules out hashes, tlsh and
  // wallets), so a domain.
  if ((any & ~(kDigit | kLowerHex | kLowerRest | kDashUnderscore | kDot)) == 0 && dots > 0) {
    return {ObservableType::kDomain, IsCanonicalAsciiDomain(raw)};
  }
  return {DetectType(raw), false};
}

}  // namespace qccm::correlation
