// Shared fixture for the socket tests: a router, a metrics registry, a server on
// 127.0.0.1:0 with short but safe timeouts, and helpers to connect and to block handlers.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/test_client.h"

namespace qccm::http::testing {

// A one-shot signal with a safety deadline: a test that fails never leaves a handler blocked.
class Gate {
 public:
  Gate() : future_(promise_.get_future().share()) {}
  void Open() {
    if (!opened_.exchange(true)) promise_.set_value();
  }
  // True if opened within `wait`.
  bool Wait(std::chrono::milliseconds wait = std::chrono::seconds(10)) const {
    return future_.wait_for(wait) == std::future_status::ready;
  }

 private:
  std::promise<void> promise_;
  std::shared_future<void> future_;
  std::atomic<bool> opened_{false};
};

class ServerFixture : public ::testing::Test {
 protected:
  ~ServerFixture() override { StopServer(); }

  static ServerConfig BaseConfig() {
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.io_threads = 2;
    config.worker_threads = 2;
    config.max_body_bytes = 1 << 20;
    config.max_header_bytes = 8 * 1024;
    config.read_timeout_ms = 5000;
    config.idle_timeout_ms = 5000;
    config.shutdown_grace_ms = 5000;
    return config;
  }

  void StartServer(ServerOptions options = {.config = BaseConfig()}) {
    options.metrics = &metrics_;
    auto server = Server::Create(router_, std::move(options));
    ASSERT_TRUE(server.has_value()) << server.error().message;
    server_ = std::move(*server);
    server_->Start();
  }

  void StopServer() {
    if (server_ == nullptr) return;
    server_->Stop();
    server_->Wait();
  }

  std::unique_ptr<TestClient> Connect(const TlsClientOptions* tls = nullptr) {
    auto client = TestClient::Connect(server_->port(), tls);
    EXPECT_TRUE(client.has_value()) << client.error().message;
    return client ? std::move(*client) : nullptr;
  }

  Router router_;
  MetricsRegistry metrics_;
  std::unique_ptr<Server> server_;
};

}  // namespace qccm::http::testing
