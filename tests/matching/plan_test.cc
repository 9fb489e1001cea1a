// PlanSimpleEquality (the bulk load's shortcut for [type:path = 'value']) agrees with parsing
// and PlanPattern, and declines everything it does not fully understand.
#include <gtest/gtest.h>

#include "matching/matcher_impl.h"
#include "qccm/stix/pattern.h"

namespace qccm::matching {
namespace {

// The anchors of a plan as comparable text: kind and "type=value" of every exact value.
std::string Describe(const CompilePlan& plan) {
  std::string out = plan.stream ? "stream;" : "";
  for (const PlannedTerm& term : plan.terms) {
    out += std::to_string(static_cast<int>(term.anchor.kind)) + ":";
    for (const auto& o : term.anchor.values) {
      out += std::string(correlation::ObservableTypeName(o.type)) + "=" + o.value + ",";
    }
    out += "residual" + std::to_string(term.residual.size()) + ";";
  }
  return out;
}

TEST(PlanSimpleEquality, AgreesWithTheParserWhereverItAnswers) {
  const char* kTaken[] = {
      "[ipv4-addr:value = '198.51.100.1']",
      "[ipv6-addr:value = '2001:DB8::1']",
      "[domain-name:value = 'EVIL.Example.']",
      "[domain-name:value = 'xn--bcher-kva.example']",
      "[url:value = 'HTTP://Evil.example:80/a/../b?q=%7e']",
      "[file:hashes.MD5 = '001DD76872D80801692FF942308C64E6']",
      "[file:hashes.'SHA-256' = "
      "'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
      "[email-addr:value = 'Someone@Example.com']",
      "[mutex:name = 'Global evil']",
      "[network-traffic:dst_ref.value = '203.0.113.5']",
  };
  for (const char* text : kTaken) {
    auto simple = PlanSimpleEquality(text);
    ASSERT_TRUE(simple.has_value()) << text;
    auto parsed = stix::ParsePattern(text);
    ASSERT_TRUE(parsed) << text;
    auto full = PlanPattern(*parsed);
    ASSERT_TRUE(full) << text;
    EXPECT_EQ(Describe(*simple), Describe(*full)) << text;
    EXPECT_EQ(simple->partial, full->partial) << text;
  }
}

TEST(PlanSimpleEquality, DeclinesAnythingElse) {
  const char* kDeclined[] = {
      "",
      "[",
      "[]",
      "[ipv4-addr:value = '10.0.0.0/8']",     // a range: the tries
      "[ipv4-addr:value = '010.0.0.1']",      // does not normalise: unsupported, says why
      "[file:hashes.MD5 = 'abc']",            // wrong length
      "[file:name = 'a.exe']",                // not an observable path
      "[ipv4-addr:value  = '198.51.100.1']",  // other spacing
      "[ipv4-addr:value = '198.51.100.1'] WITHIN 5 SECONDS",
      "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.2']",
      "[ipv4-addr:value != '198.51.100.1']",
      "[mutex:name = 'it\\'s']",  // escapes
      "[mutex:name = 'a\\\\b']",
      "[mutex:name = '\x01']",
      "[mutex:name = '\xc3\xa9']",  // non-ASCII
      "[mutex:name = '']",
      "[file:hashes.SHA-256 = 'aa']",  // unquoted key with '-'
      "[file:hashes.'' = 'aa']",
      "[Ipv4-addr:value = '198.51.100.1']",
      "[ipv4-addr:value = '198.51.100.1']]",
      "[ipv4-addr:value[0] = '198.51.100.1']",
      "[1pv4-addr:value = '198.51.100.1']",
  };
  for (const char* text : kDeclined) EXPECT_FALSE(PlanSimpleEquality(text).has_value()) << text;
}

}  // namespace
}  // namespace qccm::matching
