// Next tokens: [format 2][nonce, 24 bytes][XChaCha20-Poly1305 of (issued micros, seq: 8 bytes
// big-endian each), 16 + 16 bytes], base64url without padding (76 characters). The associated
// data is the format byte and a BLAKE2b hash of the binding, so the binding itself is never
// sent. The cursor is encrypted, not only authenticated: a store-wide sequence number in clear
// would let a client count the objects it cannot see that were added between two of its pages.
#include "http/taxii/next_token.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "qccm/core/check.h"

namespace qccm::http::taxii {
namespace {

constexpr unsigned char kFormat = 2;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kPlainBytes = 16;
constexpr std::size_t kSealedBytes = kPlainBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kTokenBytes = 1 + kNonceBytes + kSealedBytes;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == sizeof(NextTokenKey));
// A token issued this far in the future is not ours (or the clock jumped back): refused.
constexpr std::int64_t kClockSkewMicros = 5LL * 60 * 1000000;

void PutBigEndian(unsigned char* out, std::uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<unsigned char>(value & 0xff);
    value >>= 8;
  }
}

std::uint64_t GetBigEndian(const unsigned char* in) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | in[i];
  return value;
}

// The associated data: the format byte and a hash of the binding.
void AssociatedData(std::string_view binding, unsigned char* out) {
  out[0] = kFormat;
  crypto_generichash(out + 1, 32, reinterpret_cast<const unsigned char*>(binding.data()),
                     binding.size(), nullptr, 0);
}

// The encryption key: derived from the node's key file, so the file format is unchanged.
NextTokenKey DeriveKey(const NextTokenKey& key) {
  static constexpr std::string_view kContext = "qccm next token v2";
  NextTokenKey derived{};
  crypto_generichash(derived.data(), derived.size(),
                     reinterpret_cast<const unsigned char*>(kContext.data()), kContext.size(),
                     key.data(), key.size());
  return derived;
}

std::unexpected<Error> Refused(std::string why) {
  return MakeError(ErrorCode::kInvalidArgument, "URL parameter next: " + std::move(why));
}

std::unexpected<Error> IoError(const std::string& what, const std::string& path) {
  return MakeError(ErrorCode::kIo, what + " " + path + ": " + std::strerror(errno));
}

Result<NextTokenKey> ReadKey(int fd, const std::string& path) {
  NextTokenKey key{};
  std::size_t got = 0;
  while (got < key.size()) {
    ssize_t n = ::read(fd, key.data() + got, key.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("cannot read the next-token key", path);
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  unsigned char extra = 0;
  if (got != key.size() || ::read(fd, &extra, 1) != 0) {
    return MakeError(ErrorCode::kInvalidInput,
                     "the next-token key " + path +
                         " is not exactly 32 bytes; delete it to make "
                         "a new one (outstanding next tokens then stop working)");
  }
  return key;
}

}  // namespace

Result<NextTokenKey> LoadOrCreateNextTokenKey(const std::string& path) {
  QCCM_CHECK(sodium_init() >= 0);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    NextTokenKey key{};
    crypto_auth_keygen(key.data());
    bool ok =
        ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
      ::unlink(path.c_str());
      return IoError("cannot write the next-token key", path);
    }
    return key;
  }
  if (errno != EEXIST) return IoError("cannot create the next-token key", path);
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open the next-token key", path);
  auto key = ReadKey(fd, path);
  ::close(fd);
  return key;
}

NextTokenCodec::NextTokenCodec(const NextTokenKey& key, Clock& clock, std::chrono::seconds lifetime)
    : key_(DeriveKey(key)), clock_(clock), lifetime_(lifetime) {
  QCCM_CHECK(sodium_init() >= 0);
}

std::string NextTokenCodec::Issue(std::string_view binding, store::Cursor cursor) const {
  unsigned char raw[kTokenBytes];
  raw[0] = kFormat;
  randombytes_buf(raw + 1, kNonceBytes);
  unsigned char plain[kPlainBytes];
  PutBigEndian(plain, static_cast<std::uint64_t>(clock_.Now().micros));
  PutBigEndian(plain + 8, static_cast<std::uint64_t>(cursor.seq));
  unsigned char ad[33];
  AssociatedData(binding, ad);
  crypto_aead_xchacha20poly1305_ietf_encrypt(raw + 1 + kNonceBytes, nullptr, plain, sizeof plain,
                                             ad, sizeof ad, nullptr, raw + 1, key_.data());
  char text[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

Result<store::Cursor> NextTokenCodec::Open(std::string_view token, std::string_view binding) const {
  unsigned char raw[kTokenBytes];
  std::size_t length = 0;
  if (token.size() > 2 * kTokenBytes ||
      sodium_base642bin(raw, sizeof raw, token.data(), token.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length != kTokenBytes || raw[0] != kFormat) {
    return Refused(
        "not a next token issued by this server; use the next value of the previous "
        "response unchanged");
  }
  unsigned char ad[33];
  AssociatedData(binding, ad);
  unsigned char plain[kPlainBytes];
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, nullptr, nullptr, raw + 1 + kNonceBytes,
                                                 kSealedBytes, ad, sizeof ad, raw + 1,
                                                 key_.data()) != 0) {
    return Refused(
        "the token was altered, or was issued for another query; keep the same "
        "collection, object, filters and credentials while paging");
  }
  const auto issued = static_cast<std::int64_t>(GetBigEndian(plain));
  const std::int64_t now = clock_.Now().micros;
  const std::int64_t lifetime = static_cast<std::int64_t>(lifetime_.count()) * 1000000;
  if (issued > now + kClockSkewMicros) return Refused("the token's issue time is in the future");
  if (now - issued > lifetime) {
    return Refused("the token expired (issued " + FormatTimestamp(Timestamp{issued}) +
                   ", tokens live " + std::to_string(lifetime_.count()) +
                   " s); start again without next, with added_after to resume");
  }
  return store::Cursor{static_cast<std::int64_t>(GetBigEndian(plain + 8))};
}

}  // namespace qccm::http::taxii
