// Password hashing (Argon2id via libsodium) and API token secrets.
#pragma once

#include <string>
#include <string_view>

#include "qccm/core/result.h"

namespace qccm::sharing {

// Argon2id cost. kInteractive is libsodium's interactive preset (64 MiB, 2 passes) for real
// users; kFastForTests is for test suites that create many users (never for real nodes).
enum class PasswordCost { kInteractive, kModerate, kFastForTests };

// Rules a new password must meet: 8 to 1024 bytes. Fails with kInvalidArgument saying why.
Status CheckPasswordStrength(std::string_view password);

// Returns a crypto_pwhash_str string (it embeds the algorithm, salt and cost).
// Fails with kInternal if libsodium cannot allocate the memory the cost asks for.
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::kInteractive);

// True if `password` matches `hash` (constant time in the password). Thread-safe.
bool VerifyPassword(std::string_view password, std::string_view hash);

// A new API token secret: "qccm_" followed by 43 base64url characters (256 random bits).
std::string NewTokenSecret();

// The stored form of a token secret: lower-case hex SHA-256. Tokens are random and long, so a
// fast hash is safe here (no dictionary to attack), and lookups by hash are an index probe.
std::string HashTokenSecret(std::string_view secret);

}  // namespace qccm::sharing
