// Server: listening, threads, connection registry, graceful shutdown, metrics and access log.
#include "http/server.h"

#include <pthread.h>

#include <boost/asio/post.hpp>
#include <charconv>
#include <csignal>

#include "http/connection.h"
#include "http/server_impl.h"
#include "http/tls.h"
#include "qccm/core/check.h"
#include "qccm/core/log.h"
#include "qccm/core/stix_id.h"

namespace qccm::http {
namespace {

int DefaultThreads(int configured) {
  if (configured > 0) return configured;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

// Splits "host:port" / "[v6]:port" and resolves the host (numeric, or a name such as
// "localhost" through the resolver).
Result<tcp::endpoint> ResolveListen(std::string_view listen) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "server.listen '" + std::string(listen) + "' is not host:port");
  }
  std::string_view host = listen.substr(0, colon);
  std::string_view port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "server.listen '" + std::string(listen) + "' has a bad port");
  }
  boost::system::error_code error;
  asio::ip::address address = asio::ip::make_address(host, error);
  if (!error) return tcp::endpoint(address, static_cast<std::uint16_t>(port));
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, port_text, error);
  if (error || results.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "server.listen host '" + std::string(host) +
                                                      "' does not resolve: " + error.message());
  }
  return results.begin()->endpoint();
}

}  // namespace

HeaderMap DefaultResponseHeaders() {
  HeaderMap headers;
  headers.Set("X-Content-Type-Options", "nosniff");
  headers.Set("X-Frame-Options", "DENY");
  headers.Set("Referrer-Policy", "no-referrer");
  headers.Set("Cache-Control", "no-store");
  return headers;
}

Server::Impl::Impl(const Router& router, ServerOptions options)
    : router_(router),
      options_(std::move(options)),
      control_(asio::make_strand(ioc_)),
      acceptor_(control_),
      signals_(control_),
      grace_timer_(control_) {
  request_id_prefix_ = NewUuidV4().substr(0, 8) + "-";
}

void Server::Impl::InitMetrics() {
  MetricsRegistry* metrics = options_.metrics;
  if (metrics == nullptr) {
    own_metrics_ = std::make_unique<MetricsRegistry>();
    metrics = own_metrics_.get();
  }
  requests_ = &metrics->AddCounter("qccm_http_requests_total", "HTTP requests answered",
                                   {"route", "method", "status"});
  durations_ = &metrics->AddHistogram("qccm_http_request_duration_seconds",
                                      "Time from the first byte of a request to its response "
                                      "written, in seconds",
                                      {"route"}, LatencyBuckets());
  in_flight_ = &metrics
                    ->AddGauge("qccm_http_requests_in_flight",
                               "Requests being handled or waiting for a worker")
                    .Get();
  open_connections_ =
      &metrics->AddGauge("qccm_http_open_connections", "Open client connections").Get();
  rejected_connections_ = &metrics
                               ->AddCounter("qccm_http_connections_rejected_total",
                                            "Connections closed at once: over the limit")
                               .Get();
  read_timeouts_ = &metrics
                        ->AddCounter("qccm_http_read_timeouts_total",
                                     "Requests cut off because they arrived too slowly")
                        .Get();
}

Server::Impl::~Impl() {
  Stop();
  Wait();
}

Status Server::Impl::LoadTls() {
  const ServerConfig& config = options_.config;
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "TLS needs both server.tls_cert_file and server.tls_key_file");
  }
  if (config.tls_cert_file.empty()) {
    if (!config.tls_client_ca_file.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "server.tls_client_ca_file is set but TLS is not configured");
    }
    return Ok();
  }
  QCCM_TRY(context, MakeServerTlsContext(config, options_.require_client_certificate));
  ssl_ = std::move(context);
  return Ok();
}

Status Server::Impl::Listen() {
  QCCM_TRY(endpoint, ResolveListen(options_.config.listen));
  boost::system::error_code ec;
  auto fail = [&](std::string_view what) {
    return MakeError(ErrorCode::kIo, "cannot " + std::string(what) + " " + options_.config.listen +
                                         ": " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for");
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  endpoint_ = acceptor_.local_endpoint(ec);
  if (ec) return fail("read the local address of");
  if (ssl_ == nullptr && !endpoint_.address().is_loopback()) {
    LogEvent("http", LogLevel::kWarn, "plaintext_listener",
             {{"listen", local_address()},
              {"note", "plain HTTP on a non-loopback address; configure TLS"}});
  }
  return Ok();
}

std::string Server::Impl::local_address() const {
  std::string host = endpoint_.address().to_string();
  if (endpoint_.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint_.port());
}

void Server::Impl::Start() {
  std::lock_guard lock(lifecycle_mutex_);
  QCCM_CHECK_MSG(!started_, "Server::Start called twice");
  started_ = true;
  workers_ = std::make_unique<WorkerPool>(DefaultThreads(options_.config.worker_threads),
                                          static_cast<std::size_t>(options_.max_queued_requests));
  asio::post(control_, [this] {
    if (stopping()) return;  // Stop() before Start(): DoStop is already queued
    if (options_.handle_signals) {
      signals_.add(SIGTERM);
      signals_.add(SIGINT);
      signals_.async_wait([this](boost::system::error_code ec, int signal) {
        if (ec) return;
        LogEvent("http", LogLevel::kInfo, "signal_stop", {{"signal", signal}});
        Stop();
      });
    }
    LogEvent("http", LogLevel::kInfo, "listening",
             {{"address", local_address()}, {"tls", ssl_ ? "true" : "false"}});
    DoAccept();
  });
  int threads = DefaultThreads(options_.config.io_threads);
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "qccm-io");  // for top -H, perf and gdb
      // An exception escaping a completion handler (allocation failure, a Beast bug) must not
      // take the thread down with std::terminate: log it and keep serving.
      while (true) {
        try {
          ioc_.run();
          return;
        } catch (const std::exception& e) {
          LogEvent("http", LogLevel::kError, "io_thread_exception", {{"what", e.what()}});
        }
      }
    });
  }
}

void Server::Impl::Stop() {
  if (stopping_.exchange(true, std::memory_order_acq_rel)) return;
  asio::post(control_, [this] { DoStop(); });
}

void Server::Impl::Wait() {
  std::lock_guard lock(lifecycle_mutex_);
  if (!started_ || waited_) return;
  for (std::thread& t : threads_) t.join();
  finished_.store(true, std::memory_order_release);
  // Handlers still running finish here; what they post back is dropped with the io_context.
  workers_->Shutdown();
  waited_ = true;
  LogEvent("http", LogLevel::kInfo, "stopped", {{"address", local_address()}});
}

std::string Server::Impl::NextRequestId() {
  std::uint64_t n = request_counter_.fetch_add(1, std::memory_order_relaxed) + 1;
  char digits[17];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n, 16);
  std::string id = request_id_prefix_;
  id.append(static_cast<std::size_t>(8 - std::min<std::ptrdiff_t>(8, end - digits)), '0');
  id.append(digits, end);
  return id;
}

void Server::Impl::DoAccept() {
  acceptor_.async_accept(asio::make_strand(ioc_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           OnAccept(ec, std::move(socket));
                         });
}

void Server::Impl::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // E.g. out of file descriptors: log and keep accepting.
    LogEvent("http", LogLevel::kWarn, "accept_failed", {{"error", ec.message()}});
    return DoAccept();
  }
  socket.set_option(tcp::no_delay(true), ec);
  std::shared_ptr<ConnectionBase> connection;
  {
    std::lock_guard lock(connections_mutex_);
    if (connections_.size() >= static_cast<std::size_t>(options_.max_connections)) {
      rejected_connections_->Increment();
      socket.close(ec);
      return DoAccept();
    }
    if (ssl_ != nullptr) {
      auto c = std::make_shared<Connection<TlsStream>>(*this, std::move(socket), ssl_.get());
      c->Post([c] { c->Start(); });
      connection = std::move(c);
    } else {
      auto c = std::make_shared<Connection<PlainStream>>(*this, std::move(socket), nullptr);
      c->Post([c] { c->Start(); });
      connection = std::move(c);
    }
    connections_.emplace(connection.get(), connection);
    open_connections_->Add(1);
  }
  DoAccept();
}

void Server::Impl::DoStop() {
  LogEvent("http", LogLevel::kInfo, "stopping", {{"address", local_address()}});
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  signals_.clear(ignored);  // a second SIGTERM kills the process as usual
  std::vector<std::shared_ptr<ConnectionBase>> live;
  {
    std::lock_guard lock(connections_mutex_);
    for (auto& [raw, weak] : connections_) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  for (auto& c : live) {
    ConnectionBase* raw = c.get();
    raw->Post([c = std::move(c)] { c->OnServerStop(); });
  }
  grace_timer_.expires_after(std::chrono::milliseconds(options_.config.shutdown_grace_ms));
  grace_timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // drained in time
    std::vector<std::shared_ptr<ConnectionBase>> remaining;
    {
      std::lock_guard lock(connections_mutex_);
      for (auto& [raw, weak] : connections_) {
        if (auto c = weak.lock()) remaining.push_back(std::move(c));
      }
    }
    LogEvent("http", LogLevel::kWarn, "shutdown_grace_expired",
             {{"connections", remaining.size()}});
    for (auto& c : remaining) {
      ConnectionBase* raw = c.get();
      raw->Post([c = std::move(c)] { c->ForceClose(); });
    }
  });
  CheckDrained();
}

void Server::Impl::CheckDrained() {
  std::lock_guard lock(connections_mutex_);
  if (connections_.empty()) grace_timer_.cancel();
}

void Server::Impl::Unregister(ConnectionBase* connection) {
  bool drained = false;
  {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(connection);
    drained = connections_.empty();
  }
  open_connections_->Add(-1);
  if (drained && stopping() && !finished_.load(std::memory_order_acquire)) {
    asio::post(control_, [this] { CheckDrained(); });
  }
}

void Server::Impl::Record(const RequestRecord& r) {
  std::string status = std::to_string(r.status);
  // Labels only take bounded values (route names, known methods, statuses): a client must
  // not be able to grow the metrics without limit.
  requests_->With({r.route, r.method_label, status}).Increment();
  double seconds = std::chrono::duration<double>(r.duration).count();
  durations_->With({r.route}).Observe(seconds);
  if (!options_.access_log) return;
  // Query values may hold secrets or personal data: only the parameter names are logged.
  std::string query;
  if (r.query_names != nullptr) {
    for (const std::string& name : *r.query_names) {
      if (!query.empty()) query += ',';
      query += name;
    }
  }
  LogEvent("access", LogLevel::kInfo, "request",
           {{"method", r.method.empty() ? std::string_view("-") : r.method},
            {"route", r.route},
            {"path", r.path},
            {"query", query},
            {"status", r.status},
            {"bytes", r.bytes},
            {"duration_ms", seconds * 1000.0},
            {"request_id", r.request_id},
            {"remote", r.remote},
            {"user", r.user.empty() ? std::string_view("-") : r.user},
            {"tls", r.tls ? "true" : "false"}});
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(const Router& router, ServerOptions options) {
  QCCM_CHECK(options.max_connections > 0 && options.max_queued_requests > 0);
  auto impl = std::make_unique<Impl>(router, std::move(options));
  QCCM_TRY_STATUS(impl->LoadTls());
  QCCM_TRY_STATUS(impl->Listen());
  impl->InitMetrics();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const { return impl_->port(); }
std::string Server::local_address() const { return impl_->local_address(); }
bool Server::tls() const { return impl_->tls(); }
void Server::Start() { impl_->Start(); }
void Server::Stop() { impl_->Stop(); }
void Server::Wait() { impl_->Wait(); }
void Server::Run() {
  Start();
  Wait();
}

}  // namespace qccm::http
