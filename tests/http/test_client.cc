// The test client over Beast: every asynchronous operation runs on a private io_context for at
// most the deadline, then the socket is closed.
#include "http/test_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace qccm::http::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::unexpected<Error> IoError(std::string_view what, const beast::error_code& ec) {
  return MakeError(ErrorCode::kIo, std::string(what) + ": " + ec.message());
}

}  // namespace

std::string ClientResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoringCase(key, name)) return value;
  }
  return {};
}

class TestClient::Impl {
 public:
  asio::io_context ioc;
  beast::tcp_stream plain{ioc};
  std::optional<asio::ssl::context> ctx;
  std::optional<beast::ssl_stream<beast::tcp_stream&>> tls;
  beast::flat_buffer buffer;

  // Starts an operation through `start(handler)` and runs it for at most `wait`; on expiry
  // the operation is cancelled (the connection stays open) and the result is a timeout.
  template <typename Start>
  beast::error_code Run(Start start, std::chrono::milliseconds wait = kDeadline) {
    std::optional<beast::error_code> result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run_for(wait);
    if (!result) {
      plain.socket().cancel();
      ioc.restart();
      ioc.run();
      return beast::error::timeout;
    }
    return *result;
  }

  template <typename Op>
  beast::error_code WithStream(Op op, std::chrono::milliseconds wait = kDeadline) {
    if (tls) return Run([&](auto handler) { op(*tls, std::move(handler)); }, wait);
    return Run([&](auto handler) { op(plain, std::move(handler)); }, wait);
  }
};

TestClient::TestClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TestClient::~TestClient() = default;

Result<std::unique_ptr<TestClient>> TestClient::Connect(std::uint16_t port,
                                                        const TlsClientOptions* tls) {
  auto impl = std::make_unique<Impl>();
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  beast::error_code ec =
      impl->Run([&](auto handler) { impl->plain.async_connect(endpoint, std::move(handler)); });
  if (ec) return IoError("connect", ec);
  if (tls != nullptr) {
    impl->ctx.emplace(asio::ssl::context::tls_client);
    SSL_CTX* native = impl->ctx->native_handle();
    if (tls->legacy) {
      SSL_CTX_set_security_level(native, 0);
      SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0");
    }
    if (tls->min_version != 0) SSL_CTX_set_min_proto_version(native, tls->min_version);
    if (tls->max_version != 0) SSL_CTX_set_max_proto_version(native, tls->max_version);
    if (!tls->ca_file.empty()) {
      impl->ctx->load_verify_file(tls->ca_file, ec);
      if (ec) return IoError("load CA", ec);
      impl->ctx->set_verify_mode(asio::ssl::verify_peer);
    }
    if (!tls->cert_file.empty()) {
      impl->ctx->use_certificate_chain_file(tls->cert_file, ec);
      if (ec) return IoError("load client certificate", ec);
      impl->ctx->use_private_key_file(tls->key_file, asio::ssl::context::pem, ec);
      if (ec) return IoError("load client key", ec);
    }
    impl->tls.emplace(impl->plain, *impl->ctx);
    ec = impl->Run([&](auto handler) {
      impl->tls->async_handshake(asio::ssl::stream_base::client, std::move(handler));
    });
    if (ec) return IoError("TLS handshake", ec);
  }
  return std::unique_ptr<TestClient>(new TestClient(std::move(impl)));
}

Status TestClient::Send(std::string_view bytes) {
  beast::error_code ec = impl_->WithStream([&](auto& stream, auto handler) {
    asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  if (ec) return IoError("send", ec);
  return Ok();
}

Result<ClientResponse> TestClient::Read(bool head) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(head);
  beast::error_code ec = impl_->WithStream([&](auto& stream, auto handler) {
    bhttp::async_read(stream, impl_->buffer, parser, std::move(handler));
  });
  if (ec) return IoError("read response", ec);
  ClientResponse out;
  auto& message = parser.get();
  out.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(message.body());
  out.keep_alive = message.keep_alive();
  return out;
}

Result<ClientResponse> TestClient::Request(
    std::string_view method, std::string_view target, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  QCCM_TRY_STATUS(Send(RawRequest(method, target, body, headers)));
  return Read(method == "HEAD");
}

bool TestClient::WaitClosed(std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  char scratch[4096];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    std::size_t before = impl_->buffer.size();
    impl_->buffer.consume(before);
    beast::error_code ec = impl_->WithStream(
        [&](auto& stream, auto handler) {
          stream.async_read_some(asio::buffer(scratch), std::move(handler));
        },
        left);
    if (ec == beast::error::timeout) return false;
    if (ec) return true;  // EOF, reset, TLS alert: the server has closed
  }
}

std::string TestClient::TlsVersion() const {
  if (!impl_->tls) return {};
  return SSL_get_version(impl_->tls->native_handle());
}

std::string RawRequest(std::string_view method, std::string_view target, std::string_view body,
                       const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (const auto& [name, value] : headers)
    out.append(name).append(": ").append(value).append("\r\n");
  if (!body.empty())
    out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  out.append("\r\n").append(body);
  return out;
}

}  // namespace qccm::http::testing
