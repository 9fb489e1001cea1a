// A node built exactly as `qccm serve` builds it (app::Node, same route registration), reached
// in process through its router, with a world laid out for rights tests: two members (OWN, the
// caller's, and OTHER), a user of OWN for every role, one collection per kind of access OWN has
// (none, read, write, read+write; OTHER may read and write all of them), and in each
// collection one object per (author, TLP marking), plus a status resource of each member.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/wiring.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "qccm/core/time.h"
#include "qccm/stix/tlp.h"

namespace qccm::security_test {

// Who calls: nobody, or a user of the OWN member with one role.
enum class Caller : std::uint8_t { kAnonymous, kAdmin, kAnalyst, kLiaison, kTrainer, kAuditor };
inline constexpr std::array kCallers = {Caller::kAnonymous, Caller::kAdmin,   Caller::kAnalyst,
                                        Caller::kLiaison,   Caller::kTrainer, Caller::kAuditor};
std::string_view CallerName(Caller caller);
bool HandlesIntelligence(Caller caller);  // the roles that may see intelligence content

// The OWN member's right on a collection (OTHER always has read and write).
enum class Access : std::uint8_t { kNone, kRead, kWrite, kReadWrite };
inline constexpr std::array kAccesses = {Access::kNone, Access::kRead, Access::kWrite,
                                         Access::kReadWrite};
std::string_view AccessName(Access access);
inline bool CanRead(Access a) { return a == Access::kRead || a == Access::kReadWrite; }
inline bool CanWrite(Access a) { return a == Access::kWrite || a == Access::kReadWrite; }

// Who submitted the object (or the status) a request names.
enum class Owner : std::uint8_t { kOwn, kOther };
inline constexpr std::array kOwners = {Owner::kOwn, Owner::kOther};
std::string_view OwnerName(Owner owner);

inline constexpr std::array kTlps = {stix::Tlp::kClear, stix::Tlp::kGreen, stix::Tlp::kAmber,
                                     stix::Tlp::kAmberStrict, stix::Tlp::kRed};

// The marker every object body of the world carries in its description, so that a test can
// grep logs and error messages for object content.
inline constexpr std::string_view kBodyMarker = "QCCM-BODY-MARKER-7f3a";
// The password of every user of the world.
inline constexpr std::string_view kPassword = "Secret-Passw0rd-of-the-security-suite";

// "indicator--<uuid>" where the uuid encodes `n` (distinct n, distinct ids).
std::string IndicatorIdFor(std::uint64_t n);
// A valid indicator carrying kBodyMarker, with a TLP marking (kNone: none) and modified time.
std::string IndicatorJson(std::string_view id, stix::Tlp tlp, std::string_view modified,
                          std::string_view shared_with = "");
std::string EnvelopeOf(const std::vector<std::string>& objects);

class SecurityWorld final {
 public:
  // Builds the node in a fresh temporary directory and lays out the world. Aborts the test
  // (ADD_FAILURE and returns nullptr) on a setup failure.
  // `requests_per_second` 0: no per-credential limit (the matrix sends thousands per token).
  static std::unique_ptr<SecurityWorld> Create(double requests_per_second = 0, double burst = 0);
  ~SecurityWorld();

  app::Node& node() { return *node_; }
  FakeClock& clock() { return clock_; }
  // Ids the node made at random (collections, statuses), for comparing two worlds' answers.
  std::vector<std::string> RandomIds() const;
  const http::Router& router() const { return node_->router(); }

  std::string CollectionId(Access access) const { return collections_.at(access); }
  // The object of `owner` with marking `tlp` in the collection of `access`.
  std::string ObjectId(Access access, Owner owner, stix::Tlp tlp) const;
  std::string StatusId(Owner owner) const { return statuses_.at(owner); }
  std::int64_t MemberId(Owner owner) const { return members_.at(owner); }
  std::string MemberCode(Owner owner) const;
  // A hit notification held by `owner`'s member (made by the other member's lookup of a value
  // in `owner`'s hidden TLP:RED objects).
  std::string NotificationId(Owner owner) const { return notifications_.at(owner); }
  // Requests for information: kOwn, one the OWN member may act on as `role` says; kOther, one
  // between OTHER and a third member that OWN may not see.
  enum class RfiRole : std::uint8_t { kAddressedToOwn, kAskedByOwn };
  std::string RfiId(RfiRole role, Owner owner) const;
  // The bearer token of the OWN user with `caller`'s role ("" for anonymous), and every
  // secret the world handed out (tokens and the password), for log checks.
  std::string Token(Caller caller) const;
  std::vector<std::string> Secrets() const;
  // Every secret any world of this process handed out (for the log check at exit).
  static std::vector<std::string> SecretsSeen();

  // Stores one version of an object directly (bypassing the API's rights, as setup does).
  void PutObject(Access access, Owner owner, std::string_view id, stix::Tlp tlp,
                 std::string_view modified, std::vector<std::int64_t> named = {});
  // Puts back the world's object (after a DELETE removed it).
  void Restore(Access access, Owner owner, stix::Tlp tlp);

  // A request as the server would build it, with Accept (and Content-Type for a body) set
  // and the caller's credentials, dispatched through `router` (nullptr: the node's).
  http::Response Dispatch(Caller caller, http::Method method, const std::string& target,
                          std::string body = {}, const http::Router* router = nullptr);
  http::Response DispatchWithToken(std::string_view token, http::Method method,
                                   const std::string& target, std::string body = {},
                                   const http::Router* router = nullptr);

  // A fresh id for objects a test creates.
  std::string FreshId() { return IndicatorIdFor(next_fresh_++); }

 private:
  SecurityWorld() = default;
  bool Build(double requests_per_second, double burst);
  bool Open(store::OpenMode mode);
  bool MakeCorrelationFixtures();
  std::string PostAs(std::string_view token, http::Method method, const std::string& target,
                     std::string body, int expected);

  std::filesystem::path dir_;
  FakeClock clock_{Timestamp{1717200000000000}};  // 2024-06-01
  std::unique_ptr<app::Node> node_;
  double requests_per_second_ = 0;
  double burst_ = 0;
  std::string other_token_;
  std::string third_token_;
  std::map<Owner, std::string> notifications_;
  std::map<std::pair<RfiRole, Owner>, std::string> rfis_;
  std::map<Owner, std::int64_t> members_;
  std::map<Access, std::string> collections_;
  std::map<Owner, std::string> statuses_;
  std::map<Caller, std::string> tokens_;
  std::uint64_t next_fresh_ = 1'000'000;
};

}  // namespace qccm::security_test
