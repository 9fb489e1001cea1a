// The mutation suite: valid objects of every type (tests/data/stix/every-type.ndjson and
// rich.ndjson) are broken one way at a time, and each break must be reported as an error with
// the precise JSON path and message, and nothing else.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <set>

#include "qccm/stix/pattern.h"
#include "qccm/stix/validator.h"
#include "stix/validator_test_util.h"

namespace qccm::stix {
namespace {

namespace json = boost::json;
using vtest::Check;
using vtest::FixtureLines;
using vtest::Outcome;

const std::set<std::string> kScoTypes = {"artifact",
                                         "autonomous-system",
                                         "directory",
                                         "domain-name",
                                         "email-addr",
                                         "email-message",
                                         "file",
                                         "ipv4-addr",
                                         "ipv6-addr",
                                         "mac-addr",
                                         "mutex",
                                         "network-traffic",
                                         "process",
                                         "software",
                                         "url",
                                         "user-account",
                                         "windows-registry-key",
                                         "x509-certificate"};
const std::set<std::string> kSroTypes = {"relationship", "sighting"};
const std::set<std::string> kMetaTypes = {"marking-definition", "language-content",
                                          "extension-definition"};

// The required properties of each type as STIX 2.1 lists them (independent of the tables the
// validator uses, so a wrong table entry fails here).
const std::map<std::string, std::vector<std::string>> kRequiredOwn = {
    {"attack-pattern", {"name"}},
    {"campaign", {"name"}},
    {"course-of-action", {"name"}},
    {"grouping", {"context", "object_refs"}},
    {"identity", {"name"}},
    {"incident", {"name"}},
    {"indicator", {"pattern", "pattern_type", "valid_from"}},
    {"infrastructure", {"name"}},
    {"intrusion-set", {"name"}},
    {"location", {}},
    {"malware", {"is_family"}},
    {"malware-analysis", {"product"}},
    {"note", {"content", "object_refs"}},
    {"observed-data", {"first_observed", "last_observed", "number_observed"}},
    {"opinion", {"opinion", "object_refs"}},
    {"report", {"name", "published", "object_refs"}},
    {"threat-actor", {"name"}},
    {"tool", {"name"}},
    {"vulnerability", {"name"}},
    {"relationship", {"relationship_type", "source_ref", "target_ref"}},
    {"sighting", {"sighting_of_ref"}},
    {"artifact", {}},
    {"autonomous-system", {"number"}},
    {"directory", {"path"}},
    {"domain-name", {"value"}},
    {"email-addr", {"value"}},
    {"email-message", {"is_multipart"}},
    {"file", {}},
    {"ipv4-addr", {"value"}},
    {"ipv6-addr", {"value"}},
    {"mac-addr", {"value"}},
    {"mutex", {"name"}},
    {"network-traffic", {"protocols"}},
    {"process", {}},
    {"software", {"name"}},
    {"url", {"value"}},
    {"user-account", {}},
    {"windows-registry-key", {}},
    {"x509-certificate", {}},
    {"marking-definition", {}},
    {"language-content", {"object_ref", "contents"}},
    {"extension-definition", {"created_by_ref", "name", "schema", "version", "extension_types"}},
};

std::vector<std::string> RequiredOf(const std::string& type) {
  std::vector<std::string> out;
  if (kScoTypes.contains(type)) {
    out = {"type", "id"};
  } else if (type == "marking-definition") {
    out = {"type", "spec_version", "id", "created"};
  } else {
    out = {"type", "spec_version", "id", "created", "modified"};
  }
  for (const std::string& own : kRequiredOwn.at(type)) out.push_back(own);
  return out;
}

struct Fixture {
  std::string type;
  json::object object;
  std::string label;  // "rich indicator"
};

// Every spec-type object of both fixtures.
std::vector<Fixture> SpecFixtures() {
  std::vector<Fixture> out;
  for (const char* file : {"every-type.ndjson", "rich.ndjson"}) {
    for (const std::string& line : FixtureLines(file)) {
      json::object object = json::parse(line).as_object();
      std::string type(object.at("type").as_string());
      if (!IsSpecObjectType(type)) continue;
      out.push_back({type, object, std::string(file) + " " + type});
    }
  }
  return out;
}

std::string Text(const json::object& object) { return json::serialize(object); }

// Expects `json` to fail with exactly one error, at `path`, whose message contains `text`.
void ExpectOnlyError(const std::string& what, const std::string& text_json, const std::string& path,
                     const std::string& text) {
  Outcome outcome = Check(text_json);
  EXPECT_FALSE(outcome.facts) << what;
  EXPECT_TRUE(outcome.HasError(path, text))
      << what << "\n  expected error at " << path << ": " << text << "\n"
      << outcome.Dump();
  EXPECT_EQ(outcome.errors().size(), 1u) << what << "\n" << outcome.Dump();
}

std::string OtherTypeId(const std::string& type, const std::string& id) {
  std::string other = type == "malware" ? "tool" : "malware";
  return other + id.substr(id.find("--"));
}

TEST(ValidatorMutationTest, DroppingAnyRequiredPropertyIsAnErrorAtItsPath) {
  std::size_t cases = 0;
  for (const Fixture& f : SpecFixtures()) {
    for (const std::string& property : RequiredOf(f.type)) {
      json::object mutated = f.object;
      ASSERT_TRUE(mutated.erase(property)) << f.label << " has no " << property;
      std::string what = f.label + " without " + property;
      if (property == "type") {
        // Without a type the object is checked as a custom one; other findings may follow.
        Outcome outcome = Check(Text(mutated));
        EXPECT_FALSE(outcome.facts) << what;
        EXPECT_TRUE(outcome.HasError("$.type", "required property 'type' is missing"))
            << what << "\n"
            << outcome.Dump();
      } else {
        ExpectOnlyError(what, Text(mutated), "$." + property,
                        "required property '" + property + "' is missing");
      }
      ++cases;
    }
  }
  EXPECT_GT(cases, 250u);
}

TEST(ValidatorMutationTest, MalformedIdIsAnError) {
  for (const Fixture& f : SpecFixtures()) {
    json::object mutated = f.object;
    mutated["id"] = f.type + "--not-a-uuid";
    ExpectOnlyError(f.label + " bad uuid", Text(mutated), "$.id",
                    "'id' is not a valid identifier: identifier '" + f.type +
                        "--not-a-uuid' has an invalid UUID part");
    mutated["id"] = "no-separator";
    ExpectOnlyError(f.label + " no separator", Text(mutated), "$.id",
                    "is not of the form type--uuid");
    mutated["id"] = 42;
    ExpectOnlyError(f.label + " number id", Text(mutated), "$.id",
                    "'id' must be a string, found 42");
  }
}

TEST(ValidatorMutationTest, IdOfAnotherTypeIsAnError) {
  for (const Fixture& f : SpecFixtures()) {
    json::object mutated = f.object;
    std::string id(f.object.at("id").as_string());
    mutated["id"] = OtherTypeId(f.type, id);
    ExpectOnlyError(f.label, Text(mutated), "$.id",
                    "does not match the object's type '" + f.type + "'");
  }
}

// The timestamp property each type has in the fixtures (SCOs have no created).
std::string SomeTimestampProperty(const Fixture& f) {
  for (const char* name : {"created", "ctime", "start", "created_time", "date", "account_created",
                           "modified_time", "validity_not_before"}) {
    if (f.object.contains(name)) return name;
  }
  return "";
}

TEST(ValidatorMutationTest, InvalidTimestampIsAnErrorThatSaysWhy) {
  std::size_t cases = 0;
  for (const Fixture& f : SpecFixtures()) {
    std::string property = SomeTimestampProperty(f);
    if (property.empty()) continue;
    json::object mutated = f.object;
    mutated[property] = "2024-02-30T10:00:00.000Z";
    ExpectOnlyError(f.label + " Feb 30", Text(mutated), "$." + property,
                    "'" + property + "' is not a valid timestamp: day out of range for that month");
    mutated[property] = "2024-01-15 10:00:00.000Z";
    ExpectOnlyError(f.label + " no T", Text(mutated), "$." + property,
                    "expected 'T' after day (expected YYYY-MM-DDTHH:MM:SS[.fraction]Z in UTC) at "
                    "character 11, found '2024-01-15 10:00:00.000Z'");
    mutated[property] = "2024-01-15T10:00:00.000+01:00";
    ExpectOnlyError(f.label + " offset", Text(mutated), "$." + property, "expected 'Z' (UTC)");
    ++cases;
  }
  EXPECT_GT(cases, 50u);
}

TEST(ValidatorMutationTest, ModifiedBeforeCreatedIsAnError) {
  std::size_t cases = 0;
  for (const Fixture& f : SpecFixtures()) {
    if (!f.object.contains("modified")) continue;
    json::object mutated = f.object;
    mutated["modified"] = "2000-01-01T00:00:00.000Z";
    ExpectOnlyError(f.label, Text(mutated), "$.modified",
                    "'modified' (2000-01-01T00:00:00.000Z) must be later than or equal to "
                    "'created' (2024-01-15T10:00:00.000Z)");
    ++cases;
  }
  EXPECT_GT(cases, 40u);
}

TEST(ValidatorMutationTest, ConfidenceMustBeAnIntegerFrom0To100) {
  std::size_t cases = 0;
  for (const Fixture& f : SpecFixtures()) {
    json::object mutated = f.object;
    if (kScoTypes.contains(f.type) || f.type == "marking-definition" ||
        f.type == "extension-definition") {
      mutated["confidence"] = 50;
      ExpectOnlyError(f.label, Text(mutated), "$.confidence", "'confidence' is not allowed on");
      continue;
    }
    const std::string kRule = "'confidence' must be an integer from 0 to 100, found ";
    mutated["confidence"] = 101;
    ExpectOnlyError(f.label + " 101", Text(mutated), "$.confidence", kRule + "101");
    mutated["confidence"] = -1;
    ExpectOnlyError(f.label + " -1", Text(mutated), "$.confidence", kRule + "-1");
    mutated["confidence"] = "x";
    ExpectOnlyError(f.label + " 'x'", Text(mutated), "$.confidence", kRule + "'x'");
    mutated["confidence"] = 50.5;
    ExpectOnlyError(f.label + " 50.5", Text(mutated), "$.confidence", kRule + "50.5");
    mutated["confidence"] = 0;
    EXPECT_TRUE(Check(Text(mutated)).facts) << f.label << " 0";
    mutated["confidence"] = 100;
    EXPECT_TRUE(Check(Text(mutated)).facts) << f.label << " 100";
    ++cases;
  }
  EXPECT_GT(cases, 40u);
}

TEST(ValidatorMutationTest, BadStixPatternIsAnErrorAtItsColumn) {
  for (const char* pattern : {"ipv4-addr:value = '1.2.3.4'", "[ipv4-addr:value = '1.2.3.4'",
                              "[ipv4-addr:value = ]", "[file:name = 'a'] FOLLOWEDBY"}) {
    auto expected = ParsePattern(pattern);
    ASSERT_FALSE(expected) << pattern;
    ASSERT_TRUE(expected.error().where.column) << pattern;
    std::size_t column = *expected.error().where.column;
    for (const char* file : {"every-type.ndjson", "rich.ndjson"}) {
      json::object indicator = json::parse(vtest::FixtureOfType(file, "indicator")).as_object();
      indicator["pattern"] = pattern;
      Outcome outcome = Check(Text(indicator));
      EXPECT_FALSE(outcome.facts);
      ASSERT_EQ(outcome.errors().size(), 1u) << pattern << "\n" << outcome.Dump();
      const Error error = outcome.errors()[0].error;
      EXPECT_EQ(error.where.json_path, "$.pattern");
      EXPECT_EQ(error.where.column, column);
      EXPECT_EQ(error.message, "invalid STIX pattern at column " + std::to_string(column) + ": " +
                                   expected.error().message);
      EXPECT_EQ(error.where.object_id, std::string(indicator.at("id").as_string()));
    }
  }
}

TEST(ValidatorMutationTest, PatternsOfOtherLanguagesAreNotParsedAsStix) {
  json::object indicator =
      json::parse(vtest::FixtureOfType("rich.ndjson", "indicator")).as_object();
  indicator["pattern"] = "alert tcp any any -> any 80 (msg:\"x\";)";
  indicator["pattern_type"] = "snort";
  EXPECT_TRUE(Check(Text(indicator)).facts);
  indicator["pattern_type"] = "stix";
  EXPECT_FALSE(Check(Text(indicator)).facts);
  Validator unchecked({.check_patterns = false});
  std::vector<Finding> findings;
  EXPECT_TRUE(unchecked.Validate(Text(indicator), findings)) << vtest::DumpFindings(findings);
}

struct RefCase {
  std::string type;
  std::string path;         // JSON path of the reference, e.g. "$.where_sighted_refs[0]"
  std::string wrong_id;     // an id of a type the property must not point at
  std::string expectation;  // what the message says the property must refer to
};

// Sets the value at a simple path ($.a.b[0] / $.a['k'].b) in `object`.
void SetAt(json::object& object, const std::string& path, json::value value) {
  json::value root = object;
  json::value* at = &root;
  std::size_t i = 1;  // skip '$'
  while (i < path.size()) {
    if (path[i] == '.') {
      std::size_t end = path.find_first_of(".[", i + 1);
      std::string key = path.substr(i + 1, end - i - 1);
      at = &at->as_object()[key];
      i = end == std::string::npos ? path.size() : end;
    } else if (path.compare(i, 2, "['") == 0) {
      std::size_t end = path.find("']", i);
      at = &at->as_object()[path.substr(i + 2, end - i - 2)];
      i = end + 2;
    } else {
      std::size_t end = path.find(']', i);
      at = &at->as_array().at(std::stoul(path.substr(i + 1, end - i - 1)));
      i = end + 1;
    }
  }
  *at = std::move(value);
  object = root.as_object();
}

TEST(ValidatorMutationTest, ReferenceToTheWrongTypeIsAnError) {
  const std::string kUuid = "--0770c8a1-44cb-5a4d-b8ef-d7a1fb969585";
  const std::string kNotRelatable =
      "an SDO, an SCO or a custom object (not an SRO, a marking-definition, a "
      "language-content or an extension-definition)";
  const std::vector<RefCase> cases = {
      {"relationship", "$.source_ref", "sighting" + kUuid, kNotRelatable},
      {"relationship", "$.target_ref", "marking-definition" + kUuid, kNotRelatable},
      {"sighting", "$.sighting_of_ref", "ipv4-addr" + kUuid, "an SDO or a custom object"},
      {"sighting", "$.where_sighted_refs[1]", "malware" + kUuid, "an identity or a location"},
      {"sighting", "$.observed_data_refs[0]", "report" + kUuid, "an observed-data"},
      {"observed-data", "$.object_refs[0]", "indicator" + kUuid,
       "a cyber-observable object or a relationship"},
      {"malware", "$.sample_refs[0]", "url" + kUuid, "a file or an artifact"},
      {"malware", "$.operating_system_refs[0]", "tool" + kUuid, "a software object"},
      {"malware-analysis", "$.sample_ref", "url" + kUuid,
       "a file, an artifact or a network-traffic object"},
      {"malware-analysis", "$.analysis_sco_refs[0]", "malware" + kUuid,
       "a cyber-observable object"},
      {"email-message", "$.from_ref", "url" + kUuid, "an email-addr"},
      {"email-message", "$.body_multipart[1].body_raw_ref", "url" + kUuid, "a file or an artifact"},
      {"network-traffic", "$.src_ref", "file" + kUuid,
       "an ipv4-addr, an ipv6-addr, a mac-addr or a domain-name"},
      {"network-traffic", "$.encapsulates_refs[0]", "process" + kUuid, "a network-traffic"},
      {"process", "$.parent_ref", "file" + kUuid, "a process"},
      {"process", "$.extensions['windows-service-ext'].service_dll_refs[0]", "url" + kUuid,
       "a file"},
      {"file", "$.parent_directory_ref", "file" + kUuid, "a directory"},
      {"domain-name", "$.resolves_to_refs[0]", "url" + kUuid,
       "an ipv4-addr, an ipv6-addr or a domain-name"},
      {"ipv4-addr", "$.belongs_to_refs[0]", "ipv4-addr" + kUuid, "an autonomous-system"},
      {"language-content", "$.object_ref", "language-content" + kUuid,
       "a STIX object other than a language-content"},
      {"indicator", "$.created_by_ref", "malware" + kUuid, "an identity"},
      {"indicator", "$.object_marking_refs[0]", "indicator" + kUuid, "a marking-definition"},
      {"indicator", "$.granular_markings[0].marking_ref", "identity" + kUuid,
       "a marking-definition"},
      {"extension-definition", "$.created_by_ref", "tool" + kUuid, "an identity"},
  };
  for (const RefCase& c : cases) {
    json::object object = json::parse(vtest::FixtureOfType("rich.ndjson", c.type)).as_object();
    SetAt(object, c.path, json::value(c.wrong_id));
    std::string name = c.path.substr(c.path.find_last_of(".") + 1);
    name = name.substr(0, name.find('['));
    ExpectOnlyError(
        c.type + " " + c.path, Text(object), c.path,
        "'" + name + "' must refer to " + c.expectation + ", found '" + c.wrong_id + "'");
  }
  // Every object's created_by_ref and object_marking_refs, and a malformed identifier.
  for (const Fixture& f : SpecFixtures()) {
    json::object mutated = f.object;
    if (f.object.contains("created_by_ref")) {
      mutated["created_by_ref"] = "tool" + kUuid;
      ExpectOnlyError(f.label, Text(mutated), "$.created_by_ref",
                      "'created_by_ref' must refer to an identity, found 'tool" + kUuid + "'");
      mutated["created_by_ref"] = "identity-0770c8a1";
      ExpectOnlyError(f.label, Text(mutated), "$.created_by_ref",
                      "'created_by_ref' is not a valid identifier");
      mutated = f.object;
    }
    mutated["object_marking_refs"] = json::array{"tool" + kUuid};
    ExpectOnlyError(f.label, Text(mutated), "$.object_marking_refs[0]",
                    "'object_marking_refs' must refer to a marking-definition");
  }
}

TEST(ValidatorMutationTest, CommonPropertyThatDoesNotApplyIsAnError) {
  std::size_t cases = 0;
  for (const Fixture& f : SpecFixtures()) {
    json::object mutated = f.object;
    if (kScoTypes.contains(f.type)) {
      for (const char* property : {"created", "modified"}) {
        mutated = f.object;
        mutated[property] = "2024-01-15T10:00:00.000Z";
        ExpectOnlyError(f.label, Text(mutated), std::string("$.") + property,
                        std::string("'") + property +
                            "' is not allowed on a cyber-observable object (" + f.type + ")");
      }
      for (const char* property :
           {"created_by_ref", "labels", "external_references", "lang", "revoked"}) {
        mutated = f.object;
        mutated[property] = "x";
        ExpectOnlyError(f.label, Text(mutated), std::string("$.") + property,
                        std::string("'") + property + "' is not allowed on a cyber-observable");
      }
    } else if (f.type == "marking-definition") {
      for (const char* property : {"modified", "revoked", "labels", "lang"}) {
        mutated = f.object;
        mutated[property] = "x";
        ExpectOnlyError(f.label, Text(mutated), std::string("$.") + property,
                        std::string("'") + property + "' is not allowed on a marking-definition");
      }
    } else {
      mutated["defanged"] = true;
      std::string what = kSroTypes.contains(f.type)    ? "an SRO (" + f.type + ")"
                         : kMetaTypes.contains(f.type) ? "a"
                                                       : "an SDO (" + f.type + ")";
      ExpectOnlyError(f.label, Text(mutated), "$.defanged", "'defanged' is not allowed on " + what);
    }
    ++cases;
  }
  EXPECT_EQ(cases, 84u);
}

TEST(ValidatorMutationTest, CustomPropertyWithABadNameIsAnError) {
  for (const Fixture& f : SpecFixtures()) {
    const std::string kRule = "must be 3-250 characters of a-z, 0-9 and '_'";
    json::object mutated = f.object;
    mutated["Bad-Name"] = "v";
    ExpectOnlyError(f.label, Text(mutated), "$['Bad-Name']",
                    "custom property name 'Bad-Name' " + kRule);
    mutated = f.object;
    mutated["ab"] = "v";
    ExpectOnlyError(f.label, Text(mutated), "$.ab", "custom property name 'ab' " + kRule);
    mutated = f.object;
    mutated[std::string(251, 'x')] = "v";
    ExpectOnlyError(f.label, Text(mutated), "$." + std::string(251, 'x'), kRule);
    mutated = f.object;
    mutated["x_acme_score"] = 7;
    Outcome fine = Check(Text(mutated));
    EXPECT_TRUE(fine.facts && fine.findings.empty()) << f.label << "\n" << fine.Dump();
  }
}

TEST(ValidatorMutationTest, WrongEnumerationValueIsAnError) {
  const std::string kTlp2 =
      "$.extensions['extension-definition--60a3c5c5-0d10-413e-aab3-"
      "9e08dde9e88d'].tlp_2_0";
  struct EnumCase {
    std::string type, path, bad, message;
    std::string fixture = "rich.ndjson";
  };
  const std::vector<EnumCase> cases = {
      {"opinion", "$.opinion", "maybe",
       "'opinion' must be one of strongly-disagree, disagree, neutral, agree, strongly-agree; "
       "found 'maybe'"},
      {"artifact", "$.encryption_algorithm", "rot13",
       "'encryption_algorithm' must be one of AES-256-GCM, ChaCha20-Poly1305, "
       "mime-type-indicated; found 'rot13'"},
      {"extension-definition", "$.extension_types[0]", "new-thing",
       "'extension_types' must be one of new-sdo, new-sco, new-sro, property-extension, "
       "toplevel-property-extension; found 'new-thing'",
       "every-type.ndjson"},
      {"network-traffic", "$.extensions['socket-ext'].address_family", "AF_FOO",
       "'address_family' must be one of AF_UNSPEC,"},
      {"network-traffic", "$.extensions['socket-ext'].socket_type", "SOCK_FOO",
       "'socket_type' must be one of SOCK_STREAM,"},
      {"process", "$.extensions['windows-process-ext'].integrity_level", "extreme",
       "'integrity_level' must be one of low, medium, high, system; found 'extreme'"},
      {"process", "$.extensions['windows-service-ext'].start_type", "SOMETIMES",
       "'start_type' must be one of SERVICE_AUTO_START,"},
      {"windows-registry-key", "$.values[0].data_type", "REG_FOO",
       "'data_type' must be one of REG_NONE,"},
      {"marking-definition", kTlp2, "purple",
       "'tlp_2_0' must be one of clear, green, amber, amber+strict, red; found 'purple'"},
  };
  for (const EnumCase& c : cases) {
    json::object object = json::parse(vtest::FixtureOfType(c.fixture, c.type)).as_object();
    SetAt(object, c.path, json::value(c.bad));
    ExpectOnlyError(c.type + " " + c.path, Text(object), c.path, c.message);
  }
}

TEST(ValidatorMutationTest, DuplicateKeyIsAnError) {
  for (const Fixture& f : SpecFixtures()) {
    std::string text = Text(f.object);
    std::string id(f.object.at("id").as_string());
    // The same key twice at the top: JSON parsers keep one silently, STIX forbids it.
    ExpectOnlyError(f.label + " id twice", "{\"id\":\"" + id + "\"," + text.substr(1), "$.id",
                    "duplicate key 'id' in one JSON object");
    ExpectOnlyError(f.label + " custom twice", "{\"x_a_b\":1,\"x_a_b\":2," + text.substr(1),
                    "$.x_a_b", "duplicate key 'x_a_b' in one JSON object");
    ExpectOnlyError(f.label + " nested twice", "{\"x_nested\":{\"k\":1,\"k\":2}," + text.substr(1),
                    "$.x_nested.k", "duplicate key 'k' in one JSON object");
  }
  // Inside an external reference and inside hashes.
  std::string pattern =
      Text(json::parse(vtest::FixtureOfType("rich.ndjson", "attack-pattern")).as_object());
  std::string twice = pattern;
  twice.replace(twice.find("\"source_name\":\"capec\""), 21,
                "\"source_name\":\"capec\",\"source_name\":\"capec\"");
  ExpectOnlyError("external reference", twice, "$.external_references[0].source_name",
                  "duplicate key 'source_name'");
  std::string file = Text(json::parse(vtest::FixtureOfType("rich.ndjson", "file")).as_object());
  std::size_t at = file.find("\"MD5\":");
  file.insert(at, file.substr(at, file.find(',', at) - at + 1));
  ExpectOnlyError("hashes", file, "$.hashes.MD5", "duplicate key 'MD5'");
}

TEST(ValidatorMutationTest, PredefinedExtensionOnTheWrongTypeIsAnError) {
  json::object process = json::parse(vtest::FixtureOfType("rich.ndjson", "process")).as_object();
  process["extensions"].as_object()["archive-ext"] = json::object{{"contains_refs", json::array{}}};
  ExpectOnlyError("archive-ext on a process", Text(process), "$.extensions['archive-ext']",
                  "predefined extension 'archive-ext' applies to file objects, not to 'process'");
}

}  // namespace
}  // namespace qccm::stix
