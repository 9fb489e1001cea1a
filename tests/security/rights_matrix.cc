// The rights matrix runner and the expectation table of the node's routes.
#include "security/rights_matrix.h"

#include <set>

namespace qccm::security_test {
namespace {

constexpr std::array kMethods = {http::Method::kGet, http::Method::kHead,   http::Method::kPost,
                                 http::Method::kPut, http::Method::kDelete, http::Method::kPatch};

struct Cell {
  Caller caller;
  Access access;
  Owner owner;
  stix::Tlp tlp;
};

bool Visible(const Cell& cell) { return cell.tlp != stix::Tlp::kRed || cell.owner == Owner::kOwn; }

// The expected status for a cell, straight from the documented rules.
int ExpectedStatus(const RouteExpectation& e, const Cell& c) {
  const Rule rule = e.rule;
  if (rule == Rule::kPublic) return 200;
  if (c.caller == Caller::kAnonymous) return 401;
  if (rule == Rule::kSignedIn) return 200;
  if (rule == Rule::kAdminOnly) return c.caller == Caller::kAdmin ? e.ok : 403;
  if (rule == Rule::kAuditorOnly) return c.caller == Caller::kAuditor ? e.ok : 403;
  if (!HandlesIntelligence(c.caller)) return 403;
  switch (rule) {
    case Rule::kCollectionList:
      return 200;
    case Rule::kOwnStatus:
      return c.owner == Owner::kOwn ? 200 : 404;
    case Rule::kIntelligence:
      return e.ok;
    case Rule::kClueRead:
      return CanRead(c.access) && Visible(c) ? e.ok : 404;
    case Rule::kOwnOnly:
    case Rule::kOwnSingleUse:
      return c.owner == Owner::kOwn ? e.ok : 404;
    default:
      break;
  }
  if (c.access == Access::kNone) return 404;
  switch (rule) {
    case Rule::kSeeCollection:
      return 200;
    case Rule::kReadObjects:
      return CanRead(c.access) ? 200 : 403;
    case Rule::kReadOneObject:
    case Rule::kObjectVersions:
      if (!CanRead(c.access)) return 403;
      return Visible(c) ? 200 : 404;
    case Rule::kWriteObjects:
      return CanWrite(c.access) ? 202 : 403;
    case Rule::kDeleteObject:
      if (!CanWrite(c.access)) return 403;
      if (!Visible(c)) return 404;
      return c.owner == Owner::kOwn ? 200 : 403;
    default:
      return 0;
  }
}

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

// The request target for a path template, or "" with `error` set when a parameter is unknown.
std::string FillTarget(const std::string& path, const RouteExpectation* e, SecurityWorld& world,
                       const Cell& c, std::string* error) {
  const std::string object = world.ObjectId(c.access, c.owner, c.tlp);
  std::string target = Replace(path, "{collection}", world.CollectionId(c.access));
  target = Replace(target, "{object}", object);
  target = Replace(target, "{status}", world.StatusId(c.owner));
  // Member codes name agencies, not objects: ratings are of the other member, track records of
  // the cell's one.
  target = Replace(target, "{member}", world.MemberCode(Owner::kOther));
  target = Replace(target, "{code}", world.MemberCode(c.owner));
  // Audit record 0 exists: the world's setup requests were audited.
  target = Replace(target, "{seq}", "0");
  if (e != nullptr && target.find("{id}") != std::string::npos) {
    using Role = SecurityWorld::RfiRole;
    switch (e->id) {
      case IdKind::kObject:
        target = Replace(target, "{id}", object);
        break;
      case IdKind::kNotification:
        target = Replace(target, "{id}", world.NotificationId(c.owner));
        break;
      case IdKind::kRfiAddressedToOwn:
        target = Replace(target, "{id}", world.RfiId(Role::kAddressedToOwn, c.owner));
        break;
      case IdKind::kRfiAskedByOwn:
        target = Replace(target, "{id}", world.RfiId(Role::kAskedByOwn, c.owner));
        break;
    }
  }
  if (std::size_t brace = target.find('{'); brace != std::string::npos) {
    *error = "has path parameter " + target.substr(brace, target.find('}', brace) - brace + 1) +
             " that the rights matrix cannot fill: teach FillTarget in "
             "tests/security/rights_matrix.cc which object of the world it names";
    return "";
  }
  return target + (e != nullptr ? Replace(e->query, "{object}", object) : "");
}

std::string Describe(std::string_view route, http::Method method, const std::string& path,
                     const Cell& c) {
  return std::string(route) + " " + std::string(http::MethodName(method)) + " " + path +
         " caller=" + std::string(CallerName(c.caller)) +
         " right=" + std::string(AccessName(c.access)) +
         " object=" + std::string(OwnerName(c.owner)) + " TLP:" + std::string(stix::TlpName(c.tlp));
}

// Checks what a successful answer says, beyond its status.
std::string CheckBody(Rule rule, const http::Response& response, SecurityWorld& world,
                      const Cell& c, const std::string& posted_id) {
  const std::string object = world.ObjectId(c.access, c.owner, c.tlp);
  const bool has_object = response.body.find(object) != std::string::npos;
  switch (rule) {
    case Rule::kCollectionList:
      for (Access a : kAccesses) {
        bool listed = response.body.find(world.CollectionId(a)) != std::string::npos;
        if (listed != (a != Access::kNone)) {
          return "collection list " + std::string(listed ? "shows" : "misses") + " the " +
                 std::string(AccessName(a)) + " collection";
        }
      }
      return "";
    case Rule::kReadObjects:
    case Rule::kReadOneObject:
      if (has_object != Visible(c)) {
        return has_object ? "an invisible object is in the answer"
                          : "a visible object is missing from the answer";
      }
      return "";
    case Rule::kObjectVersions:
      // The versions resource lists timestamps: the world's version must be among them.
      return response.body.find("\"2024-01-01T00:00:00.000Z\"") == std::string::npos
                 ? "the object's version is missing from the versions list"
                 : "";
    case Rule::kWriteObjects: {
      // A new version of an own object is stored; one of another member's object is refused.
      const std::size_t failures = response.body.find("\"failures\"");
      const std::size_t at = response.body.find(posted_id);
      const bool refused =
          at != std::string::npos && failures != std::string::npos && at > failures;
      if (at == std::string::npos) return "the status does not mention the posted object";
      if (refused != (c.owner == Owner::kOther)) {
        return c.owner == Owner::kOther ? "a new version of another member's object was accepted"
                                        : "a new version of an own object was refused";
      }
      return "";
    }
    default:
      return "";
  }
}

}  // namespace

const ExpectationTable& NodeExpectations() {
  // One entry per route name registered in src/app/routes.cc. A new route needs one here.
  static const ExpectationTable kTable = {
      {"ops.healthz", {Rule::kPublic, ""}},
      {"ops.metrics", {Rule::kPublic, ""}},
      {"taxii.discovery", {Rule::kSignedIn, ""}},
      {"taxii.api_root", {Rule::kSignedIn, ""}},
      {"taxii.status", {Rule::kOwnStatus, ""}},
      {"taxii.collections", {Rule::kCollectionList, ""}},
      {"taxii.collection", {Rule::kSeeCollection, ""}},
      {"taxii.manifest", {Rule::kReadObjects, "?match[id]={object}"}},
      {"taxii.objects.get", {Rule::kReadObjects, "?match[id]={object}"}},
      {"taxii.objects.add", {Rule::kWriteObjects, ""}},
      {"taxii.object.get", {Rule::kReadOneObject, ""}},
      {"taxii.object.delete", {Rule::kDeleteObject, ""}},
      {"taxii.versions", {Rule::kObjectVersions, ""}},
      // /api/v1: correlation, clues, notifications, RFIs (src/http/routes/correlation_routes.cc).
      {"api.observables", {Rule::kIntelligence, "?type=ipv4&value=203.0.113.7"}},
      {"api.match",
       {Rule::kIntelligence, "", 200, IdKind::kObject,
        R"({"observables":["203.0.113.7",{"type":"domain-name","value":"a.example"}]})"}},
      {"api.clue", {Rule::kClueRead}},
      {"api.clue.assess",
       {Rule::kClueRead, "", 201, IdKind::kObject,
        R"({"scale":"admiralty","value":"B2","note":"n"})"}},
      {"api.reliability.set",
       {Rule::kIntelligence, "", 200, IdKind::kObject, R"({"reliability":"B"})"}},
      {"api.reliability.list", {Rule::kIntelligence}},
      {"api.track_record", {Rule::kIntelligence}},
      {"api.notifications", {Rule::kIntelligence}},
      {"api.notification.answer",
       {Rule::kOwnSingleUse, "", 200, IdKind::kNotification,
        R"({"decision":"decline","note":"n"})"}},
      {"api.rfis.create",
       {Rule::kIntelligence, "", 201, IdKind::kObject,
        R"({"question":"q","due":"2030-01-01T00:00:00Z",)"
        R"("observable":{"type":"ipv4","value":"203.0.113.7"}})"}},
      {"api.rfis.list", {Rule::kIntelligence}},
      {"api.rfi", {Rule::kOwnOnly, "", 200, IdKind::kRfiAddressedToOwn}},
      {"api.rfi.respond",
       {Rule::kOwnOnly, "", 201, IdKind::kRfiAddressedToOwn,
        R"({"verdict":"no_information","text":"none"})"}},
      {"api.rfi.close", {Rule::kOwnSingleUse, "", 200, IdKind::kRfiAskedByOwn}},
      {"api.correlation.stats", {Rule::kAdminOnly}},
      // /api/v1/audit (src/http/routes/audit_routes.cc, docs/oversight.md).
      {"api.audit.records", {Rule::kAuditorOnly, "?limit=5&since=2024-01-01T00:00:00Z"}},
      {"api.audit.sample", {Rule::kAuditorOnly, "?seed=matrix&count=3"}},
      {"api.audit.head", {Rule::kAuditorOnly}},
      {"api.audit.proof", {Rule::kAuditorOnly}},
      {"api.audit.my_data", {Rule::kSignedIn, "?limit=5"}},
  };
  return kTable;
}

MatrixResult RunRightsMatrix(const http::Router& router, SecurityWorld& world,
                             const ExpectationTable& table) {
  MatrixResult result;
  const std::vector<http::RouteInfo> routes = router.Routes();
  std::set<std::string> paths;
  for (const http::RouteInfo& route : routes) {
    if (!table.contains(route.name)) {
      result.failures.push_back(
          "route '" + route.name + "' (" + std::string(http::MethodName(route.method)) + " " +
          route.path +
          ") has no rights expectations: add its entry to NodeExpectations() in "
          "tests/security/rights_matrix.cc (and its rule, if none fits)");
    }
    paths.insert(route.path);
  }
  if (!result.failures.empty()) return result;
  int version = 0;
  for (const std::string& path : paths) {
    for (http::Method method : kMethods) {
      const http::Method wanted = method == http::Method::kHead ? http::Method::kGet : method;
      const http::RouteInfo* route = nullptr;
      for (const http::RouteInfo& r : routes) {
        if (r.path == path && r.method == wanted) route = &r;
      }
      const RouteExpectation* expectation = route ? &table.find(route->name)->second : nullptr;
      // A method without a route (405) still needs the path's ids filled in.
      const RouteExpectation* filler = expectation;
      for (const http::RouteInfo& r : routes) {
        if (filler == nullptr && r.path == path) filler = &table.find(r.name)->second;
      }
      const std::string name = route ? route->name : "(no route)";
      for (Caller caller : kCallers) {
        for (Access access : kAccesses) {
          for (Owner owner : kOwners) {
            for (stix::Tlp tlp : kTlps) {
              const Cell cell{caller, access, owner, tlp};
              std::string error;
              std::string target = FillTarget(path, filler, world, cell, &error);
              if (!error.empty()) {
                result.failures.push_back("route '" + name + "' " + error);
                return result;
              }
              std::string body;
              std::string posted_id;
              if (method == http::Method::kPost) {
                // A new version of the cell's object, with the cell's marking.
                posted_id = world.ObjectId(access, owner, tlp);
                char modified[40];
                std::snprintf(modified, sizeof modified, "2024-02-01T00:00:%02d.%03dZ",
                              version / 1000 % 60, version % 1000);
                ++version;
                body = EnvelopeOf({IndicatorJson(posted_id, tlp, modified)});
              }
              if (expectation && !expectation->body.empty() &&
                  (method == http::Method::kPost || method == http::Method::kPut)) {
                body = expectation->body;
                posted_id.clear();
              }
              http::Response response = world.Dispatch(caller, method, target, body, &router);
              ++result.cells;
              const int expected = expectation ? ExpectedStatus(*expectation, cell) : 405;
              std::string problem;
              const bool second_use = expectation && expectation->rule == Rule::kOwnSingleUse &&
                                      expected / 100 == 2 && response.status == 409;
              if (response.status != expected && !second_use) {
                problem = "expected " + std::to_string(expected) + ", got " +
                          std::to_string(response.status) + ": " + response.body.substr(0, 300);
              } else if (expectation && response.status / 100 == 2 &&
                         method != http::Method::kHead) {
                problem = CheckBody(expectation->rule, response, world, cell, posted_id);
              }
              if (!problem.empty()) {
                result.failures.push_back(Describe(name, method, path, cell) + ": " + problem);
              }
              if (method == http::Method::kDelete && response.status == 200) {
                world.Restore(access, owner, tlp);
              }
            }
          }
        }
      }
    }
  }
  return result;
}

}  // namespace qccm::security_test
