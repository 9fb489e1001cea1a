// A short-lived cache of verified credentials, so that Argon2id (tens of milliseconds and
// 64 MiB by design) does not run on every request of a keep-alive client. Entries are keyed by
// a keyed BLAKE2b hash (a per-process random key) of the credential kind, name and secret:
// neither the password nor the token is ever stored, and the hashes are useless outside this
// process.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "qccm/core/time.h"
#include "qccm/sharing/access_policy.h"

namespace qccm::http::auth {

// Thread-safe. Borrows the clock.
class CredentialCache final {
 public:
  // Entries live `ttl`; at most `capacity` are kept (when full, expired entries are dropped,
  // and if none had expired the whole cache is cleared: a flood of distinct valid credentials
  // only costs re-verification).
  CredentialCache(Clock& clock, std::chrono::seconds ttl, std::size_t capacity);

  // The principal verified for (kind, name, secret) within the last ttl, or nullopt.
  std::optional<sharing::Principal> Find(std::string_view kind, std::string_view name,
                                         std::string_view secret);
  // Remembers a successful verification.
  void Insert(std::string_view kind, std::string_view name, std::string_view secret,
              const sharing::Principal& principal);

  std::size_t size();

 private:
  struct Entry {
    sharing::Principal principal;
    Timestamp expires;
  };
  std::string KeyOf(std::string_view kind, std::string_view name, std::string_view secret) const;

  Clock& clock_;
  const std::int64_t ttl_micros_;
  const std::size_t capacity_;
  unsigned char hash_key_[32];
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
};

}  // namespace qccm::http::auth
