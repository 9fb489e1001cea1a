// The server's internals shared by server.cc and connection.h: the io_context, acceptor,
// worker pool, connection registry, metrics and access log. Private to src/http (Asio).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/server.h"
#include "http/worker_pool.h"

namespace qccm::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// What a connection exposes to the server for shutdown. Both calls are posted to the
// connection's strand by the server.
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // Graceful stop: close now if waiting between requests; otherwise close after the current
  // response.
  virtual void OnServerStop() = 0;
  // The grace period is over: close the socket whatever the connection is doing.
  virtual void ForceClose() = 0;
  // Posts `f` to the connection's strand.
  virtual void Post(std::move_only_function<void()> f) = 0;
};

// One finished (or failed) request, for the access log and the metrics.
struct RequestRecord {
  std::string_view method;        // as received, for the log
  std::string_view method_label;  // one of the routable methods or OTHER, for metrics
  std::string_view route;         // route name, or "unmatched" / "invalid"
  std::string_view path;
  const std::vector<std::string>* query_names = nullptr;
  int status = 0;
  std::size_t bytes = 0;
  std::chrono::steady_clock::duration duration{};
  std::string_view request_id;
  std::string_view remote;
  std::string_view user;
  bool tls = false;
};

class Server::Impl {
 public:
  Impl(const Router& router, ServerOptions options);
  ~Impl();

  Status Listen();
  // Registers the server's metrics; after Listen so a failed Create leaves the registry alone.
  void InitMetrics();
  Status LoadTls();
  void Start();
  void Stop();
  void Wait();

  std::uint16_t port() const { return endpoint_.port(); }
  std::string local_address() const;
  bool tls() const { return ssl_ != nullptr; }

  // For connections.
  const Router& router() const { return router_; }
  const ServerOptions& options() const { return options_; }
  const ServerConfig& config() const { return options_.config; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  WorkerPool& workers() { return *workers_; }
  std::string NextRequestId();
  void Unregister(ConnectionBase* connection);
  void Record(const RequestRecord& record);
  void AddInFlight(double delta) { in_flight_->Add(delta); }
  void CountReadTimeout() { read_timeouts_->Increment(); }

 private:
  void DoAccept();
  void OnAccept(boost::system::error_code ec, tcp::socket socket);
  void DoStop();
  void CheckDrained();

  const Router& router_;
  ServerOptions options_;
  std::unique_ptr<MetricsRegistry> own_metrics_;
  MetricFamily<Counter>* requests_ = nullptr;
  MetricFamily<Histogram>* durations_ = nullptr;
  Gauge* in_flight_ = nullptr;
  Gauge* open_connections_ = nullptr;
  Counter* rejected_connections_ = nullptr;
  Counter* read_timeouts_ = nullptr;

  std::string request_id_prefix_;
  std::atomic<std::uint64_t> request_counter_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};  // I/O threads joined: nothing may be posted any more

  std::mutex connections_mutex_;
  std::unordered_map<ConnectionBase*, std::weak_ptr<ConnectionBase>> connections_;

  // Declared before the io_context: SSL streams owned by pending handlers use it while the
  // io_context destroys them.
  std::unique_ptr<asio::ssl::context> ssl_;
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_;  // acceptor, signals, grace timer
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer grace_timer_;
  tcp::endpoint endpoint_;
  std::unique_ptr<WorkerPool> workers_;
  std::vector<std::thread> threads_;
  std::mutex lifecycle_mutex_;
  bool started_ = false;
  bool waited_ = false;
};

}  // namespace qccm::http
