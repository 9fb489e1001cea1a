// The test HTTP client, on Beast's synchronous API.
#include "taxii/http_client.h"

#include <sodium.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstring>
#include <optional>

namespace qccm::taxii_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string HttpResult::Header(std::string_view name) const {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = headers.find(lower);
  return it == headers.end() ? "" : it->second;
}

struct HttpClient::Impl {
  explicit Impl(std::uint16_t p) : port(p) {}
  std::uint16_t port;
  asio::io_context ioc;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;

  void Connect() {
    socket.emplace(ioc);
    socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    buffer.clear();
  }

  HttpResult Read(bool head = false) {
    HttpResult result;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1ULL << 31);
    parser.skip(head);
    beast::error_code ec;
    bhttp::read(*socket, buffer, parser, ec);
    if (ec) {
      socket.reset();
      return result;
    }
    auto& message = parser.get();
    result.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(field.value());
    }
    result.body = std::move(message.body());
    if (!message.keep_alive()) socket.reset();
    return result;
  }
};

HttpClient::HttpClient(std::uint16_t port) : impl_(std::make_unique<Impl>(port)) {}
HttpClient::~HttpClient() = default;

HttpResult HttpClient::Send(std::string_view method, std::string_view target,
                            const Headers& headers, std::string_view body) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->socket) impl_->Connect();
    bhttp::request<bhttp::string_body> request;
    request.method_string(method);
    request.target(target);
    request.version(11);
    request.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.insert(name, value);
    request.body() = std::string(body);
    if (!body.empty() || method == "POST") request.prepare_payload();
    beast::error_code ec;
    bhttp::write(*impl_->socket, request, ec);
    if (ec) {
      impl_->socket.reset();
      continue;  // the server closed an idle keep-alive connection: reconnect once
    }
    HttpResult result = impl_->Read(method == "HEAD");
    if (result.status != 0 || attempt == 1) return result;
  }
  return {};
}

HttpResult HttpClient::SendRaw(std::string_view bytes) {
  impl_->Connect();
  beast::error_code ec;
  asio::write(*impl_->socket, asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec) {
    impl_->socket.reset();
    return {};
  }
  return impl_->Read();
}

std::string BasicAuth(std::string_view user, std::string_view password) {
  std::string plain = std::string(user) + ":" + std::string(password);
  std::string encoded(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL),
                      '\0');
  sodium_bin2base64(encoded.data(), encoded.size(),
                    reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(std::strlen(encoded.c_str()));
  return "Basic " + encoded;
}

}  // namespace qccm::taxii_test
