// Random damage to valid objects: the validator never crashes, every finding has a place and a
// message, and facts come back exactly when no error was found.
#include <gtest/gtest.h>

#include <random>

#include "qccm/stix/validator.h"
#include "stix/validator_test_util.h"

namespace qccm::stix {
namespace {

TEST(ValidatorRobustnessTest, RandomlyDamagedObjectsGiveConsistentFindings) {
  const std::string kTokens[] = {"{",       "}",    "[",      "]",     ",",  ":",
                                 "\"",      "null", "true",   "1e999", "-0", "\"x_a\":1,",
                                 "\\u0000", "\xff", "\"--\"", "[[[[",  "{}"};
  std::mt19937 random(12345);
  Validator validator;
  std::size_t valid = 0, invalid = 0;
  for (const std::string& line : vtest::FixtureLines("rich.ndjson")) {
    for (int round = 0; round < 300; ++round) {
      std::string text = line;
      int edits = 1 + static_cast<int>(random() % 4);
      for (int e = 0; e < edits; ++e) {
        std::size_t at = random() % (text.size() + 1);
        switch (random() % 4) {
          case 0:
            text.insert(at, kTokens[random() % std::size(kTokens)]);
            break;
          case 1:
            text.erase(at, random() % 12);
            break;
          case 2:
            if (at < text.size()) text[at] = static_cast<char>(random() % 128);
            break;
          default:
            text.resize(at);
            break;
        }
      }
      std::vector<Finding> findings;
      auto facts = validator.Validate(text, findings);
      std::size_t errors = 0;
      for (const Finding& f : findings) {
        errors += f.severity == Severity::kError;
        ASSERT_FALSE(f.error.message.empty()) << text;
        ASSERT_TRUE(f.error.where.json_path.starts_with("$")) << text;
        ASSERT_EQ(f.error.code, ErrorCode::kInvalidInput);
      }
      ASSERT_EQ(facts.has_value(), errors == 0) << text << "\n" << vtest::DumpFindings(findings);
      (facts ? valid : invalid)++;
    }
  }
  EXPECT_GT(invalid, 5000u);
  EXPECT_GT(valid, 50u);  // some damage (e.g. to a description) leaves the object valid
}

}  // namespace
}  // namespace qccm::stix
