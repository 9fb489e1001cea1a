// The exclusion list of the correlation index.
#include "qccm/correlation/exclusions.h"

#include <array>
#include <charconv>
#include <unordered_map>

namespace qccm::correlation {
namespace {

std::string Key(const Observable& o) {
  std::string key(1, static_cast<char>(o.type));
  key += o.value;
  return key;
}

// Parses canonical dotted-quad text (optionally "/n"); false if it is not one.
bool ParseIpv4(std::string_view text, std::uint32_t& address, int& prefix) {
  prefix = 32;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    auto [p, ec] = std::from_chars(text.data() + slash + 1, text.data() + text.size(), prefix);
    if (ec != std::errc() || p != text.data() + text.size()) return false;
    text = text.substr(0, slash);
  }
  address = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 4; ++i) {
    unsigned octet = 0;
    auto [next, ec] = std::from_chars(p, end, octet);
    if (ec != std::errc() || octet > 255) return false;
    address = (address << 8) | octet;
    p = next;
    if (i < 3) {
      if (p == end || *p != '.') return false;
      ++p;
    }
  }
  return p == end;
}

// Popular domains whose appearance in two reports says nothing about a shared threat.
constexpr std::array<const char*, 24> kPopularDomains = {
    "google.com",        "www.google.com",    "microsoft.com",
    "www.microsoft.com", "windowsupdate.com", "apple.com",
    "icloud.com",        "amazon.com",        "amazonaws.com",
    "facebook.com",      "www.facebook.com",  "youtube.com",
    "www.youtube.com",   "twitter.com",       "x.com",
    "linkedin.com",      "github.com",        "cloudflare.com",
    "akamai.net",        "office.com",        "live.com",
    "outlook.com",       "wikipedia.org",     "localhost"};

}  // namespace

Exclusions Exclusions::Default() {
  Exclusions e;
  // RFC 6890 special-purpose IPv4 ranges that never identify a host on the Internet.
  const std::array<std::pair<const char*, const char*>, 11> ranges = {{
      {"0.0.0.0/8", "'this network' range 0.0.0.0/8"},
      {"10.0.0.0/8", "private address range 10.0.0.0/8"},
      {"100.64.0.0/10", "shared address space 100.64.0.0/10"},
      {"127.0.0.0/8", "loopback range 127.0.0.0/8"},
      {"169.254.0.0/16", "link-local range 169.254.0.0/16"},
      {"172.16.0.0/12", "private address range 172.16.0.0/12"},
      {"192.0.2.0/24", "documentation range 192.0.2.0/24"},
      {"192.168.0.0/16", "private address range 192.168.0.0/16"},
      {"198.18.0.0/15", "benchmarking range 198.18.0.0/15"},
      {"224.0.0.0/4", "multicast range 224.0.0.0/4"},
      {"240.0.0.0/4", "reserved range 240.0.0.0/4"},
  }};
  for (const auto& [text, name] : ranges) {
    std::uint32_t network = 0;
    int prefix = 0;
    ParseIpv4(text, network, prefix);
    e.ranges4_.push_back({network, prefix, name});
  }
  e.special_ipv6_ = true;
  for (const char* domain : kPopularDomains) {
    e.AddValue({ObservableType::kDomain, domain}, "popular domain");
  }
  e.AddValue({ObservableType::kMd5, "d41d8cd98f00b204e9800998ecf8427e"}, "hash of the empty file");
  e.AddValue({ObservableType::kSha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
             "hash of the empty file");
  e.AddValue(
      {ObservableType::kSha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      "hash of the empty file");
  e.AddValue(
      {ObservableType::kSha512,
       "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2"
       "877eec2f63b931bd47417a81a538327af927da3e"},
      "hash of the empty file");
  return e;
}

void Exclusions::AddValue(const Observable& observable, std::string reason) {
  values_[Key(observable)] = std::move(reason);
}

std::string Exclusions::ReasonFor(const Observable& observable) const {
  if (!values_.empty()) {
    if (auto it = values_.find(Key(observable)); it != values_.end()) return it->second;
  }
  if (observable.type == ObservableType::kIpv4 || observable.type == ObservableType::kIpv4Cidr) {
    std::uint32_t address = 0;
    int prefix = 0;
    if (!ParseIpv4(observable.value, address, prefix)) return {};
    for (const Range4& r : ranges4_) {
      // A range is excluded only when it lies wholly inside a special range.
      if (prefix < r.prefix) continue;
      std::uint32_t mask = r.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - r.prefix);
      if ((address & mask) == r.network) return r.name;
    }
    if (address == 0xffffffffU) return "broadcast address";
    return {};
  }
  if (special_ipv6_ &&
      (observable.type == ObservableType::kIpv6 || observable.type == ObservableType::kIpv6Cidr)) {
    std::string_view v = observable.value;
    if (v == "::" || v == "::1") return "unspecified or loopback IPv6 address";
    auto starts = [&](std::string_view p) { return v.substr(0, p.size()) == p; };
    // Canonical (RFC 5952) text is lower case: fc/fd = unique local, fe8-feb = link-local,
    // ff = multicast. A first group shorter than 4 digits cannot be in these ranges.
    std::string_view first = v.substr(0, v.find(':'));
    if (first.size() == 4) {
      if (starts("fc") || starts("fd")) return "unique local IPv6 range fc00::/7";
      if (starts("fe8") || starts("fe9") || starts("fea") || starts("feb")) {
        return "link-local IPv6 range fe80::/10";
      }
      if (starts("ff")) return "multicast IPv6 range ff00::/8";
    }
  }
  return {};
}

}  // namespace qccm::correlation
