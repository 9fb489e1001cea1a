// Data minimisation: custom properties naming special categories of personal data (GDPR art. 9,
// LED art. 10) are refused wherever they appear, with the property and its JSON path; standard
// STIX properties and innocent custom names are not.
#include <gtest/gtest.h>

#include <string>

#include "qccm/stix/special_categories.h"
#include "qccm/stix/validator.h"
#include "stix/validator_test_util.h"

namespace qccm::stix {
namespace {

using vtest::Check;
using vtest::Outcome;

constexpr std::string_view kIdentityHead =
    R"({"type":"identity","spec_version":"2.1","id":"identity--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585",)"
    R"("created":"2024-01-15T10:00:00.000Z","modified":"2024-01-15T10:00:00.000Z",)"
    R"("name":"A person","identity_class":"individual")";

std::string Identity(std::string_view extra) {
  return std::string(kIdentityHead) + "," + std::string(extra) + "}";
}

void ExpectRefused(const std::string& json, const std::string& path, const std::string& name) {
  Outcome outcome = Check(json);
  EXPECT_FALSE(outcome.facts) << json;
  EXPECT_TRUE(outcome.HasError(path, "'" + name + "' records")) << outcome.Dump();
  EXPECT_TRUE(outcome.HasError(path, "special category of personal data")) << outcome.Dump();
}

TEST(SpecialCategoriesTest, MatchesStemsOnNameTokensCaseInsensitively) {
  EXPECT_EQ(SpecialCategoryOf("x_ethnicity"), "racial or ethnic origin");
  EXPECT_EQ(SpecialCategoryOf("religion"), "religious or philosophical beliefs");
  EXPECT_EQ(SpecialCategoryOf("x_acme_religious_affiliation"),
            "religious or philosophical beliefs");
  EXPECT_EQ(SpecialCategoryOf("x_AcmeReligiousView"), "religious or philosophical beliefs");
  EXPECT_EQ(SpecialCategoryOf("X_RACE"), "racial or ethnic origin");
  EXPECT_EQ(SpecialCategoryOf("x_sexual_orientation"), "sex life or sexual orientation");
  EXPECT_EQ(SpecialCategoryOf("x_political_party"), "political opinions");
  EXPECT_EQ(SpecialCategoryOf("x_trade_union"), "trade-union membership");
  EXPECT_EQ(SpecialCategoryOf("x_health_status"), "health");
  EXPECT_EQ(SpecialCategoryOf("x_medical_record"), "health");
  EXPECT_EQ(SpecialCategoryOf("x_dna_profile"), "genetic data");
  EXPECT_EQ(SpecialCategoryOf("x_biometric_template"), "biometric data");
  EXPECT_EQ(SpecialCategoryOf("x_facial_image_2"), "biometric data");
}

TEST(SpecialCategoriesTest, InnocentNamesThatContainAStemAreNotMatched) {
  for (std::string_view name :
       {"x_trace_id", "x_racetrack", "x_mitre_platforms", "x_mitre_detection", "x_ja3_fingerprint",
        "x_union_of_sets", "x_healthcheck_url", "x_opinion_score", "x_genre", "x_confidence",
        "x_dnat_rule", "x_embrace", "pattern", "identity_class", "contact_information"}) {
    EXPECT_EQ(SpecialCategoryOf(name), std::nullopt) << name;
  }
}

TEST(SpecialCategoriesTest, EveryStemMatchesItself) {
  for (const auto& stem : SpecialCategoryStems()) {
    EXPECT_EQ(SpecialCategoryOf("x_" + std::string(stem.stem)), stem.category) << stem.stem;
  }
}

TEST(ValidatorMinimisationTest, TopLevelCustomPropertyIsRefusedWithItsPath) {
  ExpectRefused(Identity(R"("x_ethnicity":"..." )"), "$.x_ethnicity", "x_ethnicity");
  ExpectRefused(Identity(R"("x_acme_religious_affiliation":"...")"),
                "$.x_acme_religious_affiliation", "x_acme_religious_affiliation");
}

TEST(ValidatorMinimisationTest, UnprefixedCustomPropertyIsRefused) {
  ExpectRefused(Identity(R"("religion":"...")"), "$.religion", "religion");
}

TEST(ValidatorMinimisationTest, NestedKeyInsideACustomValueIsRefused) {
  ExpectRefused(Identity(R"("x_profile":{"notes":"n","sexual_orientation":"..."})"),
                "$.x_profile.sexual_orientation", "sexual_orientation");
  ExpectRefused(Identity(R"("x_profiles":[{"health_status":"..."}])"),
                "$.x_profiles[0].health_status", "health_status");
}

TEST(ValidatorMinimisationTest, PropertyOfADefinedExtensionIsRefused) {
  std::string json =
      Identity(R"("extensions":{"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":)"
               R"({"extension_type":"property-extension","political_opinion":"..."}})");
  ExpectRefused(json,
                "$.extensions['extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e']"
                ".political_opinion",
                "political_opinion");
}

TEST(ValidatorMinimisationTest, PropertyOfALegacyCustomExtensionIsRefused) {
  std::string json = Identity(R"("extensions":{"x-acme-person":{"trade_union":"..."}})");
  Outcome outcome = Check(json);
  EXPECT_FALSE(outcome.facts);
  bool found = false;
  for (const auto& f : outcome.errors()) {
    found |=
        f.error.message.find("'trade_union' records trade-union membership") != std::string::npos &&
        f.error.where.json_path.ends_with(".trade_union");
  }
  EXPECT_TRUE(found) << outcome.Dump();
}

TEST(ValidatorMinimisationTest, ExtensionDefinitionDeclaringASpecialCategoryIsRefused) {
  std::string json =
      R"({"type":"extension-definition","spec_version":"2.1",)"
      R"("id":"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e",)"
      R"("created_by_ref":"identity--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585",)"
      R"("created":"2024-01-15T10:00:00.000Z","modified":"2024-01-15T10:00:00.000Z",)"
      R"("name":"Profile","schema":"https://example.org/schema.json","version":"1.0.0",)"
      R"("extension_types":["toplevel-property-extension"],)"
      R"("extension_properties":["x_nickname","x_genetic_markers"]})";
  Outcome outcome = Check(json);
  EXPECT_FALSE(outcome.facts);
  EXPECT_TRUE(outcome.HasError("$.extension_properties", "'x_genetic_markers' records genetic"))
      << outcome.Dump();
}

TEST(ValidatorMinimisationTest, ErrorTextNamesThePropertyAndThePath) {
  Outcome outcome = Check(Identity(R"("x_ethnicity":"...")"));
  ASSERT_FALSE(outcome.errors().empty());
  std::string text = outcome.errors().front().error.ToString();
  EXPECT_NE(text.find("$.x_ethnicity"), std::string::npos) << text;
  EXPECT_NE(text.find("'x_ethnicity'"), std::string::npos) << text;
  EXPECT_EQ(text.find("..."), std::string::npos) << "the value must not be echoed: " << text;
}

TEST(ValidatorMinimisationTest, InnocentCustomPropertiesStillValidate) {
  Outcome clean = Check(Identity(R"("x_acme_note":"n","x_trace":{"step":1,"races_won":[]})"));
  EXPECT_FALSE(clean.facts) << "a nested 'races' token is refused too";
  Outcome innocent = Check(Identity(R"("x_acme_note":"n","x_trace":{"step":1})"));
  EXPECT_TRUE(innocent.facts) << innocent.Dump();
}

}  // namespace
}  // namespace qccm::stix
