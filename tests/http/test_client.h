// A blocking HTTP/1.1 client for the server tests, over plain TCP or TLS, with a deadline on
// every operation so a broken server fails a test instead of hanging it. No Beast types here:
// only test_client.cc compiles Beast.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qccm/core/result.h"

namespace qccm::http::testing {

struct TlsClientOptions {
  std::string ca_file;    // the server's certificate must chain to this
  std::string cert_file;  // client certificate and key (optional)
  std::string key_file;
  int min_version = 0;  // OpenSSL TLS1_x_VERSION values; 0: library default
  int max_version = 0;
  bool legacy = false;  // allow old protocols and ciphers (to try TLS 1.1 against the server)
};

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool keep_alive = false;

  // The first header named `name` (any case), or "".
  std::string Header(std::string_view name) const;
};

// One connection. Not thread-safe.
class TestClient {
 public:
  static constexpr std::chrono::seconds kDeadline{10};

  // Connects to 127.0.0.1:port (and completes the TLS handshake when `tls` is given).
  // Fails with kIo carrying the socket or TLS error text.
  static Result<std::unique_ptr<TestClient>> Connect(std::uint16_t port,
                                                     const TlsClientOptions* tls = nullptr);
  ~TestClient();

  // Sends raw bytes.
  Status Send(std::string_view bytes);
  // Reads one response (`head`: the response to a HEAD request, which has no body).
  Result<ClientResponse> Read(bool head = false);
  // Sends a request with Host (and Content-Length when there is a body) and reads the answer.
  Result<ClientResponse> Request(
      std::string_view method, std::string_view target, std::string_view body = {},
      const std::vector<std::pair<std::string, std::string>>& headers = {});
  // True if the server closes the connection within `wait` (reading and discarding what it
  // sends meanwhile); false if it is still open then.
  bool WaitClosed(std::chrono::milliseconds wait = kDeadline);
  // The negotiated TLS version ("TLSv1.3"), or "" for plain connections.
  std::string TlsVersion() const;

  class Impl;

 private:
  explicit TestClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Builds a raw request: "METHOD target HTTP/1.1", Host, the extra headers, Content-Length
// when body is non-empty, the body.
std::string RawRequest(std::string_view method, std::string_view target, std::string_view body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace qccm::http::testing
