// Server TLS context and peer-certificate facts, through OpenSSL 3.
#include "http/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace qccm::http {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2: forward secrecy (ECDHE) with AEAD ciphers only (Mozilla "intermediate" profile).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
// Session resumption with client certificates needs a session id context.
constexpr unsigned char kSessionContext[] = "qccm";

std::unexpected<Error> TlsError(std::string what, const std::string& file,
                                const boost::system::error_code& ec) {
  return MakeError(ErrorCode::kInvalidArgument,
                   "TLS: " + what + (ec ? ": " + ec.message() : std::string()),
                   ErrorPlace{.file = file});
}

std::string OpenSslErrors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<ssl::context>> MakeServerTlsContext(const ServerConfig& config,
                                                           bool require_client_certificate) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  boost::system::error_code ec;
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return TlsError("cannot set minimum protocol version: " + OpenSslErrors(), "", ec);
  }
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                       ssl::context::single_dh_use | SSL_OP_NO_RENEGOTIATION |
                       SSL_OP_CIPHER_SERVER_PREFERENCE,
                   ec);
  if (ec) return TlsError("cannot set options", "", ec);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(native, kTls13Suites) != 1) {
    return TlsError("cannot set cipher list: " + OpenSslErrors(), "", ec);
  }
  ctx->use_certificate_chain_file(config.tls_cert_file, ec);
  if (ec) return TlsError("cannot load certificate chain", config.tls_cert_file, ec);
  ctx->use_private_key_file(config.tls_key_file, ssl::context::pem, ec);
  if (ec) return TlsError("cannot load private key", config.tls_key_file, ec);
  if (SSL_CTX_check_private_key(native) != 1) {
    return TlsError("private key does not match the certificate", config.tls_key_file, ec);
  }
  SSL_CTX_set_session_id_context(native, kSessionContext, sizeof kSessionContext - 1);
  if (!config.tls_client_ca_file.empty()) {
    ctx->load_verify_file(config.tls_client_ca_file, ec);
    if (ec) return TlsError("cannot load client CA file", config.tls_client_ca_file, ec);
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.tls_client_ca_file.c_str());
    if (names == nullptr) {
      return TlsError("no CA names in client CA file", config.tls_client_ca_file, ec);
    }
    SSL_CTX_set_client_CA_list(native, names);  // takes ownership
    ssl::verify_mode mode = ssl::verify_peer;
    if (require_client_certificate) mode |= ssl::verify_fail_if_no_peer_cert;
    ctx->set_verify_mode(mode, ec);
    if (ec) return TlsError("cannot set verify mode", "", ec);
  }
  return ctx;
}

std::optional<ClientCertificate> PeerCertificate(ssl_st* ssl) {
  X509* cert = SSL_get0_peer_certificate(ssl);
  if (cert == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return std::nullopt;
  ClientCertificate out;
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio != nullptr) {
    X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    if (size > 0) out.subject.assign(data, static_cast<std::size_t>(size));
    BIO_free(bio);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(cert, EVP_sha256(), digest, &length) == 1) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
      out.sha256_fingerprint += kHex[digest[i] >> 4];
      out.sha256_fingerprint += kHex[digest[i] & 0xf];
    }
  }
  return out;
}

}  // namespace qccm::http
