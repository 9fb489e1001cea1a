// The input reader: bundles, TAXII envelopes, NDJSON, single objects, and every way an input
// file can be broken, each failing with a place (file, line, column) that says where.
#include "qccm/stix/reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "qccm/stix/validator.h"
#include "stix/validator_test_util.h"

namespace qccm::stix {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(QCCM_SHARED_DATA_DIR) + "/stix";

const char* kIdentity =
    R"({"type":"identity","spec_version":"2.1","id":"identity--8c6af861-7b20-41ef-9b59-6344fd872a8f","created":"2016-08-08T15:50:10.983Z","modified":"2016-08-08T15:50:10.983Z","name":"Franistan Intelligence","identity_class":"organization"})";

// A temporary file that is removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    path_ = (fs::temp_directory_path() /
             ("qccm-reader-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)))
                .string();
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

TEST(ReaderTest, BundleIsSplitIntoItsObjectsWithTheirLines) {
  auto document = ReadInputFile(kData + "/oasis-examples/apt1.json");
  ASSERT_TRUE(document) << document.error().ToString();
  EXPECT_EQ(document->format(), InputFormat::kBundle);
  ASSERT_EQ(document->objects().size(), 76u);
  EXPECT_TRUE(document->warnings().empty());
  std::string text = vtest::ReadFileText(kData + "/oasis-examples/apt1.json");
  for (const RawObject& raw : document->objects()) {
    ASSERT_FALSE(raw.error);
    EXPECT_EQ(raw.json.front(), '{');
    EXPECT_EQ(raw.json.back(), '}');
  }
  // Object 0 starts on the line of the first '{' after "objects".
  std::size_t line = 1;
  std::size_t first = text.find("\"objects\"");
  first = text.find('{', first);
  for (std::size_t i = 0; i < first; ++i) line += text[i] == '\n';
  EXPECT_EQ(document->objects()[0].line, line);
  EXPECT_EQ(document->objects()[75].index, 75u);
  EXPECT_GT(document->objects()[75].line, document->objects()[74].line);
}

TEST(ReaderTest, LinesOfBundleObjectsMatchTheText) {
  std::string text =
      "{\"type\": \"bundle\", \"id\": \"bundle--63ab8e67-acac-4817-845a-d09f0e86954c\",\n"
      "\"objects\": [\n" +
      std::string(kIdentity) + ",\n\n" + kIdentity + "\n]}";
  auto document = ParseInput("b.json", text);
  ASSERT_TRUE(document) << document.error().ToString();
  ASSERT_EQ(document->objects().size(), 2u);
  EXPECT_EQ(document->objects()[0].line, 3u);
  EXPECT_EQ(document->objects()[1].line, 5u);
}

TEST(ReaderTest, EnvelopeIsRecognised) {
  std::string text = std::string(R"({"more": false, "objects": [)") + kIdentity + "]}";
  auto document = ParseInput("envelope.json", text);
  ASSERT_TRUE(document) << document.error().ToString();
  EXPECT_EQ(document->format(), InputFormat::kEnvelope);
  ASSERT_EQ(document->objects().size(), 1u);
  EXPECT_EQ(document->objects()[0].json, kIdentity);
}

TEST(ReaderTest, SingleObjectIsOneObject) {
  auto document = ReadInputFile(kData + "/validator-test-examples/identity.json");
  ASSERT_TRUE(document) << document.error().ToString();
  EXPECT_EQ(document->format(), InputFormat::kSingleObject);
  ASSERT_EQ(document->objects().size(), 1u);
  Validator validator;
  std::vector<Finding> findings;
  EXPECT_TRUE(validator.Validate(document->objects()[0].json, findings, document->padded()));
}

TEST(ReaderTest, NdjsonBadLineSpoilsOnlyItself) {
  std::string text = std::string(kIdentity) + "\n{\"type\": \"tool\", \n\n" + kIdentity +
                     "\n[1, 2]\n" + kIdentity + "\n";
  auto document = ParseInput("lines.ndjson", text);
  ASSERT_TRUE(document) << document.error().ToString();
  EXPECT_EQ(document->format(), InputFormat::kNdjson);
  const auto& objects = document->objects();
  ASSERT_EQ(objects.size(), 5u);
  EXPECT_FALSE(objects[0].error);
  ASSERT_TRUE(objects[1].error);
  EXPECT_EQ(objects[1].line, 2u);
  EXPECT_EQ(objects[1].error->where.line, 2u);
  EXPECT_EQ(objects[1].error->where.object_index, 1u);
  EXPECT_NE(objects[1].error->message.find("malformed JSON"), std::string::npos)
      << objects[1].error->message;
  EXPECT_FALSE(objects[2].error);
  EXPECT_EQ(objects[2].line, 4u);  // the blank line 3 is skipped
  ASSERT_TRUE(objects[3].error);
  EXPECT_EQ(objects[3].error->message, "line is not a JSON object");
  EXPECT_FALSE(objects[4].error);
  EXPECT_EQ(objects[4].json, kIdentity);
}

TEST(ReaderTest, EmptyFileIsAnError) {
  TempFile empty("");
  auto document = ReadInputFile(empty.path());
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(document.error().message, "input is empty");
  EXPECT_EQ(document.error().where.file, empty.path());
  EXPECT_FALSE(ParseInput("blank", " \n\t\n"));
}

TEST(ReaderTest, TruncatedFileIsAnErrorWithItsPlace) {
  std::string text = vtest::ReadFileText(kData + "/mitre-attack/ics-attack-8.0.json");
  TempFile truncated(text.substr(0, text.size() / 2));
  auto document = ReadInputFile(truncated.path());
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(document.error().message.find("JSON"), std::string::npos) << document.error().message;
  ASSERT_TRUE(document.error().where.line);
  EXPECT_GT(*document.error().where.line, 1u);
  EXPECT_TRUE(document.error().where.column);
}

TEST(ReaderTest, InvalidUtf8IsAnErrorAtTheBadByte) {
  std::string text = std::string(kIdentity);
  text.insert(text.find("Franistan"), "\xC3\x28");  // a 2-byte lead followed by a non-continuation
  auto document = ParseInput("bad-utf8.json", text);
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().message, "text is not valid UTF-8");
  EXPECT_EQ(document.error().where.line, 1u);
  EXPECT_EQ(document.error().where.column, text.find("\xC3") + 1);
}

TEST(ReaderTest, ByteOrderMarkIsRejected) {
  auto document = ParseInput("bom.json", "\xEF\xBB\xBF" + std::string(kIdentity));
  ASSERT_FALSE(document);
  EXPECT_NE(document.error().message.find("byte order mark"), std::string::npos);
  EXPECT_EQ(document.error().where.column, 1u);
}

TEST(ReaderTest, TenThousandDeepNestingIsRejectedNotACrash) {
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  std::string in_object = "{\"type\":\"x-deep\",\"x_v\":" + deep + "}";
  std::string in_bundle =
      R"({"type":"bundle","id":"bundle--63ab8e67-acac-4817-845a-d09f0e86954c","objects":[)" +
      in_object + "]}";
  for (const std::string& text : {deep, in_object, in_bundle}) {
    auto document = ParseInput("deep.json", text);
    if (document) {
      // A reader that cannot see the depth of skipped values must leave it to the validator.
      ASSERT_EQ(document->objects().size(), 1u);
      Validator validator;
      std::vector<Finding> findings;
      EXPECT_FALSE(validator.Validate(document->objects()[0].json, findings, true));
      ASSERT_FALSE(findings.empty());
      EXPECT_NE(findings[0].error.message.find("nested too deeply"), std::string::npos)
          << findings[0].error.message;
    } else {
      EXPECT_NE(document.error().message.find("deep"), std::string::npos)
          << document.error().ToString();
    }
  }
  EXPECT_FALSE(ParseInput("deep.json", deep));  // not an object at all
}

TEST(ReaderTest, ObjectsThatIsNotAnArrayIsAnError) {
  auto document = ParseInput(
      "b.json",
      R"({"type":"bundle","id":"bundle--63ab8e67-acac-4817-845a-d09f0e86954c","objects":{}})");
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().message, "\"objects\" must be an array");
  EXPECT_EQ(document.error().where.json_path, "$.objects");
  auto envelope = ParseInput("e.json", R"({"objects": "none"})");
  ASSERT_FALSE(envelope);
  EXPECT_EQ(envelope.error().where.json_path, "$.objects");
}

TEST(ReaderTest, MemberOfObjectsThatIsNotAnObjectIsAnError) {
  auto document = ParseInput(
      "b.json",
      R"({"type":"bundle","id":"bundle--63ab8e67-acac-4817-845a-d09f0e86954c","objects":[)" +
          std::string(kIdentity) + ", 7]}");
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().message, "every member of \"objects\" must be a JSON object");
  EXPECT_EQ(document.error().where.object_index, 1u);
}

TEST(ReaderTest, BadBundleIdIsAnError) {
  auto document = ParseInput(
      "b.json",
      R"({"type":"bundle","id":"indicator--63ab8e67-acac-4817-845a-d09f0e86954c","objects":[]})");
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().where.json_path, "$.id");
}

TEST(ReaderTest, DirectoryGivenAsAFileIsAnIoError) {
  auto document = ReadInputFile(kData);
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().code, ErrorCode::kIo);
  EXPECT_EQ(document.error().message, "is a directory, not a file");
  EXPECT_EQ(document.error().where.file, kData);
}

TEST(ReaderTest, MissingFileIsAnIoError) {
  auto document = ReadInputFile(kData + "/no-such-file.json");
  ASSERT_FALSE(document);
  EXPECT_EQ(document.error().code, ErrorCode::kIo);
  EXPECT_NE(document.error().message.find("cannot open"), std::string::npos);
}

TEST(ReaderTest, Attack8BundleSpecVersionIsAWarning) {
  auto document = ReadInputFile(kData + "/mitre-attack/ics-attack-8.0.json");
  ASSERT_TRUE(document) << document.error().ToString();
  EXPECT_EQ(document->objects().size(), 683u);
  ASSERT_EQ(document->warnings().size(), 1u);
  EXPECT_EQ(document->warnings()[0].where.json_path, "$.spec_version");
  EXPECT_NE(document->warnings()[0].message.find("STIX 2.0"), std::string::npos);
  auto current = ReadInputFile(kData + "/mitre-attack/ics-attack-17.1.json");
  ASSERT_TRUE(current);
  EXPECT_TRUE(current->warnings().empty());
}

TEST(ReaderTest, NonJsonValidatorExamplesFailWithAPlace) {
  auto braces = ReadInputFile(kData + "/validator-test-examples/invalid_braces.json");
  ASSERT_FALSE(braces);
  EXPECT_EQ(braces.error().where.line, 1u);
  EXPECT_EQ(braces.error().where.column, 1u);
  auto comma = ReadInputFile(kData + "/validator-test-examples/invalid_comma.json");
  ASSERT_FALSE(comma);
  EXPECT_EQ(comma.error().where.line, 9u);  // the '}' after the trailing comma
}

TEST(ReaderTest, InvalidJsonInsideABundleMemberIsCaught) {
  std::string text =
      R"({"type":"bundle","id":"bundle--63ab8e67-acac-4817-845a-d09f0e86954c","objects":[)"
      R"({"type":"x-a","id":"x-a--63ab8e67-acac-4817-845a-d09f0e86954c","x_v":tru}]})";
  auto document = ParseInput("b.json", text);
  if (document) {
    // On-Demand skips values it is not asked for; the validator's full parse must catch it.
    ASSERT_EQ(document->objects().size(), 1u);
    Validator validator;
    std::vector<Finding> findings;
    EXPECT_FALSE(validator.Validate(document->objects()[0].json, findings, true));
    ASSERT_FALSE(findings.empty());
    EXPECT_NE(findings[0].error.message.find("JSON"), std::string::npos);
  } else {
    EXPECT_NE(document.error().message.find("JSON"), std::string::npos);
  }
}

TEST(ReaderTest, TrailingContentAfterTheTopValueIsAnError) {
  auto document = ParseInput("t.json", std::string(kIdentity) + " x");
  ASSERT_FALSE(document);
}

TEST(ReaderTest, InputFormatNames) {
  EXPECT_EQ(InputFormatName(InputFormat::kBundle), "bundle");
  EXPECT_EQ(InputFormatName(InputFormat::kEnvelope), "envelope");
  EXPECT_EQ(InputFormatName(InputFormat::kNdjson), "ndjson");
  EXPECT_EQ(InputFormatName(InputFormat::kSingleObject), "object");
}

}  // namespace
}  // namespace qccm::stix
