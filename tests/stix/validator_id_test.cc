// The validator's allocation-free identifier check must accept exactly what ParseStixId
// accepts (it replaces ParseStixId on the hot path; ParseStixId only explains failures).
#include <gtest/gtest.h>

#include <random>

#include "qccm/core/stix_id.h"
#include "stix/validator_checker.h"

namespace qccm::stix::internal {
namespace {

TEST(ValidatorIdTest, FastIdCheckAgreesWithParseStixIdOnMutations) {
  const std::string kValid[] = {"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                                "x-mitre-tactic--69da72d2-f550-41c5-ab9e-e8255707f28a",
                                "ipv4-addr--4A8E6B1C-1DA4-5B2E-9C7F-0E1D2C3B4A59",
                                "abc--00000000-0000-1000-8000-000000000000"};
  const std::string kAlphabet = "abcxyzABF0159-_ .\xc3";
  std::mt19937 random(7);
  std::size_t accepted = 0, checked = 0;
  for (const std::string& base : kValid) {
    for (int round = 0; round < 20000; ++round) {
      std::string id = base;
      int edits = 1 + static_cast<int>(random() % 3);
      for (int e = 0; e < edits; ++e) {
        std::size_t at = random() % (id.size() + 1);
        char c = kAlphabet[random() % kAlphabet.size()];
        switch (random() % 3) {
          case 0:
            if (at < id.size()) id[at] = c;
            break;
          case 1:
            id.insert(at, 1, c);
            break;
          default:
            if (at < id.size()) id.erase(at, 1);
            break;
        }
      }
      std::string_view type;
      bool fast = IsStixId(id, &type);
      auto slow = ParseStixId(id);
      ASSERT_EQ(fast, slow.has_value()) << id;
      if (fast) {
        EXPECT_EQ(type, slow->type);
        ++accepted;
      }
      ++checked;
    }
  }
  EXPECT_GT(accepted, 1000u);  // the mutations also hit valid ids, not only invalid ones
  for (const std::string& id : kValid) EXPECT_TRUE(IsStixId(id, nullptr)) << id;
  for (const std::string& id : {std::string("a--b--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
                                std::string("abc---8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"),
                                std::string(251, 'a') + "--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                                std::string("abc--8e2e2d2b-17d4-6cbf-938f-98ee46b3cd3f")}) {
    EXPECT_EQ(IsStixId(id, nullptr), ParseStixId(id).has_value()) << id;
  }
  EXPECT_TRUE(IsStixId(std::string(250, 'a') + "--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", nullptr));
}

}  // namespace
}  // namespace qccm::stix::internal
