// Every real STIX 2.1 file under shared/data/stix validates as its README says: no errors
// except the documented negative examples, and the documented real-world mess as warnings.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "qccm/stix/reader.h"
#include "qccm/stix/validator.h"
#include "stix/validator_test_util.h"

namespace qccm::stix {
namespace {

namespace fs = std::filesystem;
using vtest::DumpFindings;

const std::string kData = std::string(QCCM_SHARED_DATA_DIR) + "/stix";

struct FileResult {
  std::size_t objects = 0;
  std::size_t valid = 0;
  std::vector<Finding> findings;

  std::size_t Count(Severity severity) const {
    std::size_t n = 0;
    for (const Finding& f : findings) n += f.severity == severity;
    return n;
  }
  bool Has(Severity severity, std::string_view path, std::string_view text) const {
    for (const Finding& f : findings) {
      if (f.severity == severity && f.error.where.json_path == path &&
          f.error.message.find(text) != std::string::npos) {
        return true;
      }
    }
    return false;
  }
};

FileResult ValidateFile(const std::string& path) {
  auto document = ReadInputFile(path);
  EXPECT_TRUE(document) << path << ": " << document.error().ToString();
  FileResult result;
  if (!document) return result;
  Validator validator;
  for (const RawObject& raw : document->objects()) {
    EXPECT_FALSE(raw.error) << raw.error->ToString();
    ++result.objects;
    std::vector<Finding> findings;
    if (validator.Validate(raw.json, findings, document->padded())) ++result.valid;
    result.findings.insert(result.findings.end(), findings.begin(), findings.end());
  }
  return result;
}

std::vector<std::string> AllJsonFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(kData)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ValidatorRealDataTest, EveryRealFileValidatesExceptTheDocumentedNegatives) {
  const std::map<std::string, std::size_t> kExpectedErrors = {
      {"invalid_identity.json", 1},
      {"invalid_timestamp.json", 1},
  };
  std::size_t files = 0, objects = 0;
  for (const std::string& path : AllJsonFiles()) {
    std::string name = fs::path(path).filename().string();
    if (name == "invalid_braces.json" || name == "invalid_comma.json") continue;  // not JSON
    FileResult result = ValidateFile(path);
    auto expected = kExpectedErrors.find(name);
    std::size_t want = expected == kExpectedErrors.end() ? 0 : expected->second;
    EXPECT_EQ(result.Count(Severity::kError), want) << path << "\n"
                                                    << DumpFindings(result.findings);
    ++files;
    objects += result.objects;
  }
  EXPECT_EQ(files, 27u);  // 29 JSON files in the README, 2 of them not JSON
  EXPECT_GT(objects, 2400u);
}

TEST(ValidatorRealDataTest, NonJsonExamplesAreRejectedByTheReader) {
  for (const char* name : {"invalid_braces.json", "invalid_comma.json"}) {
    auto document = ReadInputFile(kData + "/validator-test-examples/" + name);
    ASSERT_FALSE(document) << name;
    EXPECT_EQ(document.error().code, ErrorCode::kInvalidInput);
  }
}

TEST(ValidatorRealDataTest, InvalidIdentityLacksModified) {
  FileResult result = ValidateFile(kData + "/validator-test-examples/invalid_identity.json");
  EXPECT_EQ(result.valid, 0u);
  EXPECT_TRUE(result.Has(Severity::kError, "$.modified", "required property 'modified' is missing"))
      << DumpFindings(result.findings);
  ASSERT_FALSE(result.findings.empty());
  EXPECT_EQ(result.findings[0].error.where.object_id,
            "identity--8c6af861-7b20-41ef-9b59-6344fd872a8f");
}

TEST(ValidatorRealDataTest, InvalidTimestampHasModifiedBeforeCreated) {
  FileResult result = ValidateFile(kData + "/validator-test-examples/invalid_timestamp.json");
  EXPECT_EQ(result.valid, 0u);
  EXPECT_TRUE(result.Has(Severity::kError, "$.modified",
                         "'modified' (2015-08-08T15:50:10.983Z) must be later than or equal to "
                         "'created' (2016-08-08T15:50:10.983Z)"))
      << DumpFindings(result.findings);
}

TEST(ValidatorRealDataTest, CustomPropertiesWithoutPrefixAreWarnings) {
  FileResult custom = ValidateFile(kData + "/validator-test-examples/identity_custom.json");
  EXPECT_EQ(custom.valid, 1u);
  EXPECT_TRUE(custom.Has(Severity::kWarning, "$.foo", "should start with 'x_'"))
      << DumpFindings(custom.findings);
  FileResult tool = ValidateFile(kData + "/validator-test-examples/tool.json");
  EXPECT_EQ(tool.valid, 1u);
  EXPECT_EQ(tool.Count(Severity::kWarning), 2u) << DumpFindings(tool.findings);
  EXPECT_TRUE(tool.Has(Severity::kWarning, "$.foo_value", "should start with 'x_'"));
  EXPECT_TRUE(tool.Has(Severity::kWarning, "$.bar_value", "should start with 'x_'"));
}

TEST(ValidatorRealDataTest, StrictPropertyNamesTurnTheWarningIntoAnError) {
  std::string json = vtest::ReadFileText(kData + "/validator-test-examples/tool.json");
  auto outcome = vtest::Check(json, {.strict_property_names = true});
  EXPECT_FALSE(outcome.facts);
  EXPECT_TRUE(outcome.HasError("$.foo_value", "should start with 'x_'")) << outcome.Dump();
}

TEST(ValidatorRealDataTest, Attack8BadReferenceUrlsAreWarnings) {
  FileResult result = ValidateFile(kData + "/mitre-attack/ics-attack-8.0.json");
  EXPECT_EQ(result.valid, result.objects);
  std::size_t url_warnings = 0;
  std::set<std::string> objects;
  for (const Finding& f : result.findings) {
    if (f.error.message.find("'url' should be a URL") != std::string::npos) {
      ++url_warnings;
      objects.insert(f.error.where.object_id);
    }
  }
  // Two citations in place of a URL, and one URL with a trailing space cited twice.
  EXPECT_EQ(url_warnings, 4u) << DumpFindings(result.findings);
  EXPECT_EQ(objects.size(), 3u);
  EXPECT_TRUE(result.Has(Severity::kWarning, "$.external_references[0].url",
                         "found 'Dragos. (n.d.). Chrysene. Retrieved October 27, 2019.'"));
  // Its copyright marking-definition has a created time without milliseconds.
  EXPECT_TRUE(result.Has(Severity::kWarning, "$.created", "at least the millisecond"));
}

TEST(ValidatorRealDataTest, Attack17HasNoFindingsAtAll) {
  FileResult result = ValidateFile(kData + "/mitre-attack/ics-attack-17.1.json");
  EXPECT_EQ(result.objects, 1651u);
  EXPECT_EQ(result.valid, 1651u);
  EXPECT_TRUE(result.findings.empty()) << DumpFindings(result.findings);
}

TEST(ValidatorRealDataTest, TlpAmberTwoPointZeroMarkingValidates) {
  FileResult result = ValidateFile(kData + "/validator-test-examples/tlp-amber.json");
  EXPECT_EQ(result.valid, 1u);
  EXPECT_TRUE(result.findings.empty()) << DumpFindings(result.findings);
}

TEST(ValidatorRealDataTest, ValidateBundleChecksTheContainerAndEveryObject) {
  Validator validator;
  std::vector<Finding> findings;
  std::string apt1 = vtest::ReadFileText(kData + "/oasis-examples/apt1.json");
  EXPECT_TRUE(validator.ValidateBundle(apt1, findings)) << DumpFindings(findings);

  findings.clear();
  std::string attack8 = vtest::ReadFileText(kData + "/mitre-attack/ics-attack-8.0.json");
  EXPECT_TRUE(validator.ValidateBundle(attack8, findings));
  bool spec_version_warning = false;
  for (const Finding& f : findings) {
    spec_version_warning |= f.error.where.json_path == "$.spec_version";
  }
  EXPECT_TRUE(spec_version_warning) << DumpFindings(findings);

  findings.clear();
  std::string identity =
      vtest::ReadFileText(kData + "/validator-test-examples/invalid_timestamp.json");
  std::string bundle = R"({"type": "bundle", "id": "bundle--63ab8e67-acac-4817-845a-d09f0e86954c",
                          "objects": [)" +
                       identity + "]}";
  EXPECT_FALSE(validator.ValidateBundle(bundle, findings));
  ASSERT_EQ(findings.size(), 1u) << DumpFindings(findings);
  EXPECT_EQ(findings[0].error.where.json_path, "$.objects[0].modified");
  EXPECT_EQ(findings[0].error.where.object_index, 0u);
}

}  // namespace
}  // namespace qccm::stix
