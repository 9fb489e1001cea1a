// The TAXII test fixture.
#include "taxii/taxii_fixture.h"

#include <cstdio>
#include <random>

#include "http/server.h"
#include "qccm/core/log.h"
#include "qccm/core/stix_id.h"

namespace qccm::taxii_test {

std::string IndicatorId(int n) {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "6ba7b810-9dad-41d1-80b4-%012x", n);
  return std::string("indicator--") + uuid;
}

std::string Indicator(const IndicatorSpec& spec) {
  return R"({"type":"indicator","spec_version":"2.1","id":")" + IndicatorId(spec.n) +
         R"(","created":")" + spec.created + R"(","modified":")" + spec.modified +
         R"(","name":"indicator )" + std::to_string(spec.n) +
         R"(","pattern":"[ipv4-addr:value = '198.51.100.)" + std::to_string(spec.n % 250) +
         R"(']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z")" + spec.extra + "}";
}

std::string Envelope(const std::vector<std::string>& objects) {
  std::string out = R"({"objects":[)";
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) out += ',';
    out += objects[i];
  }
  return out + "]}";
}

void TaxiiFixture::SetUp() {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() /
         ("qccm-taxii-test-" + std::to_string(random()) + std::to_string(random()));
  Config config;
  config.log.level = "warn";
  ASSERT_TRUE(InitLogging(config.log));
  StartNode();
  sharing::SharingService& sharing = node_->sharing();
  for (const char* code : {"ALPHA", "BRAVO", "CHARLIE", "DELTA"}) {
    ASSERT_TRUE(sharing.AddMember(code, std::string(code) + " agency"));
  }
  const auto analyst = sharing::RoleBit(sharing::Role::kAnalyst);
  struct UserSpec {
    const char* name;
    const char* member;
    sharing::RoleSet roles;
  };
  for (const UserSpec& u :
       {UserSpec{"alice", "ALPHA", analyst}, UserSpec{"adam", "ALPHA", analyst},
        UserSpec{"bob", "BRAVO", analyst}, UserSpec{"carol", "CHARLIE", analyst},
        UserSpec{"dave", "DELTA", analyst},
        UserSpec{"trent", "ALPHA", sharing::RoleBit(sharing::Role::kTrainer)},
        UserSpec{"audrey", "ALPHA", sharing::RoleBit(sharing::Role::kAuditor)}}) {
    ASSERT_TRUE(sharing.AddUser(u.name, u.member, u.roles, kPassword)) << u.name;
  }
  auto shared = sharing.AddCollection({.title = "Shared",
                                       .alias = "shared",
                                       .read_members = {"ALPHA", "BRAVO", "CHARLIE"},
                                       .write_members = {"ALPHA", "BRAVO"}});
  auto alpha = sharing.AddCollection(
      {.title = "Alpha only", .read_members = {"ALPHA"}, .write_members = {"ALPHA"}});
  auto drop = sharing.AddCollection(
      {.title = "Drop box", .read_members = {"ALPHA"}, .write_members = {"ALPHA", "DELTA"}});
  ASSERT_TRUE(shared && alpha && drop);
  collections_ = {{"shared", shared->id}, {"alpha", alpha->id}, {"drop", drop->id}};
  auto token = sharing.CreateToken("alice", "tests", std::nullopt);
  ASSERT_TRUE(token);
  alice_token_ = token->secret;
}

void TaxiiFixture::TearDown() {
  StopNode();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void TaxiiFixture::StartNode() {
  app::NodeOptions options;
  options.config.data_dir = dir_.string();
  options.config.server.listen = "127.0.0.1:0";
  options.config.server.io_threads = 1;
  options.config.server.worker_threads = 2;
  options.config.server.max_body_bytes = max_body_bytes_;
  options.config.server.max_header_bytes = 8192;
  options.config.taxii.default_page_size = 100;
  options.config.taxii.max_page_size = 500;
  options.open_mode = store::OpenMode::kCreateIfMissing;
  options.clock = &clock_;
  options.password_cost = sharing::PasswordCost::kFastForTests;
  options.access_log = false;
  if (customize_) customize_(options);
  auto node = app::Node::Open(std::move(options));
  ASSERT_TRUE(node) << node.error().ToString();
  node_ = std::move(*node);
  node_->Start();
  client_ = std::make_unique<HttpClient>(node_->server().port());
}

void TaxiiFixture::StopNode() {
  client_.reset();
  node_.reset();
}

HttpResult TaxiiFixture::Get(const std::string& target, std::string_view user, Headers extra) {
  Headers headers = {{"Accept", std::string(kTaxii)}};
  if (!user.empty()) headers.emplace_back("Authorization", BasicAuth(user, kPassword));
  for (auto& h : extra) headers.push_back(std::move(h));
  return client_->Send("GET", target, headers);
}

HttpResult TaxiiFixture::Post(const std::string& target, std::string_view body,
                              std::string_view user, Headers extra) {
  Headers headers = {{"Accept", std::string(kTaxii)}, {"Content-Type", std::string(kTaxii)}};
  if (!user.empty()) headers.emplace_back("Authorization", BasicAuth(user, kPassword));
  for (auto& h : extra) headers.push_back(std::move(h));
  return client_->Send("POST", target, headers, body);
}

HttpResult TaxiiFixture::Delete(const std::string& target, std::string_view user) {
  Headers headers = {{"Accept", std::string(kTaxii)}};
  if (!user.empty()) headers.emplace_back("Authorization", BasicAuth(user, kPassword));
  return client_->Send("DELETE", target, headers);
}

std::string TaxiiFixture::CollectionPath(const std::string& name) const {
  return "/qccm/collections/" + collections_.at(name) + "/";
}

boost::json::object TaxiiFixture::AddObjects(const std::string& collection,
                                             const std::vector<std::string>& objects,
                                             std::string_view user) {
  HttpResult result = Post(ObjectsPath(collection), Envelope(objects), user);
  EXPECT_EQ(result.status, 202) << result.body;
  return JsonObject(result);
}

std::vector<std::string> TaxiiFixture::IdsOf(const HttpResult& result) {
  std::vector<std::string> ids;
  boost::json::object envelope = JsonObject(result);
  if (const boost::json::value* objects = envelope.if_contains("objects")) {
    for (const boost::json::value& o : objects->as_array()) {
      ids.emplace_back(o.as_object().at("id").as_string());
    }
  }
  return ids;
}

boost::json::object TaxiiFixture::JsonObject(const HttpResult& result) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(result.body, ec);
  EXPECT_FALSE(ec) << "not JSON: " << result.body.substr(0, 300);
  if (ec || !value.is_object()) {
    ADD_FAILURE() << "not a JSON object: " << result.body.substr(0, 300);
    return {};
  }
  return value.as_object();
}

}  // namespace qccm::taxii_test
