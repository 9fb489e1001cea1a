// Hardening: sign-in throttling per user and per address, per-credential rate limits (429 with
// Retry-After), token expiry and revocation, and no secret, token or object body in any log
// line of the test run (every test of this binary logs to one file that is checked at exit).
#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "http/server.h"
#include "http/test_client.h"
#include "qccm/core/log.h"
#include "security/security_world.h"

namespace qccm::security_test {
namespace {

using http::Method;

std::string BasicHeader(std::string_view user, std::string_view password) {
  const std::string pair = std::string(user) + ":" + std::string(password);
  std::string out(sodium_base64_ENCODED_LEN(pair.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(pair.data()),
                    pair.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return "Basic " + out;
}

http::Response Send(SecurityWorld& world, std::string_view authorization,
                    std::string_view address = "192.0.2.10:1234") {
  auto request = http::MakeRequest(Method::kGet, "/qccm/collections/");
  request->headers.Set("Accept", "application/taxii+json;version=2.1");
  request->headers.Set("Authorization", authorization);
  request->remote_address = std::string(address);
  return world.router().Dispatch(*request);
}

TEST(Hardening, FailedSignInsForOneUserAreThrottledWith429AndRetryAfter) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  for (int i = 0; i < 10; ++i) {
    // Each from another address: only the per-user count can stop them.
    std::string address = "192.0.2." + std::to_string(i) + ":1";
    EXPECT_EQ(Send(*world, BasicHeader("own-analyst", "wrong"), address).status, 401) << i;
  }
  http::Response locked = Send(*world, BasicHeader("own-analyst", kPassword), "192.0.2.99:1");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.headers.GetOr("Retry-After", ""), "60");
  world->clock().Advance(61 * 1000000LL);
  EXPECT_EQ(Send(*world, BasicHeader("own-analyst", kPassword), "192.0.2.99:1").status, 200);
}

TEST(Hardening, FailedSignInsFromOneAddressAreThrottledWhateverTheName) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Send(*world, BasicHeader("nobody" + std::to_string(i), "x")).status, 401);
  }
  EXPECT_EQ(Send(*world, "Bearer not-a-token").status, 429);
  EXPECT_EQ(Send(*world, BasicHeader("own-admin", kPassword)).status, 429);
  // Another address is not affected.
  EXPECT_EQ(Send(*world, BasicHeader("own-admin", kPassword), "198.51.100.1:9").status, 200);
}

TEST(Hardening, TokenOverItsRateIsAnswered429WithRetryAfterThenRecovers) {
  auto world = SecurityWorld::Create(/*requests_per_second=*/2, /*burst=*/3);
  ASSERT_TRUE(world);
  // The liaison's token: the world's setup used the analyst's.
  const std::string bearer = "Bearer " + world->Token(Caller::kLiaison);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Send(*world, bearer).status, 200) << i;
  http::Response limited = Send(*world, bearer);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.headers.GetOr("Retry-After", ""), "1");
  EXPECT_NE(limited.body.find("rate_limited"), std::string::npos) << limited.body;
  // Another token of the same member has its own bucket.
  EXPECT_EQ(Send(*world, "Bearer " + world->Token(Caller::kAdmin)).status, 200);
  world->clock().Advance(500000);
  EXPECT_EQ(Send(*world, bearer).status, 200);
}

TEST(Hardening, ExpiredAndRevokedTokensAreRefused) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  auto expiring = world->node().sharing().CreateToken("own-analyst", "short", 60);
  auto revoked = world->node().sharing().CreateToken("own-analyst", "revoked", std::nullopt);
  ASSERT_TRUE(expiring && revoked);
  EXPECT_EQ(Send(*world, "Bearer " + expiring->secret).status, 200);
  EXPECT_EQ(Send(*world, "Bearer " + revoked->secret).status, 200);
  ASSERT_TRUE(world->node().sharing().RevokeToken(revoked->token.id));
  // Verified credentials are remembered for 30 s (the credential cache): past that, refused.
  world->clock().Advance(61 * 1000000LL);
  EXPECT_EQ(Send(*world, "Bearer " + expiring->secret, "198.51.100.2:1").status, 401);
  EXPECT_EQ(Send(*world, "Bearer " + revoked->secret, "198.51.100.3:1").status, 401);
}

// Real sockets, so that the access log and the server's own lines are written too.
TEST(Hardening, ServerLogsNoCredentialOrBodyOverSockets) {
  auto world = SecurityWorld::Create();
  ASSERT_TRUE(world);
  world->node().Start();
  auto client = http::testing::TestClient::Connect(world->node().server().port());
  ASSERT_TRUE(client) << client.error().ToString();
  const std::string c = "/qccm/collections/" + world->CollectionId(Access::kReadWrite) + "/";
  const std::string body =
      EnvelopeOf({IndicatorJson(world->FreshId(), stix::Tlp::kRed, "2024-05-01T00:00:00.000Z")});
  const std::vector<std::pair<std::string, std::string>> taxii = {
      {"Accept", "application/taxii+json;version=2.1"},
      {"Content-Type", "application/taxii+json;version=2.1"}};
  auto with = [&](std::string authorization) {
    auto headers = taxii;
    headers.emplace_back("Authorization", std::move(authorization));
    return headers;
  };
  for (Caller caller : kCallers) {
    if (caller == Caller::kAnonymous) continue;
    auto r =
        (*client)->Request("POST", c + "objects/", body, with("Bearer " + world->Token(caller)));
    ASSERT_TRUE(r);
  }
  ASSERT_TRUE((*client)->Request(
      "GET",
      c + "objects/?match[id]=" + world->ObjectId(Access::kReadWrite, Owner::kOwn, stix::Tlp::kRed),
      "", with(BasicHeader("own-analyst", kPassword))));
  ASSERT_TRUE((*client)->Request("GET", c, "", with(BasicHeader("own-analyst", "wrong-pass"))));
  ASSERT_TRUE((*client)->Request("POST", c + "objects/",
                                 "{\"objects\":[" + std::string(kBodyMarker),
                                 with(BasicHeader("own-analyst", kPassword))));
  client->reset();
  world->node().Stop();
  world->node().Wait();
}

// Every test of this binary logs to one file at debug level; at exit no line may hold a
// password, a token or an object body (the marker every body of the world carries).
class LogCheck : public ::testing::Environment {
 public:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("qccm-security-log-" + std::to_string(::getpid()) + ".log");
    LogConfig config;
    config.level = "debug";
    config.file = path_.string();
    config.access_log = true;
    ASSERT_TRUE(InitLogging(config));
  }
  void TearDown() override {
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    const std::string log = text.str();
    std::vector<std::string> forbidden = SecurityWorld::SecretsSeen();
    forbidden.emplace_back(kBodyMarker);
    forbidden.emplace_back(kPassword);
    std::size_t lines = 0;
    for (char ch : log) lines += ch == '\n' ? 1 : 0;
    for (const std::string& secret : forbidden) {
      EXPECT_EQ(log.find(secret), std::string::npos)
          << "the log " << path_ << " holds a secret or an object body: " << secret.substr(0, 6)
          << "...";
    }
    std::cout << "log check: " << lines << " log lines, " << forbidden.size()
              << " secrets and markers, none found\n";
    if (!::testing::Test::HasFailure()) std::filesystem::remove(path_);
  }

 private:
  std::filesystem::path path_;
};

const auto* const kLogCheck = ::testing::AddGlobalTestEnvironment(new LogCheck());

}  // namespace
}  // namespace qccm::security_test
