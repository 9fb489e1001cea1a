// The per-type rules (orderings, one-of, co-constraints), embedded types, extensions, custom
// objects and the JSON-level checks, each with the path and message it must report.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "qccm/stix/validator.h"
#include "stix/validator_test_util.h"

namespace qccm::stix {
namespace {

namespace json = boost::json;
using vtest::Check;
using vtest::Outcome;

// The rich fixture object of `type` with `set` applied (a null value removes the property).
std::string Patched(std::string_view type, const json::object& set,
                    const std::string& fixture = "rich.ndjson") {
  json::object object = json::parse(vtest::FixtureOfType(fixture, type)).as_object();
  for (const auto& [key, value] : set) {
    if (value.is_null()) {
      object.erase(key);
    } else {
      object[key] = value;
    }
  }
  return json::serialize(object);
}

void ExpectError(const std::string& text, const std::string& path, const std::string& message) {
  Outcome outcome = Check(text);
  EXPECT_FALSE(outcome.facts);
  EXPECT_TRUE(outcome.HasError(path, message)) << "expected at " << path << ": " << message << "\n"
                                               << outcome.Dump();
}

void ExpectValid(const std::string& text) {
  Outcome outcome = Check(text);
  EXPECT_TRUE(outcome.facts) << outcome.Dump();
  EXPECT_TRUE(outcome.errors().empty()) << outcome.Dump();
}

// ---- SDO rules ----

TEST(ValidatorRulesTest, LocationNeedsRegionCountryOrCoordinates) {
  ExpectError(Patched("location", {{"region", nullptr},
                                   {"country", nullptr},
                                   {"latitude", nullptr},
                                   {"longitude", nullptr},
                                   {"precision", nullptr}}),
              "$", "a location must have 'region', 'country', or 'latitude' and 'longitude'");
  ExpectValid(Patched("location", {{"region", nullptr}, {"country", nullptr}}));
  ExpectError(Patched("location", {{"longitude", nullptr}}), "$.latitude",
              "'latitude' and 'longitude' must be given together");
  ExpectError(Patched("location", {{"latitude", nullptr}, {"longitude", nullptr}}), "$.precision",
              "'precision' requires 'latitude' and 'longitude'");
  ExpectError(Patched("location", {{"latitude", 91}}), "$.latitude",
              "'latitude' must be a number from -90 to 90, found 91");
  ExpectError(Patched("location", {{"precision", -1.5}}), "$.precision",
              "'precision' must be a number >= 0, found -1.5");
}

TEST(ValidatorRulesTest, MalwareFamilyNeedsAName) {
  ExpectError(Patched("malware", {{"name", nullptr}}), "$.name",
              "'name' is required when 'is_family' is true");
  ExpectValid(Patched("malware", {{"name", nullptr}, {"is_family", false}}));
  ExpectError(Patched("malware", {{"is_family", "yes"}}), "$.is_family",
              "'is_family' must be true or false, found 'yes'");
}

TEST(ValidatorRulesTest, IndicatorValidUntilMustBeAfterValidFrom) {
  ExpectError(Patched("indicator", {{"valid_until", "2024-01-15T10:00:00.000Z"}}), "$.valid_until",
              "'valid_until' (2024-01-15T10:00:00.000Z) must be later than 'valid_from' "
              "(2024-01-15T10:00:00.000Z)");
}

TEST(ValidatorRulesTest, FirstSeenMustNotBeAfterLastSeen) {
  for (const char* type :
       {"campaign", "infrastructure", "intrusion-set", "malware", "threat-actor", "sighting"}) {
    ExpectError(Patched(type, {{"first_seen", "2025-01-01T00:00:00.000Z"}}), "$.last_seen",
                "'last_seen' (2024-02-01T08:30:00.000Z) must be later than or equal to "
                "'first_seen' (2025-01-01T00:00:00.000Z)");
  }
}

TEST(ValidatorRulesTest, ObservedDataHasObjectRefsOrObjectsButNotBoth) {
  json::object objects{{"0", json::object{{"type", "ipv4-addr"}, {"value", "10.0.0.1"}}}};
  ExpectError(Patched("observed-data", {{"objects", objects}}), "$.objects",
              "'objects' and 'object_refs' must not both be present");
  ExpectError(Patched("observed-data", {{"object_refs", nullptr}}), "$",
              "at least one of 'object_refs' or 'objects' must be present");
  Outcome legacy =
      Check(Patched("observed-data", {{"object_refs", nullptr}, {"objects", objects}}));
  EXPECT_TRUE(legacy.facts) << legacy.Dump();
  EXPECT_TRUE(legacy.HasWarning("$.objects", "'objects' is deprecated in STIX 2.1"));
  ExpectError(Patched("observed-data", {{"number_observed", 0}}), "$.number_observed",
              "'number_observed' must be an integer from 1 to 999999999, found 0");
  ExpectError(Patched("observed-data", {{"last_observed", "2020-01-01T00:00:00.000Z"}}),
              "$.last_observed", "must be later than or equal to 'first_observed'");
}

TEST(ValidatorRulesTest, MalwareAnalysisNeedsAResultOrCapturedObjects) {
  ExpectError(Patched("malware-analysis", {{"result", nullptr}, {"analysis_sco_refs", nullptr}}),
              "$", "at least one of 'result' or 'analysis_sco_refs' must be present");
}

TEST(ValidatorRulesTest, ReportListsMustNotBeEmpty) {
  ExpectError(Patched("report", {{"object_refs", json::array{}}}), "$.object_refs",
              "'object_refs' must not be an empty list (omit the property instead)");
  ExpectError(Patched("report", {{"labels", json::array{}}}), "$.labels",
              "'labels' must not be an empty list");
  ExpectError(Patched("report", {{"labels", json::array{"a", 3}}}), "$.labels[1]",
              "each of 'labels' must be a string, found 3");
}

// ---- SRO rules ----

TEST(ValidatorRulesTest, RelationshipTypeAndTimes) {
  ExpectError(Patched("relationship", {{"relationship_type", "Uses Often"}}), "$.relationship_type",
              "'relationship_type' must be made of a-z, 0-9 and '-', found 'Uses Often'");
  ExpectError(Patched("relationship", {{"stop_time", "2024-01-15T10:00:00.000Z"}}), "$.stop_time",
              "'stop_time' (2024-01-15T10:00:00.000Z) must be later than 'start_time'");
}

TEST(ValidatorRulesTest, SightingCountRange) {
  ExpectError(Patched("sighting", {{"count", 1000000000}}), "$.count",
              "'count' must be an integer from 0 to 999999999, found 1000000000");
  ExpectError(Patched("sighting", {{"count", -1}}), "$.count",
              "'count' must be an integer from 0 to 999999999, found -1");
  ExpectValid(Patched("sighting", {{"count", 0}}));
  ExpectError(Patched("sighting", {{"count", 18446744073709551615ULL}}), "$.count",
              "found 18446744073709551615");
}

// ---- SCO rules ----

TEST(ValidatorRulesTest, ArtifactPayloadOrUrlWithHashes) {
  ExpectError(Patched("artifact", {{"payload_bin", "aGVsbG8="}}), "$.url",
              "'payload_bin' and 'url' must not both be present");
  ExpectError(Patched("artifact", {{"hashes", nullptr}}), "$.hashes",
              "'hashes' must be present when 'url' is");
  ExpectError(Patched("artifact", {{"encryption_algorithm", nullptr}}), "$.decryption_key",
              "'decryption_key' requires 'encryption_algorithm'");
  ExpectError(Patched("artifact", {{"payload_bin", "not base64!"}}, "every-type.ndjson"),
              "$.payload_bin", "'payload_bin' must be base64 (RFC 4648), found 'not base64!'");
}

TEST(ValidatorRulesTest, EmailBodyMatchesMultipart) {
  ExpectError(Patched("email-message", {{"body", "hello"}}), "$.body",
              "'body' must not be present when 'is_multipart' is true");
  ExpectError(Patched("email-message", {{"is_multipart", false}}), "$.body_multipart",
              "'body_multipart' must not be present when 'is_multipart' is false");
  json::array parts{json::object{{"content_type", "text/plain"}}};
  ExpectError(Patched("email-message", {{"body_multipart", parts}}), "$.body_multipart[0]",
              "at least one of 'body' or 'body_raw_ref' must be present");
}

TEST(ValidatorRulesTest, FileNeedsHashesOrNameAndHashesAreChecked) {
  ExpectError(Patched("file", {{"hashes", nullptr}, {"name", nullptr}}), "$",
              "at least one of 'hashes' or 'name' must be present");
  ExpectError(Patched("file", {{"hashes", json::object{{"MD5", "abc"}}}}), "$.hashes.MD5",
              "a MD5 hash must be 32 hex digits, found 'abc'");
  ExpectError(Patched("file", {{"hashes", json::object{{"SHA-256", std::string(64, 'g')}}}}),
              "$.hashes['SHA-256']", "a SHA-256 hash must be 64 hex digits");
  ExpectError(Patched("file", {{"hashes", json::object{{"SHA-1", 5}}}}), "$.hashes['SHA-1']",
              "the 'SHA-1' hash must be a string, found 5");
  ExpectError(Patched("file", {{"hashes", json::object{{"a b", "x"}}}}), "$.hashes['a b']",
              "hash algorithm name 'a b' must be 3-250 characters");
  Outcome loose =
      Check(Patched("file", {{"hashes", json::object{{"sha256", std::string(64, 'a')}}}}));
  EXPECT_TRUE(loose.facts);
  EXPECT_TRUE(loose.HasWarning("$.hashes.sha256", "should be written 'SHA-256'")) << loose.Dump();
  ExpectError(Patched("file", {{"size", -1}}), "$.size", "'size' must be an integer >= 0");
  ExpectError(Patched("file", {{"magic_number_hex", "4D5"}}), "$.magic_number_hex",
              "'magic_number_hex' must be an even number of hex digits, found '4D5'");
}

TEST(ValidatorRulesTest, FileExtensionsAreChecked) {
  json::object extensions = json::parse(vtest::FixtureOfType("rich.ndjson", "file"))
                                .as_object()["extensions"]
                                .as_object();
  extensions["windows-pebinary-ext"].as_object().erase("pe_type");
  ExpectError(Patched("file", {{"extensions", extensions}}),
              "$.extensions['windows-pebinary-ext'].pe_type",
              "required property 'pe_type' is missing");
  extensions["windows-pebinary-ext"].as_object()["pe_type"] = "dll";
  extensions["windows-pebinary-ext"].as_object()["sections"] =
      json::array{json::object{{"size", 1}}};
  ExpectError(Patched("file", {{"extensions", extensions}}),
              "$.extensions['windows-pebinary-ext'].sections[0].name",
              "required property 'name' is missing");
  json::object archive{{"archive-ext", json::object{{"comment", "zip"}}}};
  ExpectError(Patched("file", {{"extensions", archive}}),
              "$.extensions['archive-ext'].contains_refs",
              "required property 'contains_refs' is missing");
}

TEST(ValidatorRulesTest, MacAddressIsLowercaseColonDelimited) {
  ExpectError(Patched("mac-addr", {{"value", "00:1A:2B:3C:4D:5E"}}), "$.value",
              "'value' must be a lowercase colon-delimited MAC-48 address");
  ExpectError(Patched("mac-addr", {{"value", "001a2b3c4d5e"}}), "$.value", "MAC-48");
}

TEST(ValidatorRulesTest, NetworkTrafficEndpointsAndTimes) {
  ExpectError(Patched("network-traffic", {{"src_ref", nullptr}, {"dst_ref", nullptr}}), "$",
              "at least one of 'src_ref' or 'dst_ref' must be present");
  ExpectError(Patched("network-traffic", {{"is_active", true}}), "$.end",
              "'end' must not be present when 'is_active' is true");
  ExpectError(Patched("network-traffic", {{"end", "2020-01-01T00:00:00.000Z"}}), "$.end",
              "'end' (2020-01-01T00:00:00.000Z) must be later than or equal to 'start'");
  ExpectError(Patched("network-traffic", {{"dst_port", 70000}}), "$.dst_port",
              "'dst_port' must be an integer from 0 to 65535, found 70000");
  json::object icmp{{"icmp-ext", json::object{{"icmp_type_hex", "08"}}}};
  ExpectError(Patched("network-traffic", {{"extensions", icmp}}),
              "$.extensions['icmp-ext'].icmp_code_hex",
              "required property 'icmp_code_hex' is missing");
  json::object tcp{{"tcp-ext", json::object{}}};
  ExpectError(Patched("network-traffic", {{"extensions", tcp}}), "$.extensions['tcp-ext']",
              "a tcp-ext must have at least one property");
}

TEST(ValidatorRulesTest, ProcessAndCertificateNeedAProperty) {
  ExpectError(R"({"type":"process","id":"process--f52a906a-0dfc-40bd-92f1-e7778ead38a9"})", "$",
              "a process must have at least one property besides the common ones");
  ExpectError(
      R"({"type":"x509-certificate","id":"x509-certificate--f52a906a-0dfc-40bd-92f1-e7778ead38a9"})",
      "$", "an x509-certificate must have at least one property");
}

// ---- meta objects ----

TEST(ValidatorRulesTest, MarkingDefinitionConsistency) {
  const std::string kAmber1 = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
  std::string tlp_red = R"({"type":"marking-definition","spec_version":"2.1","id":")" + kAmber1 +
                        R"(","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp",
                            "definition":{"tlp":"red"}})";
  ExpectError(
      tlp_red, "$.definition.tlp",
      "'" + kAmber1 + "' is the standard TLP:AMBER marking-definition, but 'tlp' says TLP:RED");
  ExpectError(Patched("marking-definition",
                      {{"definition", json::object{{"tlp", "purple"}}}, {"definition_type", "tlp"}},
                      "every-type.ndjson"),
              "$.definition.tlp", "a TLP marking's 'definition' needs 'tlp'");
  ExpectError(Patched("marking-definition", {{"definition", json::object{{"text", "x"}}}},
                      "every-type.ndjson"),
              "$.definition.statement", "needs a string 'statement'");
  ExpectError(Patched("marking-definition", {{"definition", nullptr}}, "every-type.ndjson"),
              "$.definition", "'definition_type' and 'definition' must be given together");
  ExpectError(Patched("marking-definition", {{"definition", nullptr}, {"definition_type", nullptr}},
                      "every-type.ndjson"),
              "$",
              "a marking-definition needs 'definition_type' and 'definition', or an extension");
  json::object self =
      json::parse(vtest::FixtureOfType("every-type.ndjson", "marking-definition")).as_object();
  self["object_marking_refs"] = json::array{self["id"]};
  ExpectError(json::serialize(self), "$.object_marking_refs",
              "a marking-definition must not mark itself");
  // A TLP 2.0 marking whose extension names another level than its standard id.
  json::object tlp2 =
      json::parse(vtest::FixtureOfType("rich.ndjson", "marking-definition")).as_object();
  tlp2["extensions"]
      .as_object()["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]
      .as_object()["tlp_2_0"] = "green";
  ExpectError(json::serialize(tlp2),
              "$.extensions['extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'].tlp_2_0",
              "is the standard TLP:AMBER marking-definition, but 'tlp_2_0' says TLP:GREEN");
}

TEST(ValidatorRulesTest, ExtensionDefinitionPropertiesNeedTheToplevelType) {
  ExpectError(Patched("extension-definition", {{"extension_properties", json::array{"a_b_c"}}},
                      "every-type.ndjson"),
              "$.extension_properties",
              "'extension_properties' is only allowed when 'extension_types' has "
              "toplevel-property-extension");
}

TEST(ValidatorRulesTest, LanguageContentContents) {
  ExpectError(Patched("language-content",
                      {{"contents", json::object{{"french!", json::object{{"name", "x"}}}}}}),
              "$.contents['french!']", "must be an RFC 5646 language tag");
  ExpectError(Patched("language-content", {{"contents", json::object{{"fr", "x"}}}}),
              "$.contents.fr", "must be a dictionary of property name to translated text");
  ExpectError(Patched("language-content", {{"lang", "english please"}}), "$.lang",
              "'lang' must be an RFC 5646 language tag such as 'en' or 'fr-CA'");
}

// ---- embedded types ----

TEST(ValidatorRulesTest, ExternalReferenceNeedsMoreThanASourceName) {
  json::array refs{json::object{{"source_name", "internal"}}};
  ExpectError(Patched("tool", {{"external_references", refs}}), "$.external_references[0]",
              "at least one of 'description', 'url' or 'external_id' must be present (besides "
              "'source_name')");
  refs = {json::object{{"external_id", "T1"}}};
  ExpectError(Patched("tool", {{"external_references", refs}}),
              "$.external_references[0].source_name", "required property 'source_name'");
  refs = {json::object{{"source_name", "cve"}, {"external_id", "CVE-21-1"}}};
  ExpectError(Patched("vulnerability", {{"external_references", refs}}),
              "$.external_references[0].external_id",
              "a 'cve' reference's 'external_id' must be a CVE id");
  refs = {json::object{{"source_name", "capec"}, {"external_id", "163"}}};
  ExpectError(Patched("vulnerability", {{"external_references", refs}}),
              "$.external_references[0].external_id", "must be a CAPEC id");
  refs = {json::object{{"source_name", "x"}, {"url", "not a url"}, {"x_extra", 1}}};
  Outcome outcome = Check(Patched("tool", {{"external_references", refs}}));
  EXPECT_TRUE(outcome.facts) << outcome.Dump();
  EXPECT_TRUE(outcome.HasWarning("$.external_references[0].url",
                                 "'url' should be a URL (RFC 3986), found 'not a url'"));
  EXPECT_TRUE(outcome.HasWarning("$.external_references[0].x_extra",
                                 "'x_extra' is not a property of a external reference"));
}

TEST(ValidatorRulesTest, KillChainPhaseNeedsBothNames) {
  json::array phases{json::object{{"kill_chain_name", "lockheed"}}};
  ExpectError(Patched("tool", {{"kill_chain_phases", phases}}), "$.kill_chain_phases[0].phase_name",
              "required property 'phase_name' is missing");
  ExpectError(Patched("tool", {{"kill_chain_phases", json::array{"recon"}}}),
              "$.kill_chain_phases[0]", "each of 'kill_chain_phases' must be a kill-chain phase");
}

TEST(ValidatorRulesTest, GranularMarkingsNeedOneMarkingAndResolvableSelectors) {
  const std::string kRed = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
  auto marking = [&](json::object m) {
    return Patched("indicator", {{"granular_markings", json::array{std::move(m)}}});
  };
  ExpectError(marking({{"marking_ref", kRed}, {"lang", "en"}, {"selectors", json::array{"name"}}}),
              "$.granular_markings[0]", "must have 'lang' or 'marking_ref', not both");
  ExpectError(marking({{"selectors", json::array{"name"}}}), "$.granular_markings[0]",
              "a granular marking must have 'lang' or 'marking_ref'");
  ExpectError(marking({{"marking_ref", kRed}, {"selectors", json::array{}}}),
              "$.granular_markings[0].selectors", "'selectors' must not be an empty list");
  ExpectError(marking({{"marking_ref", kRed}, {"selectors", json::array{"name", "nothing"}}}),
              "$.granular_markings[0].selectors[1]",
              "selector 'nothing' does not select anything in this object: there is no "
              "property 'nothing'");
  ExpectError(marking({{"marking_ref", kRed}, {"selectors", json::array{"labels.[5]"}}}),
              "$.granular_markings[0].selectors[0]", "the list has no item [5]");
  ExpectValid(marking({{"marking_ref", kRed},
                       {"selectors", json::array{"external_references.[1].hashes", "labels.[0]",
                                                 "kill_chain_phases.[0].phase_name"}}}));
}

// ---- extensions, custom objects and custom properties ----

TEST(ValidatorRulesTest, UnknownTypesAreErrorsButCustomOnesAreAccepted) {
  const std::string kId = "--f52a906a-0dfc-40bd-92f1-e7778ead38a9";
  ExpectError(
      R"({"type":"foo-bar","spec_version":"2.1","id":"foo-bar)" + kId +
          R"(","created":"2024-01-15T10:00:00.000Z","modified":"2024-01-15T10:00:00.000Z"})",
      "$.type", "unknown object type 'foo-bar'");
  ExpectError(R"({"type":"Indicator","id":"indicator)" + kId + R"("})", "$.type",
              "'type' 'Indicator' is not a valid STIX type name");
  ExpectError(R"({"type":7,"id":"indicator)" + kId + R"("})", "$.type",
              "'type' must be a string, found 7");
  Outcome legacy =
      Check(R"({"type":"x-acme-widget","spec_version":"2.1","id":"x-acme-widget)" + kId +
            R"(","created":"2024-01-15T10:00:00.000Z","modified":"2024-01-15T10:00:00.000Z",
                            "color":"blue","confidence":400})");
  EXPECT_FALSE(legacy.facts);  // common properties of custom objects are still checked
  EXPECT_TRUE(legacy.HasError("$.confidence", "found 400")) << legacy.Dump();
  EXPECT_EQ(legacy.findings.size(), 1u) << legacy.Dump();  // 'color' needs no x_ prefix here
  Outcome legacy_sco = Check(R"({"type":"x-acme-thing","id":"x-acme-thing)" + kId +
                             R"(","value":"v","modified":"2024-01-15T10:00:00.000Z"})");
  EXPECT_TRUE(legacy_sco.HasError("$.modified", "'modified' is not allowed on a custom observable"))
      << legacy_sco.Dump();
  // new-sdo on a spec type is a contradiction.
  json::object ext{{"extension-definition--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585",
                    json::object{{"extension_type", "new-sdo"}}}};
  ExpectError(
      Patched("tool", {{"extensions", ext}}),
      "$.extensions['extension-definition--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585']"
      ".extension_type",
      "'extension_type' 'new-sdo' defines a new object type, but 'tool' is a STIX 2.1 type");
}

TEST(ValidatorRulesTest, ExtensionKeysAndTypes) {
  const std::string kDef = "extension-definition--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585";
  ExpectError(Patched("tool", {{"extensions", json::object{{"acme", json::object{{"a", 1}}}}}}),
              "$.extensions.acme",
              "extension key 'acme' is neither an extension-definition id nor a predefined "
              "extension name");
  ExpectError(Patched("tool", {{"extensions", json::object{{kDef, json::object{{"abc", 1}}}}}}),
              "$.extensions['" + kDef + "'].extension_type",
              "extension '" + kDef + "' has no 'extension_type'");
  ExpectError(
      Patched("tool", {{"extensions",
                        json::object{{kDef, json::object{{"extension_type", "property-extension"},
                                                         {"Bad", 1}}}}}}),
      "$.extensions['" + kDef + "'].Bad", "extension property name 'Bad' must be");
  ExpectError(
      Patched("tool", {{"extensions",
                        json::object{{"extension-definition--nope", json::object{{"a", 1}}}}}}),
      "$.extensions['extension-definition--nope']", "is not a valid extension-definition id");
  ExpectError(Patched("tool", {{"extensions", json::object{}}}), "$.extensions",
              "'extensions' must not be empty");
  Outcome legacy = Check(
      Patched("tool", {{"extensions", json::object{{"x-acme-ext", json::object{{"a", 1}}}}}}));
  EXPECT_TRUE(legacy.facts);
  EXPECT_TRUE(legacy.HasWarning("$.extensions['x-acme-ext']", "STIX 2.0-style custom extension"));
  // A toplevel-property-extension declares the unprefixed properties at the top level.
  json::object toplevel{{kDef, json::object{{"extension_type", "toplevel-property-extension"}}}};
  Outcome declared = Check(Patched("tool", {{"extensions", toplevel}, {"acme_score", 3}}));
  EXPECT_TRUE(declared.facts);
  EXPECT_TRUE(declared.findings.empty()) << declared.Dump();
  Outcome undeclared = Check(Patched("tool", {{"acme_score", 3}}));
  EXPECT_TRUE(undeclared.HasWarning("$.acme_score", "should start with 'x_'"));
}

TEST(ValidatorRulesTest, SharingExtensionNamesMemberCodes) {
  const std::string kPath =
      "$.extensions['extension-definition--8bd48759-8434-485a-9d8e-2202a2944988']";
  auto with = [](json::object sharing) {
    return Patched("indicator",
                   {{"extensions", json::object{{"extension-definition--8bd48759-8434-485a-9d8e-"
                                                 "2202a2944988",
                                                 std::move(sharing)}}}});
  };
  ExpectError(with({{"extension_type", "property-extension"}, {"shared_with", json::array{}}}),
              kPath + ".shared_with", "'shared_with' must not be an empty list");
  ExpectError(with({{"extension_type", "property-extension"}}), kPath + ".shared_with",
              "required property 'shared_with' is missing");
  ExpectError(with({{"extension_type", "property-extension"},
                    {"shared_with", json::array{"NLD-NCTV", "nld"}}}),
              kPath + ".shared_with[1]", "'shared_with' must hold member codes");
  ExpectError(with({{"extension_type", "new-sdo"}, {"shared_with", json::array{"NLD-NCTV"}}}),
              kPath + ".extension_type", "the QCCM sharing extension is a property-extension");
}

TEST(ValidatorRulesTest, CustomPropertyValues) {
  ExpectError(Patched("tool", {{"x_acme_ref", "tool-1"}}), "$.x_acme_ref",
              "'x_acme_ref' is not a valid identifier");
  ExpectError(Patched("tool", {{"x_acme_refs", json::array{"nope"}}}), "$.x_acme_refs[0]",
              "'x_acme_refs' is not a valid identifier");
  ExpectError(Patched("tool", {{"x_acme_bin", "%%%"}}), "$.x_acme_bin", "must be base64");
  ExpectError(Patched("tool", {{"x_acme_hex", "xyz"}}), "$.x_acme_hex", "hex digits");
  ExpectError(Patched("tool", {{"x_acme_list", json::array{}}}), "$.x_acme_list",
              "an empty list is not a valid STIX value");
  ExpectError(
      R"({"type":"tool","spec_version":"2.1","id":"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                  "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z",
                  "name":"VNC","x_acme":null})",
      "$.x_acme", "null is not a valid STIX value");
  ExpectValid(
      Patched("tool", {{"x_acme_nested", json::object{{"a", json::array{}}, {"b", nullptr}}}}));
}

// ---- JSON level and common properties ----

TEST(ValidatorRulesTest, NotAnObjectOrNotJson) {
  ExpectError("[1, 2]", "$", "a STIX object must be a JSON object, found a list");
  ExpectError("{\"type\": ", "$", "malformed JSON");
  ExpectError("", "$", "");
  std::string deep = "{\"x_deep\":" + std::string(2000, '[') + std::string(2000, ']') + "}";
  ExpectError(deep, "$", "JSON nested too deeply");
}

TEST(ValidatorRulesTest, BundlesAreNotObjects) {
  ExpectError(
      R"({"type":"bundle","id":"bundle--63ab8e67-acac-4817-845a-d09f0e86954c","objects":[]})",
      "$.type", "a bundle is a container, not a STIX object");
}

TEST(ValidatorRulesTest, SpecVersionMustBeTwoPointOne) {
  ExpectError(Patched("tool", {{"spec_version", "2.0"}}), "$.spec_version",
              "'spec_version' must be \"2.1\", found '2.0'");
  ExpectError(Patched("ipv4-addr", {{"spec_version", "2.0"}}), "$.spec_version", "must be \"2.1\"");
  ExpectValid(Patched("ipv4-addr", {{"spec_version", nullptr}}));
}

TEST(ValidatorRulesTest, StringPropertiesRejectOtherTypes) {
  ExpectError(Patched("tool", {{"description", nullptr}, {"name", nullptr}}), "$.name",
              "required property 'name' is missing");
  ExpectError(Patched("tool", {{"description", 12}}), "$.description",
              "'description' must be a string, found 12");
  ExpectError(Patched("tool", {{"name", json::array{"a"}}}), "$.name",
              "'name' must be a string, found a list");
}

TEST(ValidatorRulesTest, DictionaryKeysAreChecked) {
  ExpectError(Patched("process", {{"environment_variables", json::object{{"A B", "x"}}}}),
              "$.environment_variables['A B']",
              "dictionary key 'A B' must be 1-250 characters of a-z, A-Z, 0-9, '-' and '_'");
  ExpectError(Patched("process", {{"environment_variables", json::object{}}}),
              "$.environment_variables", "must not be an empty dictionary");
}

TEST(ValidatorRulesTest, AllProblemsOfAnObjectAreReported) {
  Outcome outcome =
      Check(Patched("indicator", {{"confidence", 101},
                                  {"created_by_ref", "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"},
                                  {"valid_from", "yesterday"},
                                  {"pattern_type", nullptr}}));
  EXPECT_EQ(outcome.errors().size(), 4u) << outcome.Dump();
  for (const Finding& f : outcome.errors()) {
    EXPECT_EQ(f.error.code, ErrorCode::kInvalidInput);
    EXPECT_EQ(f.error.where.object_id.substr(0, 11), "indicator--");
    EXPECT_LT(f.error.message.size(), 300u);  // says what is wrong, never dumps the object
  }
}

TEST(ValidatorRulesTest, LongValuesAreCutInMessages) {
  std::string long_name(5000, 'a');
  Outcome outcome = Check(Patched("tool", {{"confidence", long_name}}));
  ASSERT_EQ(outcome.errors().size(), 1u);
  EXPECT_LT(outcome.errors()[0].error.message.size(), 200u);
  EXPECT_NE(outcome.errors()[0].error.message.find("...'"), std::string::npos);
}

}  // namespace
}  // namespace qccm::stix
