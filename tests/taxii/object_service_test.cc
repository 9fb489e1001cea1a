// ObjectService on a real (temporary) SQLite store: the rights outcomes that the TAXII
// handlers rely on, decided through access_policy.h.
#include "qccm/sharing/object_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/stix/reader.h"
#include "qccm/store/object_store.h"
#include "qccm/store/store.h"

namespace qccm::sharing {
namespace {

class ObjectServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() / ("qccm-objsvc-" + std::to_string(random()));
    Config config;
    config.data_dir = dir_.string();
    store_ = store::OpenStore(config, store::OpenMode::kCreateIfMissing, clock_).value();
    sharing_ =
        std::make_unique<SharingService>(store_->sharing(), clock_, PasswordCost::kFastForTests);
    for (const char* code : {"ALPHA", "BRAVO", "CHARLIE"}) sharing_->AddMember(code, code).value();
    collection_ = sharing_
                      ->AddCollection({.title = "c",
                                       .read_members = {"ALPHA", "BRAVO"},
                                       .write_members = {"ALPHA", "BRAVO"}})
                      .value()
                      .id;
    service_ = std::make_unique<ObjectService>(store_->objects(), store_->sharing());
    ingest_ = std::make_unique<IngestService>(store_->objects(), store_->sharing(), clock_);
  }
  void TearDown() override {
    service_.reset();
    ingest_.reset();
    sharing_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Principal Of(const std::string& code, Role role = Role::kAnalyst) {
    Principal p = sharing_->OperatorFor(code).value();
    p.roles = RoleBit(role);
    return p;
  }
  void Add(const Principal& who, const std::string& modified) {
    std::string json =
        R"({"type":"indicator","spec_version":"2.1","id":"indicator--6ba7b810-9dad-41d1-80b4-00c04fd430c8","created":"2024-01-01T00:00:00Z","modified":")" +
        modified +
        R"(","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"})";
    auto document = stix::ParseInput("test", R"({"objects":[)" + json + "]}").value();
    auto report =
        ingest_->Ingest(who, collection_, document.objects(), {.input_padded = true}).value();
    ASSERT_EQ(report.added, 1u);
  }
  static constexpr std::string_view kId = "indicator--6ba7b810-9dad-41d1-80b4-00c04fd430c8";

  FakeClock clock_{Timestamp::FromSeconds(1700000000)};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SharingService> sharing_;
  std::unique_ptr<ObjectService> service_;
  std::unique_ptr<IngestService> ingest_;
  std::string collection_;
};

TEST_F(ObjectServiceTest, AuthorizeHidesCollectionsWithoutRightsAndRefusesMissingRights) {
  EXPECT_TRUE(service_->Authorize(Of("ALPHA"), collection_, Need::kWrite));
  EXPECT_EQ(service_->Authorize(Of("CHARLIE"), collection_, Need::kSee).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->Authorize(Of("ALPHA"), "no-such", Need::kSee).error().code,
            ErrorCode::kNotFound);
  sharing_->Revoke(collection_, "BRAVO", false, true).value();
  EXPECT_TRUE(service_->Authorize(Of("BRAVO"), collection_, Need::kRead));
  EXPECT_EQ(service_->Authorize(Of("BRAVO"), collection_, Need::kWrite).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Authorize(Of("ALPHA", Role::kAuditor), collection_, Need::kSee).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Collections(Of("ALPHA", Role::kTrainer)).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Collections(Of("CHARLIE"))->size(), 0u);
}

TEST_F(ObjectServiceTest, DeleteRemovesOnlyTheMembersOwnVersionsOrNothing) {
  Add(Of("ALPHA"), "2024-01-01T00:00:00Z");
  // Ingest refuses a version of another member's object (tests/security); a store written
  // before that check may still hold one, put here directly.
  const std::string json = R"({"type":"indicator","id":")" + std::string(kId) + R"("})";
  const store::NewObjectVersion bravo{.id = kId,
                                      .type = "indicator",
                                      .spec_version = "2.1",
                                      .modified = ParseTimestamp("2024-02-01T00:00:00Z").value(),
                                      .json = json,
                                      .author_member = Of("BRAVO").member_id};
  ASSERT_TRUE(store_->objects().PutObjects(collection_, {&bravo, 1}));
  auto refused = service_->DeleteObject(Of("ALPHA"), collection_, kId, {}, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->objects().CountObjects(collection_).value(), 2);
  auto own = service_->DeleteObject(Of("ALPHA"), collection_, kId, {.first = true}, {});
  ASSERT_TRUE(own) << own.error().ToString();
  EXPECT_EQ(*own, 1u);
  EXPECT_EQ(service_->DeleteObject(Of("ALPHA"), collection_, kId, {}, {}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->DeleteObject(Of("BRAVO"), collection_, kId, {}, {}).value(), 1u);
  EXPECT_EQ(service_->DeleteObject(Of("BRAVO"), collection_, kId, {}, {}).error().code,
            ErrorCode::kNotFound);
}

TEST_F(ObjectServiceTest, StatusIsReadableOnlyByItsMember) {
  std::string json = R"({"objects":[]})";
  auto document = stix::ParseInput("test", json).value();
  ingest_
      ->Ingest(Of("ALPHA"), collection_, document.objects(),
               {.write_status = true, .status_id = "11111111-1111-4111-8111-111111111111"})
      .value();
  EXPECT_TRUE(service_->GetStatus(Of("ALPHA"), "11111111-1111-4111-8111-111111111111"));
  EXPECT_EQ(service_->GetStatus(Of("BRAVO"), "11111111-1111-4111-8111-111111111111").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(service_->GetStatus(Of("ALPHA", Role::kAuditor), "11111111-1111-4111-8111-111111111111")
                .error()
                .code,
            ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace qccm::sharing
