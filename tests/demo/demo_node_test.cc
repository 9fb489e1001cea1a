// `qccm demo init` and `qccm demo generate` end to end (in-process, temp directories), and the
// library setup on a real SQLite store.
#include "qccm/demo/demo_node.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "qccm/core/config.h"
#include "qccm/demo/demo_world.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/stix/batch_validation.h"
#include "qccm/stix/reader.h"
#include "qccm/store/store.h"
#include "support/cli_run.h"

namespace qccm::demo {
namespace {

namespace fs = std::filesystem;

using Outcome = test::CliOutcome;

class DemoNodeTest : public ::testing::Test {
 protected:
  Outcome Run(std::vector<std::string> args) { return test::RunCli(std::move(args)); }

  static std::string ReadFile(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  }

  test::ScratchDir scratch_{"qccm_demo"};
  fs::path dir_ = scratch_.path();
};

TEST_F(DemoNodeTest, GenerateWritesAValidBundleAndValidNdjson) {
  for (std::string format : {"bundle", "ndjson"}) {
    for (std::string kind : {"mixed", "indicators"}) {
      std::string path = (dir_ / (kind + "." + format)).string();
      Outcome o = Run({"demo", "generate", "--objects", "1500", "--kind", kind, "--format", format,
                       "--out", path, "--seed", "11"});
      ASSERT_EQ(o.code, 0) << o.err;
      auto document = stix::ReadInputFile(path);
      ASSERT_TRUE(document.has_value()) << document.error().ToString();
      EXPECT_EQ(document->format(),
                format == "bundle" ? stix::InputFormat::kBundle : stix::InputFormat::kNdjson);
      EXPECT_TRUE(document->warnings().empty());
      ASSERT_EQ(document->objects().size(), 1500u);
      auto checked = stix::ValidateBatch(document->objects(), {}, document->padded(), 1);
      for (const auto& c : checked) {
        ASSERT_TRUE(c.facts.has_value()) << c.findings[0].error.ToString();
        EXPECT_TRUE(c.findings.empty());
      }
    }
  }
}

TEST_F(DemoNodeTest, GenerateGivesTheSameFileForTheSameSeed) {
  std::string a = (dir_ / "a.json").string(), b = (dir_ / "b.json").string();
  ASSERT_EQ(Run({"demo", "generate", "--objects", "3000", "--out", a}).code, 0);
  ASSERT_EQ(Run({"demo", "generate", "--objects", "3000", "--out", b}).code, 0);
  EXPECT_EQ(ReadFile(a), ReadFile(b));
  ASSERT_EQ(Run({"demo", "generate", "--objects", "3000", "--seed", "2", "--out", b}).code, 0);
  EXPECT_NE(ReadFile(a), ReadFile(b));
}

TEST_F(DemoNodeTest, GenerateRefusesBadArgumentsAndUnwritableFiles) {
  EXPECT_EQ(Run({"demo", "generate", "--objects", "0", "--out", "x.json"}).code, 2);
  EXPECT_EQ(Run({"demo", "generate", "--objects", "5", "--kind", "people", "--out", "x"}).code, 2);
  Outcome o = Run({"demo", "generate", "--objects", "5", "--out", (dir_ / "no/such/x").string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("cannot create"), std::string::npos) << o.err;
}

TEST_F(DemoNodeTest, InitCreatesTheDemoNodeOnceAndThenChangesNothing) {
  std::string data = (dir_ / "node").string();
  std::string shared = fs::path(QCCM_SHARED_DATA_DIR).string();
  Outcome first =
      Run({"demo", "init", "--data", data, "--objects", "1500", "--shared-data", shared});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("DEMO ONLY"), std::string::npos);
  EXPECT_NE(first.out.find("aur.analyst"), std::string::npos);
  EXPECT_NE(first.out.find("qccm_"), std::string::npos) << "tokens are printed";
  EXPECT_EQ(first.err.find("were rejected"), std::string::npos) << first.err;
  EXPECT_NE(first.out.find("real STIX files from"), std::string::npos);

  Outcome collections = Run({"collection", "list", "--data", data});
  ASSERT_EQ(collections.code, 0);
  for (const DemoCollection& c : DemoCollections()) {
    EXPECT_NE(collections.out.find(std::string(c.alias)), std::string::npos) << c.alias;
  }
  Outcome before = Run({"export", "--collection", "mechanism-shared", "--data", data});
  ASSERT_EQ(before.code, 0) << before.err;

  Outcome second = Run({"demo", "init", "--data", data, "--objects", "500"});
  EXPECT_EQ(second.code, 0);
  EXPECT_NE(second.out.find("already exists"), std::string::npos) << second.out;
  EXPECT_EQ(second.out.find("DEMO ONLY"), std::string::npos);
  Outcome after = Run({"export", "--collection", "mechanism-shared", "--data", data});
  EXPECT_EQ(after.err, before.err) << "the same number of objects";
  EXPECT_EQ(Run({"user", "list", "--data", data}).out.find("aur.admin") != std::string::npos, true);
}

// The library path on a real store, with cheap password hashing (test only).
class DemoSetUpTest : public DemoNodeTest {
 protected:
  void Open() {
    config_.data_dir = (dir_ / "node").string();
    auto store = store::OpenStore(config_, store::OpenMode::kCreateIfMissing);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
    sharing_ = std::make_unique<sharing::SharingService>(store_->sharing(), clock_,
                                                         sharing::PasswordCost::kFastForTests);
    ingest_ =
        std::make_unique<sharing::IngestService>(store_->objects(), store_->sharing(), clock_);
  }

  Config config_;
  FakeClock clock_{Timestamp::FromSeconds(1767225600)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<sharing::SharingService> sharing_;
  std::unique_ptr<sharing::IngestService> ingest_;
};

TEST_F(DemoSetUpTest, SetsUpMembersUsersTokensCollectionsAndObjects) {
  Open();
  auto summary = SetUpDemoNode(*sharing_, *ingest_, {.objects = 4000});
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_EQ(summary->members.size(), kDemoMemberCount);
  EXPECT_EQ(summary->users.size(), kDemoMemberCount * 5);
  EXPECT_EQ(summary->tokens.size(), kDemoMemberCount);
  EXPECT_EQ(summary->generated.objects, 4000u);
  EXPECT_EQ(summary->generated_rejected, 0u)
      << (summary->rejections.empty() ? "" : summary->rejections[0].ToString());
  EXPECT_TRUE(summary->files.empty());
  std::size_t added = 0;
  for (const auto& c : summary->collections) added += c.added;
  EXPECT_EQ(added, summary->generated.objects + summary->generated.reshares);

  // Tokens work, and each analyst acts for its member.
  auto principal = sharing_->AuthenticateToken(summary->tokens[1].secret);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->member_code, "BRL-CTD");
  auto password = sharing_->AuthenticatePassword("clv.liaison", kDemoPassword);
  ASSERT_TRUE(password.has_value());

  // Members see different parts of the restricted collection (TLP:RED names who may see).
  auto restricted = sharing_->FindCollection("restricted-red");
  ASSERT_TRUE(restricted.has_value());
  auto members = sharing_->ListMembers();
  ASSERT_TRUE(members.has_value());
  std::vector<std::size_t> visible;
  for (const auto& member : *members) {
    store::ObjectQuery query{.limit = 100000, .with_json = false};
    auto page = store_->objects().ListObjects(restricted->id, query, {member.id});
    ASSERT_TRUE(page.has_value());
    visible.push_back(page->objects.size());
  }
  auto total = store_->objects().CountObjects(restricted->id);
  ASSERT_TRUE(total.has_value());
  for (std::size_t seen : visible) {
    EXPECT_GT(seen, 0u);
    EXPECT_LT(static_cast<std::int64_t>(seen), *total);
  }
}

TEST_F(DemoSetUpTest, RefusesANodeThatAlreadyHasMembers) {
  Open();
  ASSERT_TRUE(sharing_->AddMember("OTHER", "Another member").has_value());
  auto summary = SetUpDemoNode(*sharing_, *ingest_, {.objects = 100});
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(sharing_->ListMembers()->size(), 1u);
  EXPECT_TRUE(sharing_->ListCollections()->empty());
}

TEST_F(DemoSetUpTest, ImportsTheRealFilesButNotTheKnownInvalidExamples) {
  std::string stix_dir = (fs::path(QCCM_SHARED_DATA_DIR) / "stix").string();
  auto files = ReferenceFiles(stix_dir);
  EXPECT_GT(files.size(), 20u);
  for (const auto& file : files) EXPECT_EQ(file.find("invalid_"), std::string::npos) << file;
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
  EXPECT_NE(std::find(files.begin(), files.end(), "mitre-attack/ics-attack-17.1.json"),
            files.end());

  Open();
  auto summary = SetUpDemoNode(*sharing_, *ingest_, {.objects = 200, .shared_data_dir = stix_dir});
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  ASSERT_EQ(summary->files.size(), files.size());
  std::size_t added = 0;
  for (const auto& file : summary->files) {
    EXPECT_TRUE(file.error.empty()) << file.path << ": " << file.error;
    added += file.added;
  }
  EXPECT_GT(added, 2000u);
}

TEST(DemoSharedData, DefaultDirectoryIsFoundFromTheBuildTree) {
  std::string found = DefaultSharedDataDir();
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(fs::canonical(found), fs::canonical(fs::path(QCCM_SHARED_DATA_DIR) / "stix"));
}

}  // namespace
}  // namespace qccm::demo
