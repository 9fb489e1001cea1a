// Test PKI generation through the openssl command line.
#include "http/test_pki.h"

#include <stdlib.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace qccm::http::testing {
namespace {

void Run(const std::string& command) {
  std::string quiet = command + " >/dev/null 2>&1";
  if (std::system(quiet.c_str()) != 0) {
    std::fprintf(stderr, "test PKI: command failed: %s\n", command.c_str());
    std::abort();
  }
}

std::string ReadCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) std::abort();
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) out += buf;
  pclose(pipe);
  return out;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TestPki Generate() {
  TestPki pki;
  std::string pattern = (std::filesystem::temp_directory_path() / "qccm-http-pki-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  pki.dir = pattern;
  const std::string d = pki.dir + "/";
  const std::string newkey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  pki.ca_cert = d + "ca.crt";
  Run("openssl req -x509 " + newkey + " -keyout " + d + "ca.key -out " + pki.ca_cert +
      " -subj '/CN=QCCM Test CA' -days 2");

  pki.server_cert = d + "server.crt";
  pki.server_key = d + "server.key";
  Write(d + "server.ext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  Run("openssl req " + newkey + " -keyout " + pki.server_key + " -out " + d +
      "server.csr -subj '/CN=localhost'");
  Run("openssl x509 -req -in " + d + "server.csr -CA " + pki.ca_cert + " -CAkey " + d +
      "ca.key -CAcreateserial -days 2 -extfile " + d + "server.ext -out " + pki.server_cert);

  pki.client_cert = d + "client.crt";
  pki.client_key = d + "client.key";
  Write(d + "client.ext", "extendedKeyUsage=clientAuth\n");
  Run("openssl req " + newkey + " -keyout " + pki.client_key + " -out " + d +
      "client.csr -subj '/O=Member A/CN=alice'");
  Run("openssl x509 -req -in " + d + "client.csr -CA " + pki.ca_cert + " -CAkey " + d +
      "ca.key -CAcreateserial -days 2 -extfile " + d + "client.ext -out " + pki.client_cert);
  // "sha256 Fingerprint=AB:CD:..." -> "abcd..."
  std::string line = ReadCommand("openssl x509 -noout -fingerprint -sha256 -in " + pki.client_cert);
  std::size_t eq = line.find('=');
  if (eq == std::string::npos) std::abort();
  for (char c : line.substr(eq + 1)) {
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      pki.client_fingerprint += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }

  pki.stranger_cert = d + "stranger.crt";
  pki.stranger_key = d + "stranger.key";
  Run("openssl req -x509 " + newkey + " -keyout " + pki.stranger_key + " -out " +
      pki.stranger_cert + " -subj '/CN=mallory' -days 2");
  return pki;
}

}  // namespace

const TestPki& GetTestPki() {
  struct RemoveAtExit {
    std::string dir;
    ~RemoveAtExit() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  };
  static const TestPki pki = Generate();
  static const RemoveAtExit cleanup{pki.dir};
  return pki;
}

}  // namespace qccm::http::testing
