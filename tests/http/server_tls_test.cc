// TLS over real sockets: protocol versions, refusal of old ones and of plain HTTP, client
// certificates exposed to handlers, and configuration errors.
#include <openssl/ssl.h>

#include "http/server_fixture.h"
#include "http/test_pki.h"

namespace qccm::http::testing {
namespace {

class ServerTlsTest : public ServerFixture {
 protected:
  void SetUp() override {
    router_.Add(Method::kGet, "/whoami",
                [](Request& r) {
                  std::string body = r.tls ? "tls" : "plain";
                  if (r.client_certificate) {
                    body += " " + r.client_certificate->subject + " " +
                            r.client_certificate->sha256_fingerprint;
                  }
                  return Response::Text(200, body);
                },
                {.name = "whoami"});
  }

  static ServerConfig TlsConfig(bool client_ca) {
    const TestPki& pki = GetTestPki();
    ServerConfig config = BaseConfig();
    config.tls_cert_file = pki.server_cert;
    config.tls_key_file = pki.server_key;
    if (client_ca) config.tls_client_ca_file = pki.ca_cert;
    return config;
  }

  static TlsClientOptions ClientOptions(int min_version = 0, int max_version = 0) {
    return TlsClientOptions{
        .ca_file = GetTestPki().ca_cert, .min_version = min_version, .max_version = max_version};
  }
};

TEST_F(ServerTlsTest, Tls12HandshakeSucceeds) {
  StartServer({.config = TlsConfig(false)});
  EXPECT_TRUE(server_->tls());
  TlsClientOptions options = ClientOptions(TLS1_2_VERSION, TLS1_2_VERSION);
  auto client = Connect(&options);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->TlsVersion(), "TLSv1.2");
  auto response = client->Request("GET", "/whoami");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->body, "tls");
  EXPECT_EQ(response->Header("Strict-Transport-Security"), "max-age=31536000");
  EXPECT_TRUE(client->Request("GET", "/whoami").has_value());  // keep-alive over TLS
}

TEST_F(ServerTlsTest, Tls13HandshakeSucceeds) {
  StartServer({.config = TlsConfig(false)});
  TlsClientOptions options = ClientOptions(TLS1_3_VERSION, TLS1_3_VERSION);
  auto client = Connect(&options);
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->TlsVersion(), "TLSv1.3");
  auto response = client->Request("GET", "/whoami");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTlsTest, Tls11IsRefusedByTheServer) {
  StartServer({.config = TlsConfig(false)});
  TlsClientOptions options = ClientOptions(TLS1_1_VERSION, TLS1_1_VERSION);
  options.legacy = true;
  auto client = TestClient::Connect(server_->port(), &options);
  ASSERT_FALSE(client.has_value());
  // The server's alert, not a client that could not even offer TLS 1.1.
  EXPECT_NE(client.error().message.find("protocol version"), std::string::npos)
      << client.error().message;
}

TEST_F(ServerTlsTest, PlainHttpOnTheTlsPortGetsNoHttpAnswer) {
  StartServer({.config = TlsConfig(false)});
  auto client = Connect();
  ASSERT_TRUE(client->Send(RawRequest("GET", "/whoami")).has_value());
  EXPECT_FALSE(client->Read().has_value());
}

TEST_F(ServerTlsTest, ClientCertificateSubjectAndFingerprintReachTheHandler) {
  StartServer({.config = TlsConfig(true)});
  const TestPki& pki = GetTestPki();
  TlsClientOptions options = ClientOptions();
  options.cert_file = pki.client_cert;
  options.key_file = pki.client_key;
  auto client = Connect(&options);
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/whoami");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->body, "tls CN=alice,O=Member A " + pki.client_fingerprint);
  EXPECT_EQ(pki.client_fingerprint.size(), 64u);
}

// With TLS 1.3 the client finishes its handshake before the server has checked its
// certificate, so a refusal may surface at the handshake or at the first request.
bool RequestFails(std::uint16_t port, const TlsClientOptions& options) {
  auto client = TestClient::Connect(port, &options);
  if (!client) return true;
  auto response = (*client)->Request("GET", "/whoami");
  return !response.has_value();
}

TEST_F(ServerTlsTest, MissingClientCertificateIsRefusedWhenRequired) {
  StartServer({.config = TlsConfig(true)});
  EXPECT_TRUE(RequestFails(server_->port(), ClientOptions()));
}

TEST_F(ServerTlsTest, ClientCertificateFromAnUnknownCaIsRefused) {
  StartServer({.config = TlsConfig(true)});
  TlsClientOptions options = ClientOptions();
  options.cert_file = GetTestPki().stranger_cert;
  options.key_file = GetTestPki().stranger_key;
  EXPECT_TRUE(RequestFails(server_->port(), options));
}

TEST_F(ServerTlsTest, OptionalClientCertificateLetsAnonymousClientsIn) {
  StartServer({.config = TlsConfig(true), .require_client_certificate = false});
  TlsClientOptions options = ClientOptions();
  auto client = Connect(&options);
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/whoami");
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->body, "tls");
}

TEST_F(ServerTlsTest, UnreadableCertificateFailsCreateNamingTheFile) {
  ServerOptions options{.config = TlsConfig(false)};
  options.config.tls_cert_file = GetTestPki().dir + "/missing.crt";
  auto server = Server::Create(router_, options);
  ASSERT_FALSE(server.has_value());
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(server.error().where.file, options.config.tls_cert_file);
}

TEST_F(ServerTlsTest, MismatchedKeyFailsCreate) {
  ServerOptions options{.config = TlsConfig(false)};
  options.config.tls_key_file = GetTestPki().client_key;
  auto server = Server::Create(router_, options);
  ASSERT_FALSE(server.has_value());
  EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ServerTlsTest, KeyWithoutCertificateFailsCreate) {
  ServerOptions options{.config = BaseConfig()};
  options.config.tls_key_file = GetTestPki().server_key;
  EXPECT_FALSE(Server::Create(router_, options).has_value());
}

}  // namespace
}  // namespace qccm::http::testing
