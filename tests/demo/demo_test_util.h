// Helpers for the demo tests: run the generator into memory, and the address/host rules the
// demo data must keep (documentation ranges and reserved names only).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "qccm/demo/generator.h"

namespace qccm::demo::testing {

struct Captured {
  std::string json;
  std::string type;
  std::string id;
  std::size_t collection = 0;
  std::size_t author = 0;
  bool reshare = false;
};

inline std::vector<Captured> GenerateAll(const GeneratorOptions& options,
                                         GeneratorStats* stats = nullptr) {
  std::vector<Captured> objects;
  auto result = Generate(options, [&](const GeneratedObject& o) -> Status {
    objects.push_back({std::string(o.json), std::string(o.type), std::string(o.id), o.collection,
                       o.author, o.reshare});
    return Ok();
  });
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().ToString());
  if (result && stats != nullptr) *stats = *result;
  return objects;
}

inline std::string Concatenated(const std::vector<Captured>& objects) {
  std::string text;
  for (const auto& o : objects) text += o.json + "\n";
  return text;
}

// RFC 5737 documentation networks.
inline bool IsDocumentationIpv4(std::string_view address) {
  return address.starts_with("192.0.2.") || address.starts_with("198.51.100.") ||
         address.starts_with("203.0.113.");
}

// RFC 3849 documentation prefix.
inline bool IsDocumentationIpv6(std::string_view address) {
  return address.starts_with("2001:db8:");
}

// RFC 2606 / RFC 6761 reserved names.
inline bool IsReservedHost(std::string_view host) {
  for (std::string_view suffix :
       {"example.com", "example.net", "example.org", "test", "example", "invalid"}) {
    if (host == suffix) return true;
    if (host.size() > suffix.size() && host.ends_with(suffix) &&
        host[host.size() - suffix.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace qccm::demo::testing
