// TLS for the server: building the OpenSSL context from the config (TLS 1.2+, modern ciphers,
// optional client certificates) and reading the peer certificate. Private to src/http.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <optional>

#include "http/request.h"
#include "qccm/core/config.h"
#include "qccm/core/result.h"

struct ssl_st;

namespace qccm::http {

// Builds a server context: TLS 1.2 and 1.3 only, ECDHE with AES-GCM or ChaCha20-Poly1305 for
// TLS 1.2, the three standard TLS 1.3 suites, no compression, no renegotiation. When
// config.tls_client_ca_file is set, asks for a client certificate verified against it, and
// (if `require_client_certificate`) refuses handshakes without one. Fails with
// kInvalidArgument naming the file that cannot be loaded or does not match.
Result<std::unique_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const ServerConfig& config, bool require_client_certificate);

// The verified peer certificate of an established connection, or nullopt if it sent none.
std::optional<ClientCertificate> PeerCertificate(ssl_st* ssl);

}  // namespace qccm::http
