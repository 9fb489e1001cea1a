// Argon2id password hashes and token secrets with libsodium.
#include "qccm/sharing/credentials.h"

#include <sodium.h>

#include <array>

#include "qccm/core/check.h"

namespace qccm::sharing {
namespace {

void EnsureSodium() {
  static const int init = sodium_init();
  QCCM_CHECK(init >= 0);
}

}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 8) {
    return MakeError(ErrorCode::kInvalidArgument, "password must be at least 8 characters");
  }
  if (password.size() > 1024) {
    return MakeError(ErrorCode::kInvalidArgument, "password must be at most 1024 bytes");
  }
  return Ok();
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  EnsureSodium();
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  std::size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == PasswordCost::kModerate) {
    ops = crypto_pwhash_OPSLIMIT_MODERATE;
    mem = crypto_pwhash_MEMLIMIT_MODERATE;
  } else if (cost == PasswordCost::kFastForTests) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return MakeError(ErrorCode::kInternal, "password hashing ran out of memory");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view password, std::string_view hash) {
  EnsureSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::array<char, crypto_pwhash_STRBYTES> stored{};
  std::copy(hash.begin(), hash.end(), stored.begin());
  return crypto_pwhash_str_verify(stored.data(), password.data(), password.size()) == 0;
}

std::string NewTokenSecret() {
  EnsureSodium();
  std::array<unsigned char, 32> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
  sodium_bin2base64(text.data(), text.size(), random.data(), random.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return "qccm_" + std::string(text.data());
}

std::string HashTokenSecret(std::string_view secret) {
  EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

}  // namespace qccm::sharing
