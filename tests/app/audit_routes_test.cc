// The route-level audit guarantee: every route of the node declares what the audit log records
// for it, exemptions are the known few, and the finisher's record building (outcome, ids,
// owners, query) and the router's finisher hook behave as documented.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "app/request_audit.h"
#include "security/security_world.h"

namespace qccm::app {
namespace {

using oversight::AuditAction;
using oversight::AuditOutcome;

// Routes that touch no intelligence. A new exemption is a decision: add it here with its
// reason in RouteOptions.audit, or audit the route.
const std::set<std::string> kKnownExemptions = {"ops.healthz", "ops.metrics", "taxii.discovery",
                                                "taxii.api_root", "api.correlation.stats"};

TEST(NodeAuditRoutes, EveryRouteOfTheNodeDeclaresAnAuditActionOrAnExemption) {
  auto world = security_test::SecurityWorld::Create();
  ASSERT_NE(world, nullptr);
  const std::vector<http::RouteInfo> routes = world->router().Routes();
  ASSERT_GT(routes.size(), 20u);
  for (const http::RouteInfo& route : routes) {
    SCOPED_TRACE(route.name + " " + std::string(http::MethodName(route.method)) + " " + route.path);
    EXPECT_TRUE(route.audit.declared())
        << "no audit declaration: add .audit = http::AuditAs(\"<action>\") or "
           "http::AuditExempt(\"<reason>\") to its RouteOptions (see src/http/router.h)";
    if (route.audit.audited()) {
      EXPECT_TRUE(oversight::ParseAction(route.audit.action).has_value())
          << "unknown action " << route.audit.action;
      EXPECT_TRUE(route.audit.exempt_reason.empty());
    } else if (route.audit.declared()) {
      EXPECT_TRUE(kKnownExemptions.contains(route.name))
          << "exempt from auditing (" << route.audit.exempt_reason
          << "): if it really touches no intelligence, add it to kKnownExemptions";
    }
  }
  EXPECT_TRUE(CheckAuditDeclarations(world->router()).has_value());
}

TEST(NodeAuditRoutes, IntelligenceRoutesDeclareTheirActions) {
  auto world = security_test::SecurityWorld::Create();
  ASSERT_NE(world, nullptr);
  std::map<std::string, std::string> actions;
  for (const http::RouteInfo& route : world->router().Routes()) {
    actions[route.name] = route.audit.action;
  }
  EXPECT_EQ(actions["taxii.objects.get"], "read");
  EXPECT_EQ(actions["taxii.object.get"], "read");
  EXPECT_EQ(actions["taxii.manifest"], "read");
  EXPECT_EQ(actions["taxii.versions"], "read");
  EXPECT_EQ(actions["taxii.objects.add"], "write");
  EXPECT_EQ(actions["taxii.object.delete"], "delete");
  EXPECT_EQ(actions["api.rfi.respond"], "rfi_answer");
  EXPECT_EQ(actions["api.audit.records"], "audit_read");
  EXPECT_EQ(actions["api.audit.my_data"], "audit_read");
}

http::Response Ok(http::Request&) { return http::Response::Json(200, "{}"); }

TEST(CheckAuditDeclarations, NamesARouteWithoutADeclaration) {
  http::Router router;
  router.Add(http::Method::kGet, "/a", Ok, {.name = "a", .audit = http::AuditAs("read")});
  router.Add(http::Method::kGet, "/b", Ok, {.name = "b"});
  auto checked = CheckAuditDeclarations(router);
  ASSERT_FALSE(checked.has_value());
  EXPECT_NE(checked.error().message.find("route b declares no audit action"), std::string::npos)
      << checked.error().message;
}

TEST(CheckAuditDeclarations, RefusesAnUnknownAction) {
  http::Router router;
  router.Add(http::Method::kGet, "/a", Ok, {.name = "a", .audit = http::AuditAs("raed")});
  auto checked = CheckAuditDeclarations(router);
  ASSERT_FALSE(checked.has_value());
  EXPECT_NE(checked.error().message.find("unknown audit action 'raed'"), std::string::npos);
}

TEST(CheckAuditDeclarations, AcceptsActionsAndExemptions) {
  http::Router router;
  router.Add(http::Method::kGet, "/a", Ok, {.name = "a", .audit = http::AuditAs("purge")});
  router.Add(http::Method::kGet, "/b", Ok, {.name = "b", .audit = http::AuditExempt("probe")});
  EXPECT_TRUE(CheckAuditDeclarations(router).has_value());
}

TEST(OutcomeOfStatus, MapsStatusClassesToOutcomes) {
  EXPECT_EQ(OutcomeOfStatus(200), AuditOutcome::kOk);
  EXPECT_EQ(OutcomeOfStatus(202), AuditOutcome::kOk);
  EXPECT_EQ(OutcomeOfStatus(401), AuditOutcome::kDenied);
  EXPECT_EQ(OutcomeOfStatus(403), AuditOutcome::kDenied);
  EXPECT_EQ(OutcomeOfStatus(429), AuditOutcome::kDenied);
  EXPECT_EQ(OutcomeOfStatus(404), AuditOutcome::kNotFound);
  EXPECT_EQ(OutcomeOfStatus(400), AuditOutcome::kInvalid);
  EXPECT_EQ(OutcomeOfStatus(413), AuditOutcome::kInvalid);
  EXPECT_EQ(OutcomeOfStatus(500), AuditOutcome::kFailed);
  EXPECT_EQ(OutcomeOfStatus(503), AuditOutcome::kFailed);
}

http::Request RoutedRequest(std::string_view target, http::PathParams params) {
  auto request = http::MakeRequest(http::Method::kGet, target);
  EXPECT_TRUE(request.has_value());
  request->path_params = std::move(params);
  request->request_id = "req-1";
  request->user = "ana";
  request->audit.member = "ALPHA";
  return std::move(*request);
}

TEST(BuildAuditRecord, TakesCollectionQueryAndPathIdWhenTheHandlerNotedNone) {
  http::Request request = RoutedRequest("/r/collections/c-1/objects/indicator--1/?match[type]=x",
                                        {{"collection", "c-1"}, {"object", "indicator--1"}});
  http::RouteInfo route{.name = "r", .audit = http::AuditAs("read")};
  oversight::AuditRecord record = BuildAuditRecord(request, route, 404, {});
  EXPECT_EQ(record.request_id, "req-1");
  EXPECT_EQ(record.user, "ana");
  EXPECT_EQ(record.member, "ALPHA");
  EXPECT_EQ(record.action, AuditAction::kRead);
  EXPECT_EQ(record.outcome, AuditOutcome::kNotFound);
  EXPECT_EQ(record.collection, "c-1");
  EXPECT_EQ(record.object_ids, std::vector<std::string>{"indicator--1"});
  EXPECT_EQ(record.query, "match[type]=x");
  EXPECT_TRUE(record.owners.empty());
}

TEST(BuildAuditRecord, UsesTheHandlersNoteOnceEachAndItsActionOverride) {
  http::Request request = RoutedRequest("/x", {});
  request.audit.object_ids = {"b", "b", "a"};
  request.audit.owners = {"BRAVO"};
  request.audit.collection = "c-9";
  request.audit.query = "q=1";
  request.audit.action = "export";
  http::RouteInfo route{.name = "x", .audit = http::AuditAs("read")};
  oversight::AuditRecord record = BuildAuditRecord(request, route, 200, {"ALPHA", "CHARLIE"});
  EXPECT_EQ(record.action, AuditAction::kExport);
  EXPECT_EQ(record.outcome, AuditOutcome::kOk);
  EXPECT_EQ(record.collection, "c-9");
  EXPECT_EQ(record.object_ids, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(record.query, "q=1");
  EXPECT_EQ(record.owners, (std::vector<std::string>{"ALPHA", "CHARLIE", "BRAVO"}));
}

TEST(BuildAuditRecord, CutsAnOverlongQueryAndSaysSo) {
  http::Request request = RoutedRequest("/x?" + std::string(20000, 'a'), {});
  http::RouteInfo route{.name = "x", .audit = http::AuditAs("read")};
  oversight::AuditRecord record = BuildAuditRecord(request, route, 200, {});
  EXPECT_LT(record.query.size(), 16384u);
  EXPECT_TRUE(record.query.ends_with("...(truncated)"));
  EXPECT_TRUE(oversight::ValidateRecord(record).has_value());
}

TEST(RecordableText, EscapesControlAndIllFormedBytesAndKeepsWellFormedUtf8) {
  EXPECT_EQ(RecordableTextForTest("a\xff"
                                  "b\x01"
                                  "\xc3\xa9\xed\xa0\x80",
                                  100),
            "a\\xFFb\\x01\xc3\xa9\\xED\\xA0\\x80");
  EXPECT_LE(RecordableTextForTest(std::string(5000, 'a'), 4000).size(), 4000u);
  oversight::AuditRecord record;
  record.collection = RecordableTextForTest("\xf0\x9f\x98\x80\xf0\x9f", 100);
  EXPECT_TRUE(oversight::ValidateRecord(record).has_value());
}

TEST(RouterFinisher, SeesTheResponseAndMayReplaceIt) {
  http::Router router;
  router.Add(http::Method::kGet, "/a", Ok, {.name = "a"});
  std::vector<int> seen;
  router.AddFinisher(
      [&seen](http::Request&, const http::RouteInfo& route, http::Response& response) {
        seen.push_back(response.status);
        if (route.name == "a") response = http::Response::Json(500, "{}");
      });
  auto request = http::MakeRequest(http::Method::kGet, "/a");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(router.Dispatch(*request).status, 500);
  EXPECT_EQ(seen, std::vector<int>{200});
}

TEST(RouterFinisher, RunsAfterAFilterAnsweredAndWhenTheHandlerThrows) {
  http::Router router;
  router.Add(http::Method::kGet, "/denied", Ok, {.name = "denied"});
  router.Add(http::Method::kGet, "/throws",
             [](http::Request&) -> http::Response { throw std::runtime_error("boom"); },
             {.name = "throws"});
  router.AddFilter(
      [](http::Request&, const http::RouteInfo& route) -> std::optional<http::Response> {
        if (route.name == "denied") return http::Response::Json(403, "{}");
        return std::nullopt;
      });
  std::vector<std::pair<std::string, int>> seen;
  router.AddFinisher(
      [&seen](http::Request&, const http::RouteInfo& route, http::Response& response) {
        seen.emplace_back(route.name, response.status);
      });
  auto denied = http::MakeRequest(http::Method::kGet, "/denied");
  auto throws = http::MakeRequest(http::Method::kGet, "/throws");
  ASSERT_TRUE(denied.has_value() && throws.has_value());
  EXPECT_EQ(router.Dispatch(*denied).status, 403);
  EXPECT_THROW(router.Dispatch(*throws), std::runtime_error);
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, int>>{{"denied", 403}, {"throws", 500}}));
}

TEST(RouterFinisher, DoesNotRunForAnUnknownPath) {
  http::Router router;
  router.Add(http::Method::kGet, "/a", Ok, {.name = "a"});
  int calls = 0;
  router.AddFinisher(
      [&calls](http::Request&, const http::RouteInfo&, http::Response&) { ++calls; });
  auto request = http::MakeRequest(http::Method::kGet, "/nothing");
  ASSERT_TRUE(request.has_value());
  EXPECT_EQ(router.Dispatch(*request).status, 404);
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace qccm::app
