// The TAXII `next` token (§3.4.1: opaque to clients). It carries the paging cursor (the seq of
// the last row returned) and its issue time, encrypted and authenticated (libsodium
// XChaCha20-Poly1305) under a key derived from a per-node secret, bound to the query it
// continues: the endpoint, the collection, the object, the filters and the member. Encrypted so
// that the store-wide cursor does not tell a client how many objects it cannot see were added. A
// token that was forged, altered, issued for another query or member, or is older than the lifetime
// is refused.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/store/object_store.h"

namespace qccm::http::taxii {

using NextTokenKey = std::array<unsigned char, 32>;

// Reads the node's secret from `path`, creating it (32 random bytes, mode 0600) if it does not
// exist. Fails with kIo if the file cannot be read or written, kInvalidInput if it exists with
// another size.
Result<NextTokenKey> LoadOrCreateNextTokenKey(const std::string& path);

// Thread-safe (immutable after construction; the clock is thread-safe). Borrows the clock.
class NextTokenCodec final {
 public:
  NextTokenCodec(const NextTokenKey& key, Clock& clock, std::chrono::seconds lifetime);

  // A token for continuing after `cursor` in the query described by `binding`.
  std::string Issue(std::string_view binding, store::Cursor cursor) const;

  // The cursor in `token`. Fails with kInvalidArgument saying why: not a token of this server,
  // altered, for another query (binding), expired.
  Result<store::Cursor> Open(std::string_view token, std::string_view binding) const;

  std::chrono::seconds lifetime() const { return lifetime_; }

 private:
  NextTokenKey key_;
  Clock& clock_;
  std::chrono::seconds lifetime_;
};

}  // namespace qccm::http::taxii
