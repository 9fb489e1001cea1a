// The node's configuration: one immutable struct tree, built once at start from
// defaults, then a TOML file, then QCCM_* environment variables, then command-line flags.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "qccm/core/result.h"

namespace qccm {

struct StoreConfig {
  std::string backend = "sqlite";  // "sqlite" or "postgres"
  std::string postgres_dsn;        // secret: redacted by Redacted()
  int sqlite_busy_timeout_ms = 10000;
  std::int64_t sqlite_cache_kib = 65536;
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8443";
  int io_threads = 0;         // 0: one per core
  int worker_threads = 0;     // 0: one per core (blocking store calls run here)
  std::string tls_cert_file;  // TLS is on when both cert and key are set
  std::string tls_key_file;
  std::string tls_client_ca_file;  // set to ask for client certificates
  std::int64_t max_body_bytes = 64LL * 1024 * 1024;
  std::int64_t max_header_bytes = 16 * 1024;
  int read_timeout_ms = 30000;
  int idle_timeout_ms = 60000;
  int shutdown_grace_ms = 10000;
  std::string web_root;  // built UI (web/dist); empty: no UI
};

struct TaxiiConfig {
  std::string title = "QCCM TAXII 2.1 server";
  std::string description = "Counter-terrorism cooperation and coordination mechanism node";
  std::string contact;
  std::string api_root = "qccm";
  int default_page_size = 1000;
  int max_page_size = 10000;
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error, off
  std::string format = "text";  // text or json
  std::string file;             // empty: stderr
  bool access_log = true;
};

// Retention (docs/retention.md): how long personal data may stay before its owner must review
// it (collections may set their own period), and how long audit records are kept; the audit
// log outlives the data it reports on.
struct RetentionConfig {
  int data_review_days = 365;
  int audit_retention_days = 3650;  // 10 years
};

struct Config {
  std::string data_dir = "./qccm-data";
  StoreConfig store;
  ServerConfig server;
  TaxiiConfig taxii;
  LogConfig log;
  RetentionConfig retention;

  // The config as TOML with secrets replaced by "<redacted>" (for `qccm config show`).
  std::string Redacted() const;
};

// Sets one setting by its dotted name ("server.listen", "store.backend", "data_dir").
// Fails with kInvalidArgument naming the key if it is unknown or the value does not parse.
Status SetConfigValue(Config& config, std::string_view key, std::string_view value);

// Reads a TOML file over `config`. Fails with kInvalidArgument (with file and line) on a
// syntax error, an unknown key or a value of the wrong type; `config` is then unchanged.
Status LoadConfigFile(Config& config, const std::string& path);

// Applies QCCM_<SECTION>_<KEY> variables from `environment` ("QCCM_SERVER_LISTEN",
// "QCCM_DATA_DIR").
Status ApplyConfigEnvironment(Config& config,
                              const std::map<std::string, std::string>& environment);

// Returns every setting name SetConfigValue accepts.
std::vector<std::string> ConfigKeys();

}  // namespace qccm
