// The /api/v1 test fixture.
#include "api/api_fixture.h"

#include <cstdio>

#include "qccm/stix/tlp.h"
#include "qccm/stix/validator.h"

namespace qccm::api_test {

namespace json = boost::json;
using taxii_test::BasicAuth;
using taxii_test::Headers;
using taxii_test::kPassword;

namespace {
constexpr const char* kTimes =
    R"("created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z")";
}  // namespace

std::string StixId(std::string_view type, int n) {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "6ba7b811-9dad-41d1-80b4-%012x", static_cast<unsigned>(n));
  return std::string(type) + "--" + uuid;
}

std::string IndicatorWith(int n, std::string_view pattern, std::string_view extra) {
  return R"({"type":"indicator","spec_version":"2.1","id":")" + StixId("indicator", n) + "\"," +
         kTimes + R"(,"name":"clue )" + std::to_string(n) + R"(","pattern":")" +
         std::string(pattern) + R"(","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z")" +
         std::string(extra) + "}";
}

std::string SightingOf(int n, std::string_view of, std::string_view extra) {
  return R"({"type":"sighting","spec_version":"2.1","id":")" + StixId("sighting", n) + "\"," +
         kTimes + R"(,"sighting_of_ref":")" + std::string(of) + "\"" + std::string(extra) + "}";
}

std::string OpinionOn(int n, std::string_view about, std::string_view opinion) {
  return R"({"type":"opinion","spec_version":"2.1","id":")" + StixId("opinion", n) + "\"," +
         kTimes + R"(,"opinion":")" + std::string(opinion) + R"(","object_refs":[")" +
         std::string(about) + "\"]}";
}

std::string RedFor(const std::vector<std::string>& members) {
  std::string out =
      R"(,"object_marking_refs":[")" + std::string(stix::TlpMarkingId(stix::Tlp::kRed)) + "\"]";
  if (members.empty()) return out;
  out += R"(,"extensions":{")" + std::string(stix::kQccmSharingExtensionId) +
         R"(":{"extension_type":"property-extension","shared_with":[)";
  for (std::size_t i = 0; i < members.size(); ++i) out += (i ? ",\"" : "\"") + members[i] + "\"";
  return out + "]}}";
}

void ApiFixture::SetUp() {
  TaxiiFixture::SetUp();
  if (HasFatalFailure()) return;
  sharing::SharingService& sharing = node_->sharing();
  ASSERT_TRUE(sharing.AddUser("root", "ALPHA", sharing::RoleBit(sharing::Role::kAdmin), kPassword));
  auto pool = sharing.AddCollection({.title = "Pool",
                                     .alias = "pool",
                                     .read_members = {"ALPHA", "BRAVO", "CHARLIE", "DELTA"},
                                     .write_members = {"ALPHA", "BRAVO", "CHARLIE", "DELTA"}});
  auto bravo = sharing.AddCollection(
      {.title = "Bravo only", .read_members = {"BRAVO"}, .write_members = {"BRAVO"}});
  ASSERT_TRUE(pool && bravo);
  collections_["pool"] = pool->id;
  collections_["bravo"] = bravo->id;
}

HttpResult ApiFixture::Api(std::string_view method, const std::string& target,
                           std::string_view body, std::string_view user) {
  Headers headers = {{"Accept", "application/json"}};
  if (!body.empty() || method == "POST" || method == "PUT") {
    headers.emplace_back("Content-Type", "application/json");
  }
  if (!user.empty()) headers.emplace_back("Authorization", BasicAuth(user, kPassword));
  return client_->Send(method, target, headers, body);
}

json::object ApiFixture::Expect(const HttpResult& result, int status) {
  EXPECT_EQ(result.status, status) << result.body;
  if (result.status != status) return {};
  return JsonObject(result);
}

void ApiFixture::ExpectError(const HttpResult& result, int status, std::string_view mention) {
  EXPECT_EQ(result.status, status) << result.body;
  EXPECT_NE(result.Header("content-type").find("json"), std::string::npos);
  json::object body = JsonObject(result);
  const json::value* http_status = body.if_contains("http_status");
  ASSERT_NE(http_status, nullptr) << result.body;
  EXPECT_EQ(http_status->as_string(), std::to_string(status));
  ASSERT_TRUE(body.contains("title")) << result.body;
  if (!mention.empty()) {
    std::string text = std::string(body.at("title").as_string());
    if (const json::value* d = body.if_contains("description"); d != nullptr && d->is_string()) {
      text += " " + std::string(d->as_string());
    }
    EXPECT_NE(text.find(mention), std::string::npos) << "'" << mention << "' not in: " << text;
  }
}

std::string ApiFixture::Escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

HttpResult ApiFixture::Lookup(std::string_view type, std::string_view value,
                              std::string_view user) {
  std::string target = "/api/v1/observables?value=" + Escape(value);
  if (!type.empty()) target += "&type=" + Escape(type);
  return ApiGet(target, user);
}

HttpResult ApiFixture::Match(std::string_view observables_json, std::string_view user) {
  return ApiPost("/api/v1/match", R"({"observables":)" + std::string(observables_json) + "}", user);
}

json::object ApiFixture::CreateRfi(std::string_view body, std::string_view user) {
  return Expect(ApiPost("/api/v1/rfis", body, user), 201);
}

json::array ApiFixture::NotificationsOf(std::string_view user, std::string_view state) {
  std::string target = "/api/v1/notifications";
  if (!state.empty()) target += "?state=" + std::string(state);
  json::object body = Expect(ApiGet(target, user), 200);
  const json::value* list = body.if_contains("notifications");
  return list != nullptr && list->is_array() ? list->as_array() : json::array{};
}

}  // namespace qccm::api_test
