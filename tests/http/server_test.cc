// The server over real sockets: routing, keep-alive, pipelining, query decoding, HEAD,
// request ids, errors from handlers, the access log, metrics and health.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "http/operations_routes.h"
#include "http/server_fixture.h"
#include "qccm/core/log.h"

namespace qccm::http::testing {
namespace {

class ServerTest : public ServerFixture {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/taxii2/{api_root}/collections/{id}/objects/",
                [](Request& r) {
                  return Response::Json(200, "{\"api_root\":" + JsonQuote(r.PathParam("api_root")) +
                                                 ",\"id\":" + JsonQuote(r.PathParam("id")) + "}");
                },
                {.name = "taxii.objects.get"});
    router_.Add(Method::kGet, "/echo",
                [](Request& r) {
                  std::string body;
                  for (const auto& [name, value] : r.query) body += name + "=" + value + ";";
                  r.user = "alice";
                  return Response::Text(200, body);
                },
                {.name = "echo"});
    router_.Add(Method::kPost, "/echo",
                [](Request& r) { return Response::Text(200, std::move(r.body)); },
                {.name = "echo.post"});
    router_.Add(Method::kGet, "/remote",
                [](Request& r) { return Response::Text(200, r.remote_address); },
                {.name = "remote"});
    router_.Add(Method::kGet, "/throws",
                [](Request&) -> Response { throw std::runtime_error("handler bug"); },
                {.name = "throws"});
    router_.Add(Method::kGet, "/no-content", [](Request&) { return Response::Empty(204); },
                {.name = "no_content"});
    router_.Add(Method::kGet, "/inject",
                [](Request&) {
                  Response response = Response::Text(200, "x");
                  response.headers.Set("X-Echo", "a\r\nSet-Cookie: evil=1");
                  response.headers.Set("X-Fine", "ok");
                  return response;
                },
                {.name = "inject"});
    RegisterOperationsRoutes(router_, metrics_);
  }
};

TEST_F(ServerTest, RoutesWithPathParametersOverASocket) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/taxii2/qccm/collections/c%2D1/objects/");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"api_root":"qccm","id":"c-1"})");
  EXPECT_EQ(response->Header("Content-Type"), "application/json");
  EXPECT_EQ(response->Header("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  StartServer();
  auto client = Connect();
  auto missing = client->Request("GET", "/nothing/here");
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("\"http_status\":\"404\""), std::string::npos);
  auto wrong = client->Request("DELETE", "/echo");
  ASSERT_TRUE(wrong.has_value());
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->Header("Allow"), "GET, HEAD, POST");
  EXPECT_TRUE(wrong->keep_alive);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  auto client = Connect();
  std::string first_remote;
  for (int i = 0; i < 5; ++i) {
    auto response = client->Request("GET", "/remote");
    ASSERT_TRUE(response.has_value()) << "request " << i << ": " << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(response->keep_alive);
    if (i == 0) first_remote = response->body;
    EXPECT_EQ(response->body, first_remote);  // the same client port: the same connection
  }
  EXPECT_FALSE(first_remote.empty());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send(RawRequest("GET", "/echo?n=1") + RawRequest("POST", "/echo", "two") +
                         RawRequest("GET", "/echo?n=3"))
                  .has_value());
  std::vector<std::string> bodies;
  for (int i = 0; i < 3; ++i) {
    auto response = client->Read();
    ASSERT_TRUE(response.has_value()) << response.error().message;
    bodies.push_back(response->body);
  }
  EXPECT_EQ(bodies, (std::vector<std::string>{"n=1;", "two", "n=3;"}));
}

TEST_F(ServerTest, QueryParametersArriveDecoded) {
  StartServer();
  auto client = Connect();
  auto response = client->Request(
      "GET",
      "/echo?match[type]=indicator&match%5Btype%5D=malware&added_after=2021-01-01T00:00:00Z"
      "&text=a+b%20c");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body,
            "added_after=2021-01-01T00:00:00Z;match[type]=indicator;match[type]=malware;"
            "text=a b c;");
}

TEST_F(ServerTest, BadlyEncodedTargetIs400) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/echo/%zz");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client->WaitClosed());
}

TEST_F(ServerTest, HeadGetsTheGetHeadersWithoutABody) {
  StartServer();
  auto client = Connect();
  auto head = client->Request("HEAD", "/echo?a=1");
  ASSERT_TRUE(head.has_value()) << head.error().message;
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length"), "4");
  EXPECT_EQ(head->body, "");
  auto get = client->Request("GET", "/echo?a=1");  // the connection is still in step
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(get->body, "a=1;");
}

TEST_F(ServerTest, NoContentResponseHasNoContentLength) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/no-content");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 204);
  EXPECT_EQ(response->Header("Content-Length"), "");
  EXPECT_TRUE(client->Request("GET", "/echo").has_value());
}

TEST_F(ServerTest, EveryResponseCarriesAFreshRequestId) {
  StartServer();
  auto client = Connect();
  auto a = client->Request("GET", "/echo");
  auto b = client->Request("GET", "/nothing");
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_FALSE(a->Header("X-Request-Id").empty());
  EXPECT_FALSE(b->Header("X-Request-Id").empty());
  EXPECT_NE(a->Header("X-Request-Id"), b->Header("X-Request-Id"));
}

TEST_F(ServerTest, HandlerExceptionIs500AndTheConnectionGoesOn) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/throws");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body.find("handler bug"), std::string::npos);  // no internals leak
  auto next = client->Request("GET", "/echo");
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, Expect100ContinueGetsAnInterimResponseBeforeTheBody) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                         "Expect: 100-continue\r\n\r\n")
                  .has_value());
  auto interim = client->Read();
  ASSERT_TRUE(interim.has_value()) << interim.error().message;
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client->Send("hello").has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
}

TEST_F(ServerTest, HeaderValueWithLineBreakIsDroppedNotSplitIntoTheResponse) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/inject");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->Header("X-Echo"), "");
  EXPECT_EQ(response->Header("Set-Cookie"), "");
  EXPECT_EQ(response->Header("X-Fine"), "ok");
}

TEST_F(ServerTest, UnknownMethodsShareOneMetricsLabel) {
  StartServer();
  auto client = Connect();
  auto a = client->Request("FOO", "/echo");
  auto b = client->Request("BAR", "/echo");
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->status, 405);
  StopServer();
  std::string text = metrics_.RenderText();
  EXPECT_NE(
      text.find("qccm_http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"405\"} 2"),
      std::string::npos)
      << text;
  EXPECT_EQ(text.find("FOO"), std::string::npos);
}

TEST_F(ServerTest, HealthzIsOk) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/healthz");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatusInPrometheusFormat) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client->Request("GET", "/echo").has_value());
  ASSERT_TRUE(client->Request("GET", "/echo").has_value());
  ASSERT_TRUE(client->Request("GET", "/nothing").has_value());
  auto response = client->Request("GET", "/metrics");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = response->body;
  EXPECT_NE(text.find("# TYPE qccm_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("qccm_http_requests_total{route=\"echo\",method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find("qccm_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"),
      std::string::npos);
  EXPECT_NE(text.find("qccm_http_request_duration_seconds_count{route=\"echo\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("qccm_http_open_connections 1\n"), std::string::npos);
  EXPECT_NE(text.find("qccm_http_requests_in_flight 1\n"), std::string::npos);  // this one
}

TEST_F(ServerTest, AccessLogNamesQueryParametersButNeverTheirValuesOrSecrets) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto logger = Logger("access");
  logger->sinks().push_back(sink);
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/echo?token=SECRETVALUE&match[type]=indicator", "",
                                  {{"Authorization", "Bearer SECRETTOKEN"}});
  ASSERT_TRUE(response.has_value());
  StopServer();  // the log line is written once the response is out; stopping orders it
  logger->sinks().pop_back();
  std::string line = captured.str();
  EXPECT_NE(line.find("request method=GET route=echo path=/echo query=token,match[type] "
                      "status=200 bytes="),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("request_id=" + response->Header("X-Request-Id")), std::string::npos);
  EXPECT_NE(line.find("user=alice"), std::string::npos);
  EXPECT_EQ(line.find("SECRET"), std::string::npos) << line;
}

}  // namespace
}  // namespace qccm::http::testing
