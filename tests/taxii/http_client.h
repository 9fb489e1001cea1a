// A small blocking HTTP/1.1 client for the TAXII tests: one keep-alive connection to
// 127.0.0.1, requests with any headers and body, and raw bytes for malformed input.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qccm::taxii_test {

struct HttpResult {
  int status = 0;  // 0: the connection failed or closed without a response
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string Header(std::string_view name) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request (Host and Content-Length are added) and reads the response, reopening
  // the connection when the server closed it.
  HttpResult Send(std::string_view method, std::string_view target, const Headers& headers = {},
                  std::string_view body = {});

  // Writes `bytes` as they are on a fresh connection, then reads one response (or none).
  HttpResult SendRaw(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "Basic <base64(user:password)>".
std::string BasicAuth(std::string_view user, std::string_view password);

}  // namespace qccm::taxii_test
