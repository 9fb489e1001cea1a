// Values too common to mean anything, kept out of the correlation index: private, loopback,
// link-local, multicast and other special-purpose address ranges, a list of very popular
// domains, and the hashes of the empty file. Exclusion depends on the value alone, never on who
// holds it, so it reveals nothing about other members' data.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "qccm/correlation/observable.h"

namespace qccm::correlation {

// Immutable after construction; thread-safe to share.
class Exclusions final {
 public:
  // The built-in list (docs/correlation.md lists it).
  static Exclusions Default();
  // Nothing excluded.
  static Exclusions None() { return Exclusions(); }

  // Adds an exact value (canonical, as Normalize gives it).
  void AddValue(const Observable& observable, std::string reason);

  // Why `observable` is excluded ("private address range 10.0.0.0/8", "popular domain",
  // "hash of the empty file"), or "" when it is not.
  std::string ReasonFor(const Observable& observable) const;

 private:
  struct Range4 {
    std::uint32_t network = 0;
    int prefix = 0;
    const char* name = "";
  };
  std::vector<Range4> ranges4_;
  bool special_ipv6_ = false;                            // ::, ::1, fc00::/7, fe80::/10, ff00::/8
  std::unordered_map<std::string, std::string> values_;  // type byte + value -> reason
};

}  // namespace qccm::correlation
