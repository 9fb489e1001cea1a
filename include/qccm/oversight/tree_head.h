// Signed tree heads: the log's size and root at a moment, signed with the node's Ed25519 key
// (libsodium), and that key's files under <data_dir>/keys/.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/oversight/merkle.h"

namespace qccm::oversight {

using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

struct TreeHead {
  std::uint64_t tree_size = 0;
  Timestamp time;  // millisecond precision (the signed form carries milliseconds)
  Hash root{};
};

struct SignedTreeHead {
  TreeHead head;
  Signature signature{};
};

// The signed bytes, laid out as RFC 6962 §3.5's TreeHeadSignature: version v1 (0),
// signature_type tree_hash (1), uint64 timestamp in ms, uint64 tree_size, the 32-byte root;
// integers big-endian. 50 bytes.
std::string TreeHeadSigningInput(const TreeHead& head);

// Checks `sth`'s Ed25519 signature with `key`. Fails with kInvalidInput if it does not verify.
Status VerifyTreeHead(const SignedTreeHead& sth, const PublicKey& key);

// Public keys as text: standard base64 of the 32 raw bytes. ParsePublicKey fails with
// kInvalidInput unless the text (surrounding white space ignored) decodes to exactly 32 bytes.
std::string EncodePublicKey(const PublicKey& key);
Result<PublicKey> ParsePublicKey(std::string_view text);
// Standard base64 (with padding) and back; DecodeBase64 fails with kInvalidInput.
std::string EncodeBase64(std::span<const std::uint8_t> bytes);
Result<std::string> DecodeBase64(std::string_view text);

// The node's signing key. Move-only; the secret is wiped on destruction. Thread-safe (const).
class NodeKey final {
 public:
  // The key files: <keys_dir>/audit_ed25519 (base64 of the 32-byte seed, mode 0600, in a 0700
  // directory) and <keys_dir>/audit_ed25519.pub (base64 public key, mode 0644).
  static std::filesystem::path SecretKeyPath(const std::filesystem::path& keys_dir);
  static std::filesystem::path PublicKeyPath(const std::filesystem::path& keys_dir);

  // Loads the key from `keys_dir`, creating the directory and a new key pair on first use.
  // Fails with kPermissionDenied if the secret key file is readable or writable by group or
  // others, kInvalidInput if it is malformed, kIo if the files cannot be read or written.
  static Result<NodeKey> LoadOrCreate(const std::filesystem::path& keys_dir);
  // Loads an existing key; kNotFound if there is none.
  static Result<NodeKey> Load(const std::filesystem::path& keys_dir);
  // A key from a 32-byte seed (tests and benchmarks; deterministic).
  static NodeKey FromSeed(const std::array<std::uint8_t, 32>& seed);

  NodeKey(NodeKey&& other) noexcept;
  NodeKey& operator=(NodeKey&& other) noexcept;
  NodeKey(const NodeKey&) = delete;
  NodeKey& operator=(const NodeKey&) = delete;
  ~NodeKey();

  const PublicKey& public_key() const { return public_key_; }
  SignedTreeHead Sign(const TreeHead& head) const;

 private:
  NodeKey() = default;
  PublicKey public_key_{};
  std::array<std::uint8_t, 64> secret_key_{};  // libsodium's seed || public key form
};

// Reads <keys_dir>/audit_ed25519.pub. Fails with kNotFound or kInvalidInput.
Result<PublicKey> LoadPublicKey(const std::filesystem::path& keys_dir);

}  // namespace qccm::oversight
