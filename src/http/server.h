// The HTTP/1.1 server: accepts plain or TLS connections, reads requests within size and time
// bounds, runs the router's handlers on a worker pool and writes the responses. No Beast
// types: the app includes this header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "http/metrics.h"
#include "http/request.h"
#include "http/router.h"
#include "qccm/core/config.h"
#include "qccm/core/result.h"

namespace qccm::http {

// Headers added to every response that does not set them itself: nosniff, no framing, no
// referrer, no caching (responses may hold TLP-marked content). Static-file routes that want
// caching or a Content-Security-Policy set their own. Responses over TLS also get
// Strict-Transport-Security (one year) unless the handler sets it.
HeaderMap DefaultResponseHeaders();

struct ServerOptions {
  ServerConfig config;
  // Install SIGTERM/SIGINT handlers that call Stop() (the app sets this; tests usually not).
  bool handle_signals = false;
  // One access-log line per request (LogEvent "access").
  bool access_log = true;
  // With config.tls_client_ca_file set: refuse handshakes without a client certificate
  // (true), or accept them and leave Request::client_certificate empty (false).
  bool require_client_certificate = true;
  // Connections beyond this are closed as soon as accepted.
  int max_connections = 4096;
  // Requests waiting for a worker beyond this are answered 503.
  int max_queued_requests = 1024;
  // Where the server records its metrics; borrowed, must outlive the server. A registry
  // serves one server. Null: the server keeps a private registry.
  MetricsRegistry* metrics = nullptr;
  HeaderMap default_headers = DefaultResponseHeaders();
};

// The server. Create binds the listening socket (so port() is known at once); Start runs the
// I/O threads; Stop begins a graceful shutdown: no new connections, idle keep-alive
// connections closed, in-flight requests finished (up to config.shutdown_grace_ms, then their
// connections are closed); Wait returns when all that is done. Start, Stop and Wait are
// thread-safe; Stop may be called from a handler.
class Server final {
 public:
  // Binds config.listen ("host:port", port 0 picks a free port; "[::1]:0" for IPv6) and loads
  // TLS when tls_cert_file and tls_key_file are set. Fails with kInvalidArgument for a bad
  // listen address or TLS file, kIo if the address cannot be bound. `router` is borrowed and
  // must outlive the server.
  static Result<std::unique_ptr<Server>> Create(const Router& router, ServerOptions options);

  // Stops and waits.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port and "host:port" (with the real port when 0 was asked for).
  std::uint16_t port() const;
  std::string local_address() const;
  bool tls() const;

  // Starts io_threads I/O threads and worker_threads workers; returns at once. Call once.
  void Start();
  // Begins the graceful shutdown; returns at once. Idempotent.
  void Stop();
  // Blocks until the server has stopped and every thread has finished. Returns at once if
  // Start was never called.
  void Wait();
  // Start, then Wait.
  void Run();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace qccm::http
