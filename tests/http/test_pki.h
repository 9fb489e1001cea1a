// A throwaway PKI for the TLS tests, made with the `openssl` command once per test process:
// a CA, a server certificate for 127.0.0.1, a client certificate it signed, and a client
// certificate from an unrelated CA.
#pragma once

#include <string>

namespace qccm::http::testing {

struct TestPki {
  std::string dir;
  std::string ca_cert;
  std::string server_cert;
  std::string server_key;
  std::string client_cert;  // subject O=Member A, CN=alice
  std::string client_key;
  std::string client_fingerprint;  // SHA-256, lower-case hex, as `openssl x509 -fingerprint` says
  std::string stranger_cert;       // self-signed, CN=mallory
  std::string stranger_key;
};

// Generates on first call (aborting the test process if `openssl` fails); thread-compatible.
const TestPki& GetTestPki();

}  // namespace qccm::http::testing
