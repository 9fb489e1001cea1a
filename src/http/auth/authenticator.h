// Who is calling: HTTP Basic (users of the node's store, Argon2id-verified), bearer API tokens
// ("Authorization: Bearer <token>", or "Token <token>" as the OASIS taxii2-client sends it),
// and, when a mapping is configured, TLS client certificates mapped to users by fingerprint.
// Verified credentials are cached briefly (credential_cache.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "http/auth/credential_cache.h"
#include "http/auth/throttle.h"
#include "http/request.h"
#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/sharing/sharing_service.h"
#include "qccm/sharing/sharing_store.h"

namespace qccm::http::auth {

struct AuthOptions {
  std::chrono::seconds cache_ttl{30};
  std::size_t cache_capacity = 10000;
  // A file mapping client certificates to users, one "<sha256 fingerprint hex> <user name>"
  // per line ('#' starts a comment; the fingerprint may contain ':' separators). Empty: client
  // certificates do not authenticate.
  std::string client_certificate_users;
  // Sign-in throttling and per-credential request limits (throttle.h).
  ThrottleOptions throttle;
};

// Reads a client certificate mapping file. Fails with kIo (unreadable) or kInvalidArgument
// (a line that is not "fingerprint user", with its line number).
Result<std::map<std::string, std::string, std::less<>>> LoadClientCertificateUsers(
    const std::string& path);

// Thread-safe. Borrows the service, the store and the clock.
class Authenticator final {
 public:
  // Fails as LoadClientCertificateUsers does when a mapping file is configured.
  static Result<std::unique_ptr<Authenticator>> Create(sharing::SharingService& sharing,
                                                       sharing::SharingStore& store, Clock& clock,
                                                       const AuthOptions& options);

  // The principal behind the request's credentials: the Authorization header when present
  // (Basic, Bearer or Token), else a mapped client certificate. Fails with kUnauthenticated
  // when there are none, they are malformed, or they are wrong (one message for unknown user,
  // bad password, disabled user, bad token, so that the answer reveals nothing); kRateLimited
  // (with "retry after N s") after too many failed sign-ins for the user name or from the
  // address, or when the credential has used up its requests; kStorage when the store fails.
  Result<sharing::Principal> Authenticate(const Request& request);

 private:
  Authenticator(sharing::SharingService& sharing, sharing::SharingStore& store, Clock& clock,
                const AuthOptions& options,
                std::map<std::string, std::string, std::less<>> certificate_users);

  Result<sharing::Principal> Basic(std::string_view credentials, std::string_view address);
  Result<sharing::Principal> Token(std::string_view token, std::string_view address);
  Result<sharing::Principal> Limited(Result<sharing::Principal> principal, std::string key);
  Result<sharing::Principal> Certificate(const ClientCertificate& certificate);

  sharing::SharingService& sharing_;
  sharing::SharingStore& store_;
  CredentialCache cache_;
  Throttle throttle_;
  const std::map<std::string, std::string, std::less<>> certificate_users_;
};

}  // namespace qccm::http::auth
