// The server's bounds over real sockets: body and header limits, malformed requests, slow and
// truncated clients, idle timeout, connection and queue limits, graceful shutdown, SIGTERM.
#include <csignal>
#include <thread>

#include "http/server_fixture.h"

namespace qccm::http::testing {
namespace {

class ServerLimitsTest : public ServerFixture {
 protected:
  void SetUp() override {
    router_.Add(Method::kPost, "/upload",
                [this](Request& r) {
                  ++handler_calls_;
                  return Response::Text(200, std::to_string(r.body.size()));
                },
                {.name = "upload"});
    router_.Add(Method::kPost, "/small",
                [this](Request& r) {
                  ++handler_calls_;
                  return Response::Text(200, std::to_string(r.body.size()));
                },
                {.name = "small", .max_body_bytes = 10});
    router_.Add(Method::kGet, "/fast", [](Request&) { return Response::Text(200, "fast"); },
                {.name = "fast"});
    router_.Add(Method::kGet, "/slow",
                [this](Request&) {
                  entered_.Open();
                  bool released = release_.Wait();
                  return Response::Text(200, released ? "finished" : "not released");
                },
                {.name = "slow"});
  }

  std::atomic<int> handler_calls_{0};
  Gate entered_;
  Gate release_;
};

TEST_F(ServerLimitsTest, AnnouncedGigabyteBodyIs413WithoutBeingRead) {
  StartServer();
  auto client = Connect();
  // Only the header and 64 KiB are ever sent: an answer proves the server did not wait for
  // (or buffer) the announced gigabyte.
  ASSERT_TRUE(client
                  ->Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n" +
                         std::string(64 * 1024, 'x'))
                  .has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 413);
  EXPECT_FALSE(response->keep_alive);
  EXPECT_NE(response->body.find("\"http_status\":\"413\""), std::string::npos);
  EXPECT_TRUE(client->WaitClosed());
  EXPECT_EQ(handler_calls_, 0);
}

TEST_F(ServerLimitsTest, RouteBodyLimitOverridesTheServerLimit) {
  StartServer();
  auto ok = Connect()->Request("POST", "/small", std::string(10, 'a'));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "10");
  auto too_big = Connect()->Request("POST", "/small", std::string(11, 'a'));
  ASSERT_TRUE(too_big.has_value());
  EXPECT_EQ(too_big->status, 413);
  auto server_limit = Connect()->Request("POST", "/upload", std::string(1000, 'a'));
  ASSERT_TRUE(server_limit.has_value());
  EXPECT_EQ(server_limit->status, 200);
}

TEST_F(ServerLimitsTest, ChunkedBodyOverTheLimitIs413) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n")
                  .has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(handler_calls_, 0);
}

TEST_F(ServerLimitsTest, ChunkedBodyWithinTheLimitReachesTheHandler) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "4\r\n1234\r\n3\r\n567\r\n0\r\n\r\n")
                  .has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "7");
}

TEST_F(ServerLimitsTest, OversizedHeaderIs431AndCloses) {
  StartServer();
  auto client = Connect();
  auto response = client->Request("GET", "/fast", "", {{"X-Big", std::string(16 * 1024, 'h')}});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(client->WaitClosed());
}

TEST_F(ServerLimitsTest, MalformedRequestLineIs400AndCloses) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client->Send("THIS IS NOT HTTP\r\n\r\n").has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_FALSE(response->keep_alive);
  EXPECT_TRUE(client->WaitClosed());
}

TEST_F(ServerLimitsTest, MalformedHeaderFieldIs400) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client->Send("GET /fast HTTP/1.1\r\nHost x\r\n\r\n").has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 400);
}

TEST_F(ServerLimitsTest, ContentLengthWithChunkedEncodingIs400) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                  .has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client->WaitClosed());
  EXPECT_EQ(handler_calls_, 0);
}

TEST_F(ServerLimitsTest, ConflictingContentLengthsAre400) {
  StartServer();
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                         "Content-Length: 5\r\n\r\nabcde")
                  .has_value());
  auto response = client->Read();
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(handler_calls_, 0);
}

TEST_F(ServerLimitsTest, SlowClientIsCutOffAtTheReadDeadline) {
  ServerConfig config = BaseConfig();
  config.read_timeout_ms = 300;
  StartServer({.config = config});
  auto client = Connect();
  ASSERT_TRUE(client->Send("GET /fast HTTP/1.1\r\nHost: x\r\n").has_value());
  // Trickle one header byte at a time, each within the idle gap a per-read timeout would
  // allow; only a deadline over the whole request stops this. 5000 bytes at this pace would
  // take far longer than the test's bounds.
  bool closed = false;
  for (int i = 0; i < 5000 && !closed; ++i) {
    if (!client->Send("a").has_value()) break;  // the server has already closed
    closed = client->WaitClosed(std::chrono::milliseconds(20));
  }
  if (!closed) closed = client->WaitClosed(std::chrono::seconds(2));
  EXPECT_TRUE(closed);
}

TEST_F(ServerLimitsTest, BodyShorterThanItsContentLengthTimesOutWithoutCallingTheHandler) {
  ServerConfig config = BaseConfig();
  config.read_timeout_ms = 200;
  StartServer({.config = config});
  auto client = Connect();
  ASSERT_TRUE(client
                  ->Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" +
                         std::string(50, 'b'))
                  .has_value());
  EXPECT_TRUE(client->WaitClosed());
  EXPECT_EQ(handler_calls_, 0);
}

TEST_F(ServerLimitsTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerConfig config = BaseConfig();
  config.idle_timeout_ms = 200;
  StartServer({.config = config});
  auto client = Connect();
  auto response = client->Request("GET", "/fast");
  ASSERT_TRUE(response.has_value());
  EXPECT_TRUE(response->keep_alive);
  EXPECT_TRUE(client->WaitClosed());
}

TEST_F(ServerLimitsTest, SilentNewConnectionGetsTheReadTimeoutNotTheIdleTimeout) {
  ServerConfig config = BaseConfig();
  config.read_timeout_ms = 200;
  config.idle_timeout_ms = 600000;
  StartServer({.config = config});
  auto client = Connect();
  EXPECT_TRUE(client->WaitClosed());
}

TEST_F(ServerLimitsTest, ConnectionsBeyondTheLimitAreClosedAtOnce) {
  StartServer({.config = BaseConfig(), .max_connections = 1});
  auto first = Connect();
  ASSERT_TRUE(first->Request("GET", "/fast").has_value());  // registered and alive
  auto second = Connect();
  EXPECT_TRUE(second->WaitClosed());
  EXPECT_TRUE(first->Request("GET", "/fast").has_value());
}

TEST_F(ServerLimitsTest, FullWorkerQueueAnswers503) {
  ServerConfig config = BaseConfig();
  config.worker_threads = 1;
  StartServer({.config = config, .max_queued_requests = 1});
  auto busy = Connect();
  ASSERT_TRUE(busy->Send(RawRequest("GET", "/slow")).has_value());
  ASSERT_TRUE(entered_.Wait());  // the only worker is taken
  auto queued = Connect();
  ASSERT_TRUE(queued->Send(RawRequest("GET", "/fast")).has_value());
  // Wait until that request holds the one queue slot (two requests in flight).
  for (int i = 0; i < 10000; ++i) {
    if (metrics_.RenderText().find("qccm_http_requests_in_flight 2\n") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto third = Connect()->Request("GET", "/fast");
  ASSERT_TRUE(third.has_value()) << third.error().message;
  std::optional<ClientResponse> refused;
  if (third->status == 503) refused = *third;
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->Header("Retry-After"), "1");
  release_.Open();
  auto slow = busy->Read();
  ASSERT_TRUE(slow.has_value());
  EXPECT_EQ(slow->body, "finished");
  auto fast = queued->Read();
  ASSERT_TRUE(fast.has_value());
  EXPECT_EQ(fast->status, 200);
}

TEST_F(ServerLimitsTest, GracefulStopFinishesTheInFlightRequestAndClosesIdleConnections) {
  StartServer();
  auto idle = Connect();
  ASSERT_TRUE(idle->Request("GET", "/fast").has_value());
  auto busy = Connect();
  ASSERT_TRUE(busy->Send(RawRequest("GET", "/slow")).has_value());
  ASSERT_TRUE(entered_.Wait());

  server_->Stop();
  EXPECT_TRUE(idle->WaitClosed());  // idle keep-alive connections go at once
  release_.Open();
  auto response = busy->Read();
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "finished");
  EXPECT_FALSE(response->keep_alive);  // Connection: close while stopping
  server_->Wait();
  EXPECT_FALSE(TestClient::Connect(server_->port()).has_value());
}

TEST_F(ServerLimitsTest, StopAfterTheGracePeriodClosesStuckRequests) {
  ServerConfig config = BaseConfig();
  config.shutdown_grace_ms = 100;
  StartServer({.config = config});
  auto busy = Connect();
  ASSERT_TRUE(busy->Send(RawRequest("GET", "/slow")).has_value());
  ASSERT_TRUE(entered_.Wait());
  server_->Stop();
  EXPECT_TRUE(busy->WaitClosed());  // closed without an answer while the handler still runs
  release_.Open();
  server_->Wait();
}

TEST_F(ServerLimitsTest, SigtermStopsTheServerWhenSignalsAreHandled) {
  StartServer({.config = BaseConfig(), .handle_signals = true});
  // A first answer proves the handlers are installed (they are set up before accepting).
  ASSERT_TRUE(Connect()->Request("GET", "/fast").has_value());
  std::raise(SIGTERM);
  server_->Wait();
  EXPECT_FALSE(TestClient::Connect(server_->port()).has_value());
}

TEST_F(ServerLimitsTest, BadListenAddressFailsCreate) {
  ServerOptions options{.config = BaseConfig()};
  options.config.listen = "127.0.0.1:notaport";
  auto server = Server::Create(router_, options);
  ASSERT_FALSE(server.has_value());
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
  options.config.listen = "127.0.0.1";
  EXPECT_FALSE(Server::Create(router_, options).has_value());
}

TEST_F(ServerLimitsTest, PortInUseFailsCreateWithIo) {
  StartServer();
  ServerOptions options{.config = BaseConfig()};
  options.config.listen = server_->local_address();
  MetricsRegistry other;
  options.metrics = &other;
  auto second = Server::Create(router_, options);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace qccm::http::testing
