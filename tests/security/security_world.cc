// The security tests' world: a real node, laid out through the store and the sharing service.
#include "security/security_world.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <mutex>
#include <random>

#include "qccm/core/log.h"
#include "qccm/stix/validator.h"
#include "qccm/store/object_store.h"

namespace qccm::security_test {
namespace {

constexpr std::string_view kTaxii = "application/taxii+json;version=2.1";
constexpr std::string_view kOwnCode = "OWNMEMBER";
constexpr std::string_view kOtherCode = "OTHERMEMBER";
constexpr std::string_view kThirdCode = "THIRDMEMBER";

// The first "id" value in a JSON body.
std::string FirstId(const std::string& body) {
  const std::size_t at = body.find("\"id\":\"");
  if (at == std::string::npos) return "";
  return body.substr(at + 6, body.find('"', at + 6) - (at + 6));
}

sharing::RoleSet RoleOf(Caller caller) {
  switch (caller) {
    case Caller::kAdmin:
      return sharing::RoleBit(sharing::Role::kAdmin);
    case Caller::kAnalyst:
      return sharing::RoleBit(sharing::Role::kAnalyst);
    case Caller::kLiaison:
      return sharing::RoleBit(sharing::Role::kLiaison);
    case Caller::kTrainer:
      return sharing::RoleBit(sharing::Role::kTrainer);
    case Caller::kAuditor:
      return sharing::RoleBit(sharing::Role::kAuditor);
    case Caller::kAnonymous:
      break;
  }
  return 0;
}

// Distinct small numbers for the world's objects: access, owner and marking packed.
std::uint64_t ObjectNumber(Access access, Owner owner, stix::Tlp tlp) {
  return (static_cast<std::uint64_t>(access) << 8) | (static_cast<std::uint64_t>(owner) << 4) |
         static_cast<std::uint64_t>(tlp);
}

constexpr std::string_view kWorldModified = "2024-01-01T00:00:00.000Z";

std::mutex secrets_mutex;
std::vector<std::string> secrets_seen;

void Remember(const std::string& secret) {
  std::lock_guard lock(secrets_mutex);
  secrets_seen.push_back(secret);
}

}  // namespace

std::string_view CallerName(Caller caller) {
  static constexpr std::string_view kNames[] = {"anonymous", "admin",   "analyst",
                                                "liaison",   "trainer", "auditor"};
  return kNames[static_cast<int>(caller)];
}

bool HandlesIntelligence(Caller caller) {
  return caller == Caller::kAdmin || caller == Caller::kAnalyst || caller == Caller::kLiaison;
}

std::string_view AccessName(Access access) {
  static constexpr std::string_view kNames[] = {"no-right", "read", "write", "read-write"};
  return kNames[static_cast<int>(access)];
}

std::string_view OwnerName(Owner owner) { return owner == Owner::kOwn ? "own" : "other"; }

std::string IndicatorIdFor(std::uint64_t n) {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "5ec0a11d-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n));
  return std::string("indicator--") + uuid;
}

std::string IndicatorJson(std::string_view id, stix::Tlp tlp, std::string_view modified,
                          std::string_view shared_with) {
  std::string json = R"({"type":"indicator","spec_version":"2.1","id":")" + std::string(id) +
                     R"(","created":"2024-01-01T00:00:00.000Z","modified":")" +
                     std::string(modified) + R"(","name":"n","description":")" +
                     std::string(kBodyMarker) +
                     R"(","pattern":"[ipv4-addr:value = '203.0.113.7']","pattern_type":"stix",)"
                     R"("valid_from":"2024-01-01T00:00:00Z")";
  if (tlp != stix::Tlp::kNone) {
    json += R"(,"object_marking_refs":[")" + std::string(stix::TlpMarkingId(tlp)) + "\"]";
  }
  if (!shared_with.empty()) {
    json += R"(,"extensions":{")" + std::string(stix::kQccmSharingExtensionId) +
            R"(":{"extension_type":"property-extension","shared_with":[)" +
            std::string(shared_with) + "]}}";
  }
  return json + "}";
}

std::string EnvelopeOf(const std::vector<std::string>& objects) {
  std::string out = R"({"objects":[)";
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (i > 0) out += ',';
    out += objects[i];
  }
  return out + "]}";
}

std::unique_ptr<SecurityWorld> SecurityWorld::Create(double requests_per_second, double burst) {
  std::unique_ptr<SecurityWorld> world(new SecurityWorld());
  if (!world->Build(requests_per_second, burst)) return nullptr;
  return world;
}

SecurityWorld::~SecurityWorld() {
  node_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool SecurityWorld::Open(store::OpenMode mode) {
  node_.reset();
  app::NodeOptions options;
  options.config.data_dir = dir_.string();
  options.config.server.listen = "127.0.0.1:0";
  options.config.server.io_threads = 1;
  options.config.server.worker_threads = 1;
  options.config.taxii.default_page_size = 50;
  options.config.taxii.max_page_size = 100;
  options.open_mode = mode;
  options.clock = &clock_;
  options.password_cost = sharing::PasswordCost::kFastForTests;
  options.access_log = true;
  options.credential_requests_per_second = requests_per_second_;
  options.credential_burst = burst_;
  auto node = app::Node::Open(std::move(options));
  if (!node) {
    ADD_FAILURE() << node.error().ToString();
    return false;
  }
  node_ = std::move(*node);
  return true;
}

bool SecurityWorld::Build(double requests_per_second, double burst) {
  std::random_device random;
  // On tmpfs when there is one: the suites write thousands of small transactions.
  const std::filesystem::path base = std::filesystem::is_directory("/dev/shm")
                                         ? std::filesystem::path("/dev/shm")
                                         : std::filesystem::temp_directory_path();
  dir_ = base / ("qccm-security-" + std::to_string(random()) + std::to_string(random()));
  // The setup itself runs without request limits; the asked ones apply from the last start.
  if (!Open(store::OpenMode::kCreateIfMissing)) return false;
  sharing::SharingService& sharing = node_->sharing();
  auto own = sharing.AddMember(kOwnCode, "Own agency");
  auto other = sharing.AddMember(kOtherCode, "Other agency");
  auto third = sharing.AddMember(kThirdCode, "Third agency");
  if (!own || !other || !third) {
    ADD_FAILURE() << "members";
    return false;
  }
  members_ = {{Owner::kOwn, own->id}, {Owner::kOther, other->id}};
  for (Caller caller : kCallers) {
    if (caller == Caller::kAnonymous) continue;
    std::string name = "own-" + std::string(CallerName(caller));
    auto user = sharing.AddUser(name, kOwnCode, RoleOf(caller), kPassword);
    auto token = user ? sharing.CreateToken(name, "security tests", std::nullopt)
                      : Result<sharing::NewToken>(std::unexpected(user.error()));
    if (!token) {
      ADD_FAILURE() << name << ": " << token.error().ToString();
      return false;
    }
    tokens_[caller] = token->secret;
    Remember(token->secret);
  }
  auto other_user = sharing.AddUser("other-analyst", kOtherCode,
                                    sharing::RoleBit(sharing::Role::kAnalyst), kPassword);
  auto other_token = sharing.CreateToken("other-analyst", "security tests", std::nullopt);
  if (!other_user || !other_token) {
    ADD_FAILURE() << "other user";
    return false;
  }
  Remember(other_token->secret);
  other_token_ = other_token->secret;
  auto third_user = sharing.AddUser("third-analyst", kThirdCode,
                                    sharing::RoleBit(sharing::Role::kAnalyst), kPassword);
  auto third_token = sharing.CreateToken("third-analyst", "security tests", std::nullopt);
  if (!third_user || !third_token) {
    ADD_FAILURE() << "third user";
    return false;
  }
  Remember(third_token->secret);
  third_token_ = third_token->secret;
  for (Access access : kAccesses) {
    sharing::NewCollection request{.title = "Collection " + std::string(AccessName(access)),
                                   .read_members = {std::string(kOtherCode)},
                                   .write_members = {std::string(kOtherCode)}};
    if (CanRead(access)) request.read_members.emplace_back(kOwnCode);
    if (CanWrite(access)) request.write_members.emplace_back(kOwnCode);
    auto collection = sharing.AddCollection(request);
    if (!collection) {
      ADD_FAILURE() << collection.error().ToString();
      return false;
    }
    collections_[access] = collection->id;
    for (Owner owner : kOwners) {
      for (stix::Tlp tlp : kTlps) Restore(access, owner, tlp);
    }
  }
  // One status resource per member: an add-objects request of each, through the API.
  for (Owner owner : kOwners) {
    std::string token = owner == Owner::kOwn ? tokens_[Caller::kAnalyst] : other_token->secret;
    http::Response response = DispatchWithToken(
        token, http::Method::kPost,
        "/qccm/collections/" + collections_[Access::kReadWrite] + "/objects/",
        EnvelopeOf({IndicatorJson(FreshId(), stix::Tlp::kGreen, kWorldModified)}));
    std::size_t at = response.body.find("\"id\":\"");
    if (response.status != 202 || at == std::string::npos) {
      ADD_FAILURE() << "status setup: " << response.status << " " << response.body;
      return false;
    }
    statuses_[owner] = response.body.substr(at + 6, 36);
  }
  // Objects put directly are not in the correlation index until it is rebuilt at start.
  if (!Open(store::OpenMode::kOpenExisting) || !MakeCorrelationFixtures()) return false;
  if (requests_per_second > 0) {
    requests_per_second_ = requests_per_second;
    burst_ = burst;
    return Open(store::OpenMode::kOpenExisting);
  }
  return true;
}

std::string SecurityWorld::PostAs(std::string_view token, http::Method method,
                                  const std::string& target, std::string body, int expected) {
  http::Response response = DispatchWithToken(token, method, target, std::move(body));
  if (response.status != expected) {
    ADD_FAILURE() << "setup " << target << ": " << response.status << " " << response.body;
    return "";
  }
  return response.body;
}

bool SecurityWorld::MakeCorrelationFixtures() {
  // Each member looks up the value every world object carries: the other's hidden TLP:RED
  // objects hold it, so the other gets a hit notification.
  const std::string lookup = "/api/v1/observables?type=ipv4&value=203.0.113.7";
  const std::string own = Token(Caller::kAnalyst);
  PostAs(other_token_, http::Method::kGet, lookup, "", 200);
  PostAs(own, http::Method::kGet, lookup, "", 200);
  notifications_[Owner::kOwn] =
      FirstId(PostAs(own, http::Method::kGet, "/api/v1/notifications", "", 200));
  notifications_[Owner::kOther] =
      FirstId(PostAs(other_token_, http::Method::kGet, "/api/v1/notifications", "", 200));
  auto rfi = [](std::string_view to) {
    return R"({"question":"Who else saw it?","due":"2030-01-01T00:00:00Z",)"
           R"("observable":{"type":"ipv4","value":"203.0.113.7"},"to":[")" +
           std::string(to) + "\"]}";
  };
  rfis_[{RfiRole::kAskedByOwn, Owner::kOwn}] =
      FirstId(PostAs(own, http::Method::kPost, "/api/v1/rfis", rfi(kOtherCode), 201));
  rfis_[{RfiRole::kAddressedToOwn, Owner::kOwn}] =
      FirstId(PostAs(other_token_, http::Method::kPost, "/api/v1/rfis", rfi(kOwnCode), 201));
  const std::string hidden =
      FirstId(PostAs(other_token_, http::Method::kPost, "/api/v1/rfis", rfi(kThirdCode), 201));
  rfis_[{RfiRole::kAskedByOwn, Owner::kOther}] = hidden;
  rfis_[{RfiRole::kAddressedToOwn, Owner::kOther}] = hidden;
  for (const auto& [owner, id] : notifications_) {
    if (id.empty()) ADD_FAILURE() << "no notification for " << OwnerName(owner);
  }
  for (const auto& [key, id] : rfis_) {
    if (id.empty()) return false;
  }
  return !notifications_[Owner::kOwn].empty() && !notifications_[Owner::kOther].empty();
}

std::string SecurityWorld::MemberCode(Owner owner) const {
  return std::string(owner == Owner::kOwn ? kOwnCode : kOtherCode);
}

std::string SecurityWorld::RfiId(RfiRole role, Owner owner) const {
  return rfis_.at({role, owner});
}

std::string SecurityWorld::ObjectId(Access access, Owner owner, stix::Tlp tlp) const {
  return IndicatorIdFor(ObjectNumber(access, owner, tlp));
}

std::vector<std::string> SecurityWorld::SecretsSeen() {
  std::lock_guard lock(secrets_mutex);
  return secrets_seen;
}

std::vector<std::string> SecurityWorld::RandomIds() const {
  std::vector<std::string> out;
  for (const auto& [access, id] : collections_) out.push_back(id);
  for (const auto& [owner, id] : statuses_) out.push_back(id);
  for (const auto& [owner, id] : notifications_) out.push_back(id);
  for (const auto& [key, id] : rfis_) out.push_back(id);
  return out;
}

std::string SecurityWorld::Token(Caller caller) const {
  auto it = tokens_.find(caller);
  return it == tokens_.end() ? "" : it->second;
}

std::vector<std::string> SecurityWorld::Secrets() const {
  std::vector<std::string> out{std::string(kPassword)};
  for (const auto& [caller, token] : tokens_) out.push_back(token);
  return out;
}

void SecurityWorld::PutObject(Access access, Owner owner, std::string_view id, stix::Tlp tlp,
                              std::string_view modified, std::vector<std::int64_t> named) {
  const std::string json = IndicatorJson(id, tlp, modified);
  auto time = ParseTimestamp(modified);
  ASSERT_TRUE(time);
  store::NewObjectVersion version{.id = id,
                                  .type = "indicator",
                                  .spec_version = "2.1",
                                  .created = *ParseTimestamp("2024-01-01T00:00:00Z"),
                                  .modified = *time,
                                  .json = json,
                                  .tlp = tlp,
                                  .author_member = members_.at(owner),
                                  .named_members = named};
  auto put = node_->store().objects().PutObjects(collections_.at(access), {&version, 1});
  ASSERT_TRUE(put) << put.error().ToString();
}

void SecurityWorld::Restore(Access access, Owner owner, stix::Tlp tlp) {
  PutObject(access, owner, ObjectId(access, owner, tlp), tlp, kWorldModified);
}

http::Response SecurityWorld::Dispatch(Caller caller, http::Method method,
                                       const std::string& target, std::string body,
                                       const http::Router* router) {
  return DispatchWithToken(Token(caller), method, target, std::move(body), router);
}

http::Response SecurityWorld::DispatchWithToken(std::string_view token, http::Method method,
                                                const std::string& target, std::string body,
                                                const http::Router* router) {
  const bool has_body = !body.empty();
  auto request = http::MakeRequest(method, target, std::move(body));
  if (!request) {
    ADD_FAILURE() << target << ": " << request.error().ToString();
    return http::Response::Empty(0);
  }
  request->headers.Set("Accept", kTaxii);
  if (has_body) request->headers.Set("Content-Type", kTaxii);
  if (!token.empty()) request->headers.Set("Authorization", "Bearer " + std::string(token));
  request->remote_address = "127.0.0.1:40000";
  request->request_id = "security-test";
  return (router != nullptr ? *router : node_->router()).Dispatch(*request);
}

}  // namespace qccm::security_test
