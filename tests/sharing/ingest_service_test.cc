// IngestService on a real (temporary) SQLite store: a batch larger than one pipeline chunk is
// validated chunk by chunk while the previous chunk is written, and must report and store
// exactly what one batch would: refusals at chunk edges, conflicts across chunks, other
// members' objects, the after-commit hook, and nothing stored on a storage failure.
#include "qccm/sharing/ingest_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>
#include <set>

#include "qccm/sharing/sharing_service.h"
#include "qccm/stix/reader.h"
#include "qccm/store/store.h"

namespace qccm::sharing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::size_t kChunk = 1000;    // the pipeline's chunk size in these tests
constexpr std::size_t kObjects = 2500;  // more than two chunks

std::string Uuid(std::size_t n) {
  char text[40];
  std::snprintf(text, sizeof text, "6ba7b810-9dad-41d1-80b4-%012zx", n);
  return text;
}

std::string Indicator(std::size_t n, const std::string& modified = "2024-01-01T00:00:00Z",
                      const std::string& name = "x") {
  return R"({"type":"indicator","spec_version":"2.1","id":"indicator--)" + Uuid(n) +
         R"(","created":"2024-01-01T00:00:00Z","modified":")" + modified + R"(","name":")" + name +
         R"(","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"})";
}

// A bundle of `count` indicators where replace(i) may substitute object i's text.
template <typename Replace>
std::string Bundle(std::size_t count, Replace replace) {
  std::string text = R"({"type":"bundle","id":"bundle--)" + Uuid(999999) + R"(","objects":[)";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) text += ',';
    std::string object = replace(i);
    text += object.empty() ? Indicator(i) : object;
  }
  return text + "]}";
}

class IngestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() / ("qccm-ingest-" + std::to_string(random()));
    config_.data_dir = dir_.string();
    store_ = store::OpenStore(config_, store::OpenMode::kCreateIfMissing, clock_).value();
    sharing_ =
        std::make_unique<SharingService>(store_->sharing(), clock_, PasswordCost::kFastForTests);
    for (const char* code : {"ALPHA", "BRAVO"}) sharing_->AddMember(code, code).value();
    collection_ = sharing_
                      ->AddCollection({.title = "c",
                                       .read_members = {"ALPHA", "BRAVO"},
                                       .write_members = {"ALPHA", "BRAVO"}})
                      .value()
                      .id;
    ingest_ = std::make_unique<IngestService>(store_->objects(), store_->sharing(), clock_);
  }
  void TearDown() override {
    ingest_.reset();
    sharing_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Result<IngestReport> Ingest(const std::string& member, const std::string& text) {
    document_ = stix::ParseInput("test", text).value();
    return ingest_->Ingest(sharing_->OperatorFor(member).value(), collection_, document_.objects(),
                           {.input_padded = true});
  }
  std::int64_t Count() { return store_->objects().CountObjects(collection_).value(); }

  std::filesystem::path dir_;
  Config config_;
  FakeClock clock_{Timestamp::FromSeconds(1'700'000'000)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SharingService> sharing_;
  std::unique_ptr<IngestService> ingest_;
  std::string collection_;
  stix::InputDocument document_;
};

TEST_F(IngestServiceTest, ALargeBatchReportsRefusalsAtChunkEdgesAndConflictsAcrossChunks) {
  // Invalid objects on both sides of each chunk edge; a later version of object 1 and a
  // conflicting copy of object 2 in the last chunk; an identical copy of object 3.
  const std::set<std::size_t> invalid = {0, 999, 1000, 1999, 2000, kObjects - 1};
  const std::string text = Bundle(kObjects, [&](std::size_t i) -> std::string {
    if (invalid.contains(i)) return R"({"type":"indicator","id":"indicator--)" + Uuid(i) + "\"}";
    if (i == 2100) return Indicator(1, "2024-02-01T00:00:00Z");
    if (i == 2101) return Indicator(2, "2024-01-01T00:00:00Z", "other");
    if (i == 2102) return Indicator(3);
    return "";
  });
  std::size_t hooked = 0;
  ingest_->SetAfterCommitHook(
      [&](std::string_view, Timestamp, std::span<const store::NewObjectVersion> added) {
        hooked += added.size();
      });
  auto report = Ingest("ALPHA", text);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->received, kObjects);
  EXPECT_EQ(report->added, kObjects - invalid.size() - 2);  // the conflict and the copy not
  EXPECT_EQ(report->unchanged, 1u);
  std::vector<std::size_t> refused;
  for (const RejectedObject& r : report->rejected) refused.push_back(r.index);
  EXPECT_THAT(refused, ElementsAre(0, 999, 1000, 1999, 2000, 2101, kObjects - 1));
  EXPECT_EQ(report->rejected[5].error.code, ErrorCode::kConflict);
  EXPECT_EQ(report->rejected[5].id, "indicator--" + Uuid(2));
  EXPECT_EQ(hooked, report->added);
  EXPECT_EQ(Count(), static_cast<std::int64_t>(report->added));
  EXPECT_TRUE(store_->CheckIntegrity());
  auto latest = store_->objects().ListObjects(collection_, {.ids = {"indicator--" + Uuid(1)}},
                                              store::Viewer{.member_id = 1});
  ASSERT_TRUE(latest);
  ASSERT_EQ(latest->objects.size(), 1u);
  EXPECT_THAT(latest->objects[0].json, HasSubstr("2024-02-01"));
}

TEST_F(IngestServiceTest, ALargeBatchRefusesNewVersionsOfAnotherMembersObjectsInAnyChunk) {
  auto bravo = Ingest("BRAVO", R"({"objects":[)" + Indicator(1500, "2024-06-01T00:00:00Z") + "]}");
  ASSERT_TRUE(bravo) << bravo.error().ToString();
  ASSERT_EQ(bravo->added, 1u);
  // ALPHA's batch holds a new version of BRAVO's object in its second chunk.
  auto report = Ingest("ALPHA", Bundle(kObjects, [](std::size_t) { return std::string(); }));
  ASSERT_TRUE(report) << report.error().ToString();
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].index, 1500u);
  EXPECT_EQ(report->rejected[0].error.code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(report->added, kObjects - 1);
  EXPECT_EQ(Count(), static_cast<std::int64_t>(kObjects));
}

TEST_F(IngestServiceTest, AStorageFailureInALaterChunkStoresNothingOfTheBatch) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "qccm.db").c_str(), &db), SQLITE_OK);
  const std::string trigger =
      "CREATE TRIGGER injected BEFORE INSERT ON objects WHEN NEW.id = 'indicator--" + Uuid(2400) +
      "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END";
  ASSERT_EQ(sqlite3_exec(db, trigger.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto report = Ingest("ALPHA", Bundle(kObjects, [](std::size_t) { return std::string(); }));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kStorage);
  EXPECT_THAT(report.error().message, HasSubstr("injected failure"));
  EXPECT_EQ(Count(), 0);
  EXPECT_TRUE(store_->CheckIntegrity());
}

}  // namespace
}  // namespace qccm::sharing
