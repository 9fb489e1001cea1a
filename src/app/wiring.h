// The composition root: builds and owns every object of a serving node (store, services,
// authenticator, TAXII API, router, metrics, server) in dependency order. The only place that
// knows every module.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "qccm/core/config.h"
#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/sharing/credentials.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/store/store.h"

namespace qccm::http {
class Router;
class Server;
}  // namespace qccm::http

namespace qccm::oversight {
class AuditLog;
}  // namespace qccm::oversight

namespace qccm::app {

struct NodeOptions {
  Config config;
  // kCreateIfMissing for tests and benchmarks that start from an empty directory; a real
  // node is created by `qccm init` first.
  store::OpenMode open_mode = store::OpenMode::kOpenExisting;
  // The source of time for the store, tokens and caches; nullptr: the system clock. Borrowed.
  Clock* clock = nullptr;
  // Argon2id cost of passwords created through sharing() (tests: kFastForTests).
  sharing::PasswordCost password_cost = sharing::PasswordCost::kInteractive;
  // How long a TAXII next token stays valid.
  std::chrono::seconds next_token_lifetime{24 * 3600};
  // How long a verified credential is remembered (0: not at all).
  std::chrono::seconds credential_cache_ttl{30};
  // Requests per second and burst allowed to one credential (token, user, certificate); 0: no
  // limit. Failed sign-ins are throttled per user name and address whatever these say.
  double credential_requests_per_second = 200;
  double credential_burst = 1000;
  // Client certificate to user mapping file (see http/auth/authenticator.h); empty: none.
  std::string client_certificate_users;
  // Append one audit record per audited request to <data_dir>/audit.db (docs/oversight.md).
  // Off only for benchmarks that measure what auditing costs; the /api/v1/audit routes are
  // registered either way (they answer 503 without a log).
  bool audit = true;
  // How often a timer signs a tree head when records were appended (AuditLog::MaybeSignTreeHead).
  std::chrono::milliseconds audit_head_period{5000};
  bool handle_signals = false;  // SIGTERM/SIGINT stop the server (the serve command)
  bool access_log = true;
};

// A serving node. Open binds the listening socket (so the port is known) but serves only once
// Start is called. Destroying it stops the server and waits for it.
class Node final {
 public:
  // Opens the store in options.config.data_dir, builds the services and the routes, and binds
  // options.config.server.listen. Fails with the store's errors (kNotFound: no node there),
  // kIo for the next-token key file or the address, kInvalidArgument for a bad setting
  // (api_root, listen address, TLS files, certificate mapping).
  static Result<std::unique_ptr<Node>> Open(NodeOptions options);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // "http://127.0.0.1:PORT" (https with TLS), with the bound port.
  std::string url() const;
  http::Server& server();
  store::Store& store();
  sharing::SharingService& sharing();
  // The node's routes, as `qccm serve` registers them (the security tests enumerate them and
  // dispatch to them in process).
  const http::Router& router() const;
  // The node's audit log (<data_dir>/audit.db); null when options.audit is false.
  oversight::AuditLog* audit_log();

  // Start serving (returns at once); Stop begins a graceful stop; Wait blocks until stopped.
  void Start();
  void Stop();
  void Wait();

  struct Parts;

 private:
  explicit Node(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace qccm::app
