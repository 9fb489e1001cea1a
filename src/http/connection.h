// One HTTP/1.1 connection (plain or TLS), as a Beast state machine running on its own strand:
// wait for a request (idle timeout), read header then body (one read deadline for both),
// route, hand the request to a worker, write the response, repeat while keep-alive.
// Requests on a connection are handled one at a time in order, so pipelined requests are
// answered in order. Private to src/http; included by server.cc only.
//
// A header because the state machine is one template over the stream type; private, so the
// public-header size cap does not apply.
#pragma once

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "http/server_impl.h"
#include "http/tls.h"
#include "qccm/core/log.h"

namespace qccm::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <typename Stream>
class Connection final : public ConnectionBase,
                         public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Connection(Server::Impl& server, tcp::socket&& socket, asio::ssl::context* ssl)
      : server_(server), stream_(MakeStream(std::move(socket), ssl)) {
    boost::system::error_code ec;
    tcp::endpoint peer = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) {
      remote_ = peer.address().is_v6() ? "[" + peer.address().to_string() + "]"
                                       : peer.address().to_string();
      remote_ += ":" + std::to_string(peer.port());
    }
  }

  ~Connection() override { server_.Unregister(this); }

  void Start() {
    if constexpr (kTls) {
      state_ = State::kHandshake;
      Lowest().expires_after(ReadTimeout());
      stream_.async_handshake(asio::ssl::stream_base::server,
                              beast::bind_front_handler(&Connection::OnHandshake, Self()));
    } else {
      ReadRequest();
    }
  }

  void OnServerStop() override {
    if (state_ == State::kIdle) Lowest().cancel();
  }

  void ForceClose() override { Lowest().close(); }

  void Post(std::move_only_function<void()> f) override {
    asio::post(stream_.get_executor(), std::move(f));
  }

 private:
  enum class State : std::uint8_t { kHandshake, kIdle, kReading, kHandling, kWriting, kClosing };
  static constexpr std::size_t kFirstReadBytes = 4096;
  static constexpr std::size_t kMaxDrainBytes = 1 << 20;

  static Stream MakeStream(tcp::socket&& socket, asio::ssl::context* ssl) {
    if constexpr (kTls) {
      return Stream(beast::tcp_stream(std::move(socket)), *ssl);
    } else {
      return Stream(std::move(socket));
    }
  }

  std::shared_ptr<Connection> Self() { return this->shared_from_this(); }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }
  std::chrono::milliseconds ReadTimeout() const {
    return std::chrono::milliseconds(server_.config().read_timeout_ms);
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) {
      LogEvent("http", LogLevel::kDebug, "tls_handshake_failed",
               {{"remote", remote_}, {"error", ec.message()}});
      return Close();
    }
    client_certificate_ = PeerCertificate(stream_.native_handle());
    ReadRequest();
  }

  // Waits for the first bytes of the next request under the idle timeout, unless a pipelined
  // request is already buffered.
  void ReadRequest() {
    if (server_.stopping()) return Close();
    if (buffer_.size() > 0) return ReadHeader();
    state_ = State::kIdle;
    // A fresh connection that sends nothing gets no more than the read timeout: holding many
    // silent connections open must not be cheaper than a slow request.
    int wait_ms = server_.config().idle_timeout_ms;
    if (requests_served_ == 0) wait_ms = std::min(wait_ms, server_.config().read_timeout_ms);
    Lowest().expires_after(std::chrono::milliseconds(wait_ms));
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            beast::bind_front_handler(&Connection::OnFirstBytes, Self()));
  }

  void OnFirstBytes(beast::error_code ec, std::size_t n) {
    buffer_.commit(n);
    if (ec) return Close();  // idle timeout, peer closed, or server stopping
    ReadHeader();
  }

  void ReadHeader() {
    state_ = State::kReading;
    started_ = std::chrono::steady_clock::now();
    request_ = Request{};
    request_.method = Method::kOther;
    version_ = 11;
    request_.request_id = server_.NextRequestId();
    request_.remote_address = remote_;
    request_.tls = kTls;
    request_.client_certificate = client_certificate_;
    route_name_ = "invalid";
    // One deadline for header and body: a client trickling bytes is cut off at read_timeout.
    Lowest().expires_after(ReadTimeout());
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.config().max_header_bytes));
    parser_->body_limit(boost::none);  // checked against the route's limit once routed
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Connection::OnHeader, Self()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    const auto& header = parser_->get();
    request_.method_text = std::string(header.method_string());
    request_.method = ParseMethod(request_.method_text);
    version_ = header.version();
    request_.target = std::string(header.target());
    for (const auto& field : header) {
      request_.headers.Add(field.name_string(), field.value());
    }
    Result<ParsedTarget> target = ParseTarget(request_.target);
    if (!target) return RespondError(400, "Bad Request", target.error().message, true);
    request_.path = std::move(target->path);
    request_.path_segments = std::move(target->path_segments);
    request_.query = std::move(target->query);
    request_.query_names = std::move(target->query_names);

    match_ = server_.router().Match(request_.method, request_.path_segments);
    std::int64_t limit = server_.config().max_body_bytes;
    route_name_ = "unmatched";
    if (match_.kind == RouteMatch::Kind::kFound) {
      const RouteInfo& route = server_.router().Route(match_.route);
      route_name_ = route.name;
      if (route.max_body_bytes) limit = *route.max_body_bytes;
    }
    auto length = parser_->content_length();
    if (length && *length > static_cast<std::uint64_t>(limit)) {
      // Answered without reading the body; the connection closes after the response.
      return RespondError(413, "Content Too Large",
                          "the request body exceeds " + std::to_string(limit) + " bytes", true);
    }
    parser_->body_limit(static_cast<std::uint64_t>(limit));
    if (!parser_->is_done() && HeaderNameEquals(header[bhttp::field::expect], "100-continue")) {
      continue_.emplace(bhttp::status::continue_, header.version());
      state_ = State::kWriting;
      return bhttp::async_write(stream_, *continue_,
                                beast::bind_front_handler(&Connection::OnContinue, Self()));
    }
    ReadBody();
  }

  void OnContinue(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    state_ = State::kReading;
    ReadBody();
  }

  void ReadBody() {
    if (parser_->is_done()) return Dispatch();
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Connection::OnBody, Self()));
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    Dispatch();
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return RespondError(431, "Request Header Fields Too Large",
                          "the request header exceeds " +
                              std::to_string(server_.config().max_header_bytes) + " bytes",
                          true);
    }
    if (ec == bhttp::error::body_limit) {
      return RespondError(413, "Content Too Large", "the request body is too large", true);
    }
    if (ec == beast::error::timeout) {
      // The tcp_stream has closed the socket: no 408 can be sent (nginx does the same).
      server_.CountReadTimeout();
      LogEvent("http", LogLevel::kInfo, "read_timeout",
               {{"remote", remote_}, {"request_id", request_.request_id}});
      return Close();
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted || ec.category() == asio::error::get_ssl_category() ||
        ec == asio::ssl::error::stream_truncated) {
      return Close();  // the peer went away mid-request: nothing to answer
    }
    RespondError(400, "Bad Request", "malformed HTTP request", true);
  }

  void Dispatch() {
    state_ = State::kHandling;
    auto& message = parser_->get();
    request_.body = std::move(message.body());
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    server_.AddInFlight(1);
    bool queued = server_.workers().TrySubmit([self = Self()]() mutable {
      Response response = self->RunHandler();
      Connection* raw = self.get();
      raw->Post([self = std::move(self), response = std::move(response)]() mutable {
        self->server_.AddInFlight(-1);
        self->WriteResponse(std::move(response), !self->keep_alive_ || self->server_.stopping());
      });
    });
    if (!queued) {
      server_.AddInFlight(-1);
      Response busy = server_.router().RenderError(503, "Service Unavailable",
                                                   "the server is busy; retry later");
      busy.headers.Set("Retry-After", "1");
      WriteResponse(std::move(busy), !keep_alive_ || server_.stopping());
    }
  }

  // Runs on a worker thread; touches only request_ and match_, which the strand leaves alone
  // while the state is kHandling.
  Response RunHandler() {
    try {
      return server_.router().Handle(request_, std::move(match_));
    } catch (const std::exception& e) {
      LogEvent("http", LogLevel::kError, "handler_exception",
               {{"route", route_name_}, {"request_id", request_.request_id}, {"what", e.what()}});
    } catch (...) {
      LogEvent("http", LogLevel::kError, "handler_exception",
               {{"route", route_name_}, {"request_id", request_.request_id}});
    }
    return server_.router().RenderError(500, "Internal Server Error",
                                        "the server failed to handle the request");
  }

  void RespondError(int status, std::string_view title, std::string_view description, bool close) {
    WriteResponse(server_.router().RenderError(status, title, description), close);
  }

  void WriteResponse(Response response, bool close) {
    state_ = State::kWriting;
    close_after_write_ = close;
    status_ = response.status;
    response_ = {};
    response_.result(static_cast<unsigned>(response.status));
    response_.version(version_ == 10 ? 10 : 11);
    for (const auto& [name, value] : response.headers.fields()) {
      if (HeaderNameEquals(name, "Content-Length") || HeaderNameEquals(name, "Connection") ||
          HeaderNameEquals(name, "Transfer-Encoding")) {
        continue;  // the server owns framing
      }
      if (name.find_first_of("\r\n:") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos) {
        // A value built from client input must not split the response.
        LogEvent("http", LogLevel::kError, "bad_response_header",
                 {{"route", route_name_}, {"request_id", request_.request_id}});
        continue;
      }
      response_.insert(name, value);
    }
    for (const auto& [name, value] : server_.options().default_headers.fields()) {
      if (!response.headers.Has(name)) response_.insert(name, value);
    }
    if constexpr (kTls) {
      if (!response.headers.Has("Strict-Transport-Security")) {
        response_.set("Strict-Transport-Security", "max-age=31536000");
      }
    }
    response_.set("X-Request-Id", request_.request_id);
    bytes_ = response.body.size();
    bool no_body = response.status < 200 || response.status == 204 || response.status == 304;
    if (no_body) {
      bytes_ = 0;
    } else if (request_.method == Method::kHead) {
      response_.content_length(response.body.size());
      bytes_ = 0;
    } else {
      response_.body() = std::move(response.body);
      response_.prepare_payload();
    }
    response_.keep_alive(!close);
    Lowest().expires_after(ReadTimeout());
    bhttp::async_write(stream_, response_, beast::bind_front_handler(&Connection::OnWrite, Self()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    server_.Record(RequestRecord{.method = request_.method_text,
                                 .method_label = MethodName(request_.method),
                                 .route = route_name_,
                                 .path = request_.path,
                                 .query_names = &request_.query_names,
                                 .status = status_,
                                 .bytes = bytes_,
                                 .duration = std::chrono::steady_clock::now() - started_,
                                 .request_id = request_.request_id,
                                 .remote = remote_,
                                 .user = request_.user,
                                 .tls = kTls});
    response_ = {};
    request_.body = {};
    ++requests_served_;
    if (ec) return Close();
    if (close_after_write_) return GracefulClose();
    ReadRequest();
  }

  // After a response with Connection: close. When the client may still be sending (a body
  // we refused to read, pipelined requests), half-close and discard what arrives, bounded in
  // bytes and time, so that it reads our response instead of a reset (a lingering close).
  void GracefulClose() {
    state_ = State::kClosing;
    bool client_may_send = !parser_ || !parser_->is_done() || buffer_.size() > 0;
    if constexpr (kTls) {
      Lowest().expires_after(
          std::chrono::milliseconds(std::min(server_.config().read_timeout_ms, 1000)));
      stream_.async_shutdown([self = Self()](beast::error_code) { self->Close(); });
    } else {
      if (!client_may_send) return Close();
      boost::system::error_code ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      Lowest().expires_after(
          std::chrono::milliseconds(std::min(server_.config().read_timeout_ms, 2000)));
      Drain();
    }
  }

  void Drain() {
    drain_buffer_.resize(16 * 1024);
    Lowest().async_read_some(asio::buffer(drain_buffer_),
                             [self = Self()](beast::error_code ec, std::size_t n) {
                               self->drained_ += n;
                               if (ec || self->drained_ > kMaxDrainBytes) return self->Close();
                               self->Drain();
                             });
  }

  void Close() {
    state_ = State::kClosing;
    boost::system::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().close();
  }

  Server::Impl& server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  bhttp::response<bhttp::string_body> response_;
  std::string remote_;
  std::optional<ClientCertificate> client_certificate_;
  State state_ = State::kIdle;

  // The current request.
  Request request_;
  RouteMatch match_;
  std::string route_name_;
  std::chrono::steady_clock::time_point started_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool close_after_write_ = false;
  int status_ = 0;
  std::size_t bytes_ = 0;
  std::vector<char> drain_buffer_;
  std::size_t drained_ = 0;
  std::uint64_t requests_served_ = 0;
};

}  // namespace qccm::http
