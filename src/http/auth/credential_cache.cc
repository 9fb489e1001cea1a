// Credential cache: keyed hashes in, principals out.
#include "http/auth/credential_cache.h"

#include <sodium.h>

#include "qccm/core/check.h"

namespace qccm::http::auth {

CredentialCache::CredentialCache(Clock& clock, std::chrono::seconds ttl, std::size_t capacity)
    : clock_(clock),
      ttl_micros_(static_cast<std::int64_t>(ttl.count()) * 1000000),
      capacity_(capacity) {
  QCCM_CHECK(sodium_init() >= 0);
  crypto_generichash_keygen(hash_key_);
}

std::string CredentialCache::KeyOf(std::string_view kind, std::string_view name,
                                   std::string_view secret) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, hash_key_, sizeof hash_key_, 32);
  // Lengths first, so that ("ab", "c") and ("a", "bc") never hash alike.
  const std::uint64_t lengths[3] = {kind.size(), name.size(), secret.size()};
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(lengths),
                            sizeof lengths);
  for (std::string_view part : {kind, name, secret}) {
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  }
  std::string key(32, '\0');
  crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(key.data()), key.size());
  return key;
}

std::optional<sharing::Principal> CredentialCache::Find(std::string_view kind,
                                                        std::string_view name,
                                                        std::string_view secret) {
  if (ttl_micros_ <= 0 || capacity_ == 0) return std::nullopt;
  const std::string key = KeyOf(kind, name, secret);
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= now) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

void CredentialCache::Insert(std::string_view kind, std::string_view name, std::string_view secret,
                             const sharing::Principal& principal) {
  if (ttl_micros_ <= 0 || capacity_ == 0) return;
  std::string key = KeyOf(kind, name, secret);
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) {
    std::erase_if(entries_, [&](const auto& item) { return item.second.expires <= now; });
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_.insert_or_assign(std::move(key), Entry{principal, Timestamp{now.micros + ttl_micros_}});
}

std::size_t CredentialCache::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace qccm::http::auth
