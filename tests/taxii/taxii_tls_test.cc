// TLS client certificates mapped to users: with a mapping file, a client certificate alone
// authenticates; an unmapped one is 401. (Certificates from tests/http/test_pki.)
#include <gtest/gtest.h>

#include <fstream>

#include "http/server.h"
#include "http/test_client.h"
#include "http/test_pki.h"
#include "taxii/taxii_fixture.h"

namespace qccm::taxii_test {
namespace {

using http::testing::GetTestPki;
using http::testing::TestClient;
using http::testing::TlsClientOptions;

class TaxiiTls : public TaxiiFixture {
 protected:
  void SetUp() override {
    const auto& pki = GetTestPki();
    map_file_ = (std::filesystem::temp_directory_path() /
                 ("qccm-cert-map-" + std::to_string(::getpid()) + ".txt"))
                    .string();
    WriteMap(pki.client_fingerprint + " alice  # the test client certificate\n");
    customize_ = [this, &pki](app::NodeOptions& options) {
      options.config.server.tls_cert_file = pki.server_cert;
      options.config.server.tls_key_file = pki.server_key;
      options.config.server.tls_client_ca_file = pki.ca_cert;
      options.client_certificate_users = map_file_;
    };
    // The fixture's seeding uses the in-process services, not HTTP, so it works over TLS too.
    TaxiiFixture::SetUp();
  }
  void TearDown() override {
    TaxiiFixture::TearDown();
    std::filesystem::remove(map_file_);
  }
  void WriteMap(const std::string& text) { std::ofstream(map_file_) << text; }

  std::unique_ptr<TestClient> Connect() {
    const auto& pki = GetTestPki();
    TlsClientOptions tls{
        .ca_file = pki.ca_cert, .cert_file = pki.client_cert, .key_file = pki.client_key};
    auto client = TestClient::Connect(node_->server().port(), &tls);
    EXPECT_TRUE(client) << client.error().ToString();
    return client ? std::move(*client) : nullptr;
  }

  std::string map_file_;
};

TEST_F(TaxiiTls, AMappedClientCertificateAuthenticatesWithoutAPassword) {
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  auto response =
      client->Request("GET", "/qccm/collections/", {}, {{"Accept", std::string(kTaxii)}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
  EXPECT_NE(response->body.find(collections_.at("alpha")), std::string::npos);
}

TEST_F(TaxiiTls, AnAuthorizationHeaderTakesPrecedenceOverTheCertificate) {
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/qccm/collections/", {},
                                  {{"Authorization", BasicAuth("carol", kPassword)}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.find(collections_.at("alpha")), std::string::npos);  // carol's view
}

TEST_F(TaxiiTls, AnUnmappedCertificateIs401) {
  StopNode();
  WriteMap(std::string(64, 'a') + " alice\n");
  StartNode();
  auto client = Connect();
  ASSERT_NE(client, nullptr);
  auto response = client->Request("GET", "/qccm/collections/");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
}

TEST_F(TaxiiTls, AMalformedMappingFileStopsTheNodeFromStarting) {
  StopNode();
  WriteMap("not-a-fingerprint alice\n");
  app::NodeOptions options;
  options.config.data_dir = dir_.string();
  options.config.server.listen = "127.0.0.1:0";
  options.client_certificate_users = map_file_;
  auto node = app::Node::Open(std::move(options));
  ASSERT_FALSE(node);
  EXPECT_NE(node.error().ToString().find(":1"), std::string::npos) << node.error().ToString();
  WriteMap(GetTestPki().client_fingerprint + " alice\n");
  StartNode();
}

}  // namespace
}  // namespace qccm::taxii_test
