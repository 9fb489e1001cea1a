// Authentication: header parsing, the cache in front of the sharing service's checks, and the
// client certificate mapping.
#include "http/auth/authenticator.h"

#include <sodium.h>

#include <fstream>

namespace qccm::http::auth {
namespace {

// Credentials longer than this are refused before any work (a user name is at most 64 bytes
// and a password at most 1024).
constexpr std::size_t kMaxCredentialBytes = 2048;

std::unexpected<Error> Unauthenticated(std::string message) {
  return MakeError(ErrorCode::kUnauthenticated, std::move(message));
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Lower-case hex without separators.
std::string NormaliseFingerprint(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':') continue;
    out += (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

Result<std::map<std::string, std::string, std::less<>>> LoadClientCertificateUsers(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kIo, "cannot read the client certificate mapping " + path);
  std::map<std::string, std::string, std::less<>> users;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view text = Trim(std::string_view(line).substr(0, line.find('#')));
    if (text.empty()) continue;
    std::size_t space = text.find_first_of(" \t");
    std::string fingerprint =
        NormaliseFingerprint(space == text.npos ? text : text.substr(0, space));
    std::string_view user = space == text.npos ? "" : Trim(text.substr(space));
    bool hex = fingerprint.size() == 64 &&
               fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (!hex || user.empty() || !sharing::ValidateUserName(user)) {
      return MakeError(ErrorCode::kInvalidArgument, "expected '<sha256 fingerprint> <user name>'",
                       ErrorPlace{.file = path, .line = number});
    }
    users.insert_or_assign(std::move(fingerprint), std::string(user));
  }
  return users;
}

Result<std::unique_ptr<Authenticator>> Authenticator::Create(sharing::SharingService& sharing,
                                                             sharing::SharingStore& store,
                                                             Clock& clock,
                                                             const AuthOptions& options) {
  std::map<std::string, std::string, std::less<>> certificate_users;
  if (!options.client_certificate_users.empty()) {
    QCCM_TRY(loaded, LoadClientCertificateUsers(options.client_certificate_users));
    certificate_users = std::move(loaded);
  }
  return std::unique_ptr<Authenticator>(
      new Authenticator(sharing, store, clock, options, std::move(certificate_users)));
}

Authenticator::Authenticator(sharing::SharingService& sharing, sharing::SharingStore& store,
                             Clock& clock, const AuthOptions& options,
                             std::map<std::string, std::string, std::less<>> certificate_users)
    : sharing_(sharing),
      store_(store),
      cache_(clock, options.cache_ttl, options.cache_capacity),
      throttle_(clock, options.throttle),
      certificate_users_(std::move(certificate_users)) {}

Result<sharing::Principal> Authenticator::Authenticate(const Request& request) {
  if (std::optional<std::string_view> header = request.headers.Get("Authorization")) {
    std::string_view value = Trim(*header);
    std::size_t space = value.find(' ');
    std::string_view scheme = value.substr(0, space);
    std::string_view credentials = space == value.npos ? "" : Trim(value.substr(space + 1));
    if (credentials.empty() || credentials.size() > kMaxCredentialBytes) {
      return Unauthenticated("malformed Authorization header");
    }
    const std::string_view address = AddressWithoutPort(request.remote_address);
    if (HeaderNameEquals(scheme, "Basic")) return Basic(credentials, address);
    if (HeaderNameEquals(scheme, "Bearer") || HeaderNameEquals(scheme, "Token")) {
      return Token(credentials, address);
    }
    return Unauthenticated("unsupported authorization scheme; use Basic or Bearer");
  }
  if (request.client_certificate && !certificate_users_.empty()) {
    return Limited(Certificate(*request.client_certificate),
                   "c:" + request.client_certificate->sha256_fingerprint);
  }
  return Unauthenticated(
      "authentication required: HTTP Basic with a user of this node, or an API token as "
      "Authorization: Bearer <token>");
}

// Every credential that authenticated spends from its own bucket, whichever way it was checked.
Result<sharing::Principal> Authenticator::Limited(Result<sharing::Principal> principal,
                                                  std::string key) {
  if (!principal) return principal;
  if (std::int64_t wait = throttle_.Spend(key); wait > 0) {
    return RateLimited("too many requests with this credential", wait);
  }
  return principal;
}

Result<sharing::Principal> Authenticator::Basic(std::string_view credentials,
                                                std::string_view address) {
  std::string decoded(credentials.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                        credentials.data(), credentials.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Unauthenticated("malformed Basic credentials (not base64)");
  }
  decoded.resize(length);
  std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) {
    return Unauthenticated("malformed Basic credentials (no ':' between user and password)");
  }
  std::string_view user = std::string_view(decoded).substr(0, colon);
  std::string_view password = std::string_view(decoded).substr(colon + 1);
  const std::string key = "u:" + std::string(user);
  if (auto cached = cache_.Find("basic", user, password)) {
    sodium_memzero(decoded.data(), decoded.size());
    return Limited(*cached, key);
  }
  // Only checks that reach Argon2id count: a cached pair was verified moments ago.
  if (std::int64_t wait = throttle_.LoginWait(user, address); wait > 0) {
    sodium_memzero(decoded.data(), decoded.size());
    return RateLimited("too many failed sign-ins for this user or from this address", wait);
  }
  auto principal = sharing_.AuthenticatePassword(user, password);
  if (principal) {
    cache_.Insert("basic", user, password, *principal);
    throttle_.LoginSucceeded(user);
  } else if (principal.error().code == ErrorCode::kUnauthenticated) {
    throttle_.LoginFailed(user, address);
  }
  sodium_memzero(decoded.data(), decoded.size());
  return Limited(std::move(principal), key);
}

Result<sharing::Principal> Authenticator::Token(std::string_view token, std::string_view address) {
  // The bucket is keyed by a hash of the token, so the secret itself is not kept.
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  const std::string key = "t:" + std::string(reinterpret_cast<const char*>(hash), sizeof hash);
  if (auto cached = cache_.Find("token", "", token)) return Limited(*cached, key);
  if (std::int64_t wait = throttle_.LoginWait("", address); wait > 0) {
    return RateLimited("too many failed sign-ins from this address", wait);
  }
  auto principal = sharing_.AuthenticateToken(token);
  if (principal) {
    cache_.Insert("token", "", token, *principal);
  } else if (principal.error().code == ErrorCode::kUnauthenticated) {
    throttle_.LoginFailed("", address);
  }
  return Limited(std::move(principal), key);
}

Result<sharing::Principal> Authenticator::Certificate(const ClientCertificate& certificate) {
  auto mapped = certificate_users_.find(NormaliseFingerprint(certificate.sha256_fingerprint));
  if (mapped == certificate_users_.end()) {
    return Unauthenticated("the client certificate is not mapped to a user of this node");
  }
  if (auto cached = cache_.Find("certificate", mapped->second, mapped->first)) return *cached;
  auto user = store_.GetUserByName(mapped->second);
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound) return Unauthenticated("invalid credentials");
    return std::unexpected(std::move(user).error());
  }
  if (user->disabled) return Unauthenticated("invalid credentials");
  QCCM_TRY(member, store_.GetMember(user->member_id));
  sharing::Principal principal{.user_id = user->id,
                               .user_name = user->name,
                               .member_id = member.id,
                               .member_code = member.code,
                               .roles = user->roles};
  cache_.Insert("certificate", mapped->second, mapped->first, principal);
  return principal;
}

}  // namespace qccm::http::auth
