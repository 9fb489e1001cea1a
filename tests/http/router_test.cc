// Router in process: templates, parameters, specificity, 404/405, HEAD, filters, errors.
#include "http/router.h"

#include <gtest/gtest.h>

namespace qccm::http {
namespace {

Handler Echo(std::string tag) {
  return [tag](Request& request) {
    std::string body = tag;
    for (const auto& [name, value] : request.path_params) body += " " + name + "=" + value;
    return Response::Text(200, body);
  };
}

Response Dispatch(const Router& router, Method method, std::string_view target) {
  auto request = MakeRequest(method, target);
  EXPECT_TRUE(request.has_value());
  return router.Dispatch(*request);
}

TEST(RouterTest, ExtractsPathParametersFromSingleSegments) {
  Router router;
  router.Add(Method::kGet, "/taxii2/{api_root}/collections/{id}/objects/", Echo("objects"),
             {.name = "taxii.objects.get"});
  Response response = Dispatch(router, Method::kGet, "/taxii2/qccm/collections/91a7b528/objects/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "objects api_root=qccm id=91a7b528");
}

TEST(RouterTest, SetsRouteNameBeforeTheHandlerRuns) {
  Router router;
  router.Add(Method::kGet, "/a/{x}", [](Request& r) { return Response::Text(200, r.route_name); },
             {.name = "a.get"});
  EXPECT_EQ(Dispatch(router, Method::kGet, "/a/1").body, "a.get");
}

TEST(RouterTest, TrailingSlashIsSignificant) {
  Router router;
  router.Add(Method::kGet, "/taxii2/", Echo("discovery"));
  EXPECT_EQ(Dispatch(router, Method::kGet, "/taxii2/").status, 200);
  EXPECT_EQ(Dispatch(router, Method::kGet, "/taxii2").status, 404);
}

TEST(RouterTest, ParameterDoesNotMatchAnEmptySegment) {
  Router router;
  router.Add(Method::kGet, "/c/{id}/", Echo("c"));
  EXPECT_EQ(Dispatch(router, Method::kGet, "/c//").status, 404);
  EXPECT_EQ(Dispatch(router, Method::kGet, "/c/x/y/").status, 404);
}

TEST(RouterTest, LiteralSegmentBeatsParameterWhateverTheOrderOfRegistration) {
  Router router;
  router.Add(Method::kGet, "/c/{id}/", Echo("param"));
  router.Add(Method::kGet, "/c/special/", Echo("literal"));
  EXPECT_EQ(Dispatch(router, Method::kGet, "/c/special/").body, "literal");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/c/other/").body, "param id=other");
}

TEST(RouterTest, CatchAllTakesTheRestOfThePath) {
  Router router;
  router.Add(Method::kGet, "/ui/{path...}", Echo("static"));
  router.Add(Method::kGet, "/ui/api/{x}", Echo("api"));
  EXPECT_EQ(Dispatch(router, Method::kGet, "/ui/").body, "static path=");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/ui/js/app.js").body, "static path=js/app.js");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/ui/api/1").body, "api x=1");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/ui").status, 404);
}

TEST(RouterTest, UnknownPathIs404WithErrorResourceBody) {
  Router router;
  router.Add(Method::kGet, "/a", Echo("a"));
  Response response = Dispatch(router, Method::kGet, "/b");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(
      response.body,
      R"({"title":"Not Found","description":"no resource at this path","http_status":"404"})");
}

TEST(RouterTest, WrongMethodIs405WithAllowListingEveryMethodOfThePath) {
  Router router;
  router.Add(Method::kGet, "/c/{id}/objects/", Echo("get"));
  router.Add(Method::kPost, "/c/{id}/objects/", Echo("post"));
  router.Add(Method::kDelete, "/c/{id}/objects/{object}/", Echo("delete"));
  Response response = Dispatch(router, Method::kPut, "/c/1/objects/");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Get("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(Dispatch(router, Method::kOther, "/c/1/objects/").status, 405);
}

TEST(RouterTest, HeadIsServedByTheGetRoute) {
  Router router;
  router.Add(Method::kGet, "/a", Echo("a"));
  EXPECT_EQ(Dispatch(router, Method::kHead, "/a").status, 200);
}

TEST(RouterTest, RoutesEnumeratesEveryRegistrationInOrder) {
  Router router;
  router.Add(Method::kGet, "/taxii2/", Echo("d"), {.name = "taxii.discovery"});
  router.Add(Method::kPost, "/taxii2/{r}/collections/{id}/objects/", Echo("p"),
             {.name = "taxii.objects.add", .max_body_bytes = 1024});
  router.Add(Method::kGet, "/healthz", Echo("h"));
  std::vector<RouteInfo> routes = router.Routes();
  ASSERT_EQ(routes.size(), 3u);
  EXPECT_EQ(routes[0].name, "taxii.discovery");
  EXPECT_EQ(routes[1].method, Method::kPost);
  EXPECT_EQ(routes[1].path, "/taxii2/{r}/collections/{id}/objects/");
  EXPECT_EQ(routes[1].max_body_bytes, 1024);
  EXPECT_EQ(routes[2].name, "GET /healthz");
  EXPECT_FALSE(routes[2].max_body_bytes.has_value());
}

TEST(RouterTest, InstalledErrorRendererShapesRouterErrors) {
  Router router;
  router.SetErrorRenderer([](int status, std::string_view title, std::string_view) {
    return Response::Json(status, ErrorBodyJson(status, title, ""), kTaxiiType);
  });
  router.Add(Method::kGet, "/a", Echo("a"));
  Response not_found = Dispatch(router, Method::kGet, "/b");
  EXPECT_EQ(not_found.headers.Get("Content-Type"), kTaxiiType);
  EXPECT_EQ(not_found.body, R"({"title":"Not Found","http_status":"404"})");
  Response not_allowed = Dispatch(router, Method::kPost, "/a");
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.headers.Get("Content-Type"), kTaxiiType);
}

TEST(RouterTest, FiltersRunInOrderAndCanAnswerInsteadOfTheHandler) {
  Router router;
  int handler_calls = 0;
  router.Add(Method::kGet, "/open", [&](Request& r) {
    ++handler_calls;
    return Response::Text(200, r.user);
  });
  router.Add(Method::kGet, "/admin",
             [&](Request&) {
               ++handler_calls;
               return Response::Text(200, "secret");
             },
             {.name = "admin"});
  router.AddFilter([](Request& r, const RouteInfo&) -> std::optional<Response> {
    r.user = "alice";
    return std::nullopt;
  });
  router.AddFilter([&router](Request& r, const RouteInfo& route) -> std::optional<Response> {
    if (route.name == "admin" && r.user != "root") {
      return router.RenderError(403, "Forbidden", "");
    }
    return std::nullopt;
  });
  EXPECT_EQ(Dispatch(router, Method::kGet, "/open").body, "alice");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/admin").status, 403);
  EXPECT_EQ(handler_calls, 1);
}

TEST(RouterTest, ErrorBodyEscapesJson) {
  EXPECT_EQ(ErrorBodyJson(400, "Bad \"x\"", "line\nbreak"),
            R"({"title":"Bad \"x\"","description":"line\nbreak","http_status":"400"})");
}

TEST(RouterDeathTest, RegisteringTheSameShapeTwiceAborts) {
  Router router;
  router.Add(Method::kGet, "/c/{id}/", Echo("a"));
  EXPECT_DEATH(router.Add(Method::kGet, "/c/{other}/", Echo("b")), "registered twice");
}

TEST(RouterDeathTest, MalformedTemplatesAbort) {
  Router router;
  EXPECT_DEATH(router.Add(Method::kGet, "no-slash", Echo("a")), "must start");
  EXPECT_DEATH(router.Add(Method::kGet, "/a/{rest...}/b", Echo("a")), "last one");
  EXPECT_DEATH(router.Add(Method::kGet, "/a/x{id}", Echo("a")), "whole segment");
  EXPECT_DEATH(router.Add(Method::kGet, "/a/{id}/{id}", Echo("a")), "twice");
}

}  // namespace
}  // namespace qccm::http
