// Signed tree heads, the node key files and their permissions, public key text.
#include "qccm/oversight/tree_head.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "oversight/audit_test_util.h"

namespace qccm::oversight {
namespace {

namespace fs = std::filesystem;

class NodeKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("qccm_keys_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static unsigned Mode(const fs::path& p) {
    struct stat info {};
    EXPECT_EQ(::stat(p.c_str(), &info), 0);
    return info.st_mode & 0777U;
  }
  fs::path dir_;
};

TEST_F(NodeKeyTest, FirstUseCreatesAPrivateKeyFileAndAPublicOne) {
  auto key = NodeKey::LoadOrCreate(dir_ / "keys");
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  EXPECT_EQ(Mode(dir_ / "keys"), 0700U);
  EXPECT_EQ(Mode(NodeKey::SecretKeyPath(dir_ / "keys")), 0600U);
  EXPECT_EQ(Mode(NodeKey::PublicKeyPath(dir_ / "keys")), 0644U);
  auto again = NodeKey::LoadOrCreate(dir_ / "keys");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->public_key(), key->public_key());
  auto published = LoadPublicKey(dir_ / "keys");
  ASSERT_TRUE(published.has_value());
  EXPECT_EQ(*published, key->public_key());
}

TEST_F(NodeKeyTest, AKeyReadableByOthersIsRefused) {
  ASSERT_TRUE(NodeKey::LoadOrCreate(dir_ / "keys").has_value());
  fs::permissions(NodeKey::SecretKeyPath(dir_ / "keys"), fs::perms::others_read,
                  fs::perm_options::add);
  auto key = NodeKey::Load(dir_ / "keys");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(key.error().ToString().find("audit_ed25519"), std::string::npos);
}

TEST_F(NodeKeyTest, AMalformedKeyFileIsRefused) {
  fs::create_directories(dir_ / "keys");
  { std::ofstream(NodeKey::SecretKeyPath(dir_ / "keys")) << "not base64!\n"; }
  fs::permissions(NodeKey::SecretKeyPath(dir_ / "keys"),
                  fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  auto key = NodeKey::Load(dir_ / "keys");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(NodeKey::Load(dir_ / "nothing").error().code, ErrorCode::kNotFound);
}

TEST(TreeHeadTest, SigningInputIsRfc6962TreeHeadSignatureLayout) {
  TreeHead head{.tree_size = 0x0102, .time = Timestamp::FromMillis(0x0A0B), .root = {}};
  head.root.fill(0xEE);
  std::string input = TreeHeadSigningInput(head);
  ASSERT_EQ(input.size(), 50U);
  EXPECT_EQ(input[0], 0);  // v1
  EXPECT_EQ(input[1], 1);  // tree_hash
  EXPECT_EQ(input.substr(2, 8), std::string("\0\0\0\0\0\0\x0A\x0B", 8));
  EXPECT_EQ(input.substr(10, 8), std::string("\0\0\0\0\0\0\x01\x02", 8));
  EXPECT_EQ(static_cast<unsigned char>(input[18]), 0xEEU);
}

TEST(TreeHeadTest, SignaturesVerifyOnlyForTheSignedHeadAndKey) {
  NodeKey key = testing::TestKey();
  TreeHead head{
      .tree_size = 10, .time = Timestamp::FromMillis(1714550400000), .root = HashLeaf("x")};
  SignedTreeHead sth = key.Sign(head);
  EXPECT_TRUE(VerifyTreeHead(sth, key.public_key()));
  EXPECT_FALSE(VerifyTreeHead(sth, testing::TestKey(8).public_key()));
  for (int field = 0; field < 4; ++field) {
    SignedTreeHead forged = sth;
    if (field == 0) forged.head.tree_size = 11;
    if (field == 1) forged.head.time = Timestamp::FromMillis(1714550400001);
    if (field == 2) forged.head.root[31] ^= 1U;
    if (field == 3) forged.signature[0] ^= 1U;
    EXPECT_FALSE(VerifyTreeHead(forged, key.public_key())) << "field " << field;
  }
}

TEST(TreeHeadTest, PublicKeysRoundTripAsBase64AndOtherTextIsRefused) {
  NodeKey key = testing::TestKey();
  std::string text = EncodePublicKey(key.public_key());
  EXPECT_EQ(text.size(), 44U);
  auto parsed = ParsePublicKey("  " + text + "\n");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, key.public_key());
  EXPECT_FALSE(ParsePublicKey(text.substr(0, 40)).has_value());
  EXPECT_FALSE(ParsePublicKey("").has_value());
  EXPECT_FALSE(ParsePublicKey("%%%%").has_value());
}

}  // namespace
}  // namespace qccm::oversight
