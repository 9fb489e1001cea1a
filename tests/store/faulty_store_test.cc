// Tests of the FaultyStore wrapper that other modules' fault tests rely on.
#include "support/faulty_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "qccm/store/store.h"

namespace qccm::store::testing {
namespace {

class FaultyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "qccm-faulty-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    config_.data_dir = pattern;
    auto opened = OpenStore(config_, OpenMode::kCreateIfMissing);
    ASSERT_TRUE(opened) << opened.error().ToString();
    inner_ = std::move(*opened);
    faulty_ = std::make_unique<FaultyStore>(*inner_);
  }
  void TearDown() override {
    faulty_.reset();
    inner_.reset();
    std::filesystem::remove_all(config_.data_dir);
  }
  Result<sharing::Member> Create(const std::string& code) {
    return faulty_->sharing().CreateMember({.code = code, .name = code});
  }

  Config config_;
  std::unique_ptr<Store> inner_;
  std::unique_ptr<FaultyStore> faulty_;
};

TEST_F(FaultyStoreTest, ForwardsCallsWhenNoFailureIsArmed) {
  ASSERT_TRUE(Create("A"));
  EXPECT_EQ(faulty_->sharing().GetMemberByCode("A")->code, "A");
  EXPECT_EQ(faulty_->calls(), 2);
  EXPECT_EQ(faulty_->backend_name(), "sqlite");
}

TEST_F(FaultyStoreTest, TheNthCallFailsWithStorageAndDoesNotReachTheStore) {
  faulty_->FailNthCall(2);
  ASSERT_TRUE(Create("A"));
  auto failed = Create("B");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kStorage);
  EXPECT_NE(failed.error().message.find("CreateMember"), std::string::npos);
  EXPECT_TRUE(Create("C"));
  EXPECT_EQ(inner_->sharing().ListMembers()->size(), 2u);
  EXPECT_EQ(faulty_->injected_failures(), 1);
}

TEST_F(FaultyStoreTest, FailFromNthCallFailsUntilHealed) {
  faulty_->FailFromNthCall(1);
  EXPECT_FALSE(Create("A"));
  EXPECT_FALSE(faulty_->objects().CountObjects(""));
  EXPECT_FALSE(faulty_->Stats());
  faulty_->Heal();
  EXPECT_TRUE(Create("A"));
  EXPECT_EQ(faulty_->injected_failures(), 3);
}

}  // namespace
}  // namespace qccm::store::testing
