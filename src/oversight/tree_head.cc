// Tree head signing (Ed25519, libsodium) and the node key files.
#include "qccm/oversight/tree_head.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "qccm/core/check.h"

namespace qccm::oversight {
namespace {

namespace fs = std::filesystem;

void EnsureSodium() { QCCM_CHECK_MSG(sodium_init() >= 0, "libsodium failed to initialise"); }

void PutBigEndian(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> static_cast<unsigned>(shift)) & 0xFFU));
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

Error IoError(const std::string& what, const fs::path& path) {
  return Error{ErrorCode::kIo, what + ": " + std::strerror(errno),
               ErrorPlace{.file = path.string()}};
}

Result<std::string> ReadSmallFile(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return MakeError(ErrorCode::kNotFound, "no audit key file", ErrorPlace{.file = path.string()});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(IoError("cannot read the audit key file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes a new file that must not exist yet, with `mode`, and syncs it.
Status WriteNewFile(const fs::path& path, std::string_view text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return std::unexpected(IoError("cannot create the audit key file", path));
  bool ok = ::fchmod(fd, mode) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  Error error = ok ? Error{} : IoError("cannot write the audit key file", path);
  ::close(fd);
  if (!ok) return std::unexpected(std::move(error));
  return Ok();
}

}  // namespace

std::string TreeHeadSigningInput(const TreeHead& head) {
  std::string out;
  out.reserve(50);
  out.push_back(0);  // version v1
  out.push_back(1);  // signature_type tree_hash
  PutBigEndian(out, static_cast<std::uint64_t>(head.time.millis()));
  PutBigEndian(out, head.tree_size);
  out.append(reinterpret_cast<const char*>(head.root.data()), head.root.size());
  return out;
}

Status VerifyTreeHead(const SignedTreeHead& sth, const PublicKey& key) {
  EnsureSodium();
  std::string message = TreeHeadSigningInput(sth.head);
  if (crypto_sign_verify_detached(sth.signature.data(),
                                  reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size(), key.data()) != 0) {
    return MakeError(ErrorCode::kInvalidInput, "the signature of the tree head of size " +
                                                   std::to_string(sth.head.tree_size) +
                                                   " does not verify with the key");
  }
  return Ok();
}

std::string EncodeBase64(std::span<const std::uint8_t> bytes) {
  EnsureSodium();
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> DecodeBase64(std::string_view text) {
  EnsureSodium();
  std::string out(text.size(), '\0');
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &size, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return MakeError(ErrorCode::kInvalidInput, "not valid base64");
  }
  out.resize(size);
  return out;
}

std::string EncodePublicKey(const PublicKey& key) { return EncodeBase64(key); }

Result<PublicKey> ParsePublicKey(std::string_view text) {
  auto bytes = DecodeBase64(Trim(text));
  if (!bytes || bytes->size() != 32) {
    return MakeError(ErrorCode::kInvalidInput,
                     "an audit public key is the base64 of 32 bytes (as `qccm audit key` prints)");
  }
  PublicKey key{};
  std::memcpy(key.data(), bytes->data(), key.size());
  return key;
}

fs::path NodeKey::SecretKeyPath(const fs::path& keys_dir) { return keys_dir / "audit_ed25519"; }
fs::path NodeKey::PublicKeyPath(const fs::path& keys_dir) { return keys_dir / "audit_ed25519.pub"; }

NodeKey NodeKey::FromSeed(const std::array<std::uint8_t, 32>& seed) {
  EnsureSodium();
  NodeKey key;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_key_.data(), seed.data());
  return key;
}

Result<NodeKey> NodeKey::Load(const fs::path& keys_dir) {
  fs::path path = SecretKeyPath(keys_dir);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return MakeError(ErrorCode::kNotFound, "the node has no audit signing key",
                       ErrorPlace{.file = path.string()});
    }
    return std::unexpected(IoError("cannot stat the audit key file", path));
  }
  if ((info.st_mode & 077U) != 0) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "the audit signing key is accessible to group or others; chmod 600 it",
                     ErrorPlace{.file = path.string()});
  }
  QCCM_TRY(text, ReadSmallFile(path));
  auto seed_bytes = DecodeBase64(Trim(text));
  sodium_memzero(text.data(), text.size());
  if (!seed_bytes || seed_bytes->size() != 32) {
    return MakeError(ErrorCode::kInvalidInput,
                     "the audit signing key file must hold the base64 of a 32-byte seed",
                     ErrorPlace{.file = path.string()});
  }
  std::array<std::uint8_t, 32> seed{};
  std::memcpy(seed.data(), seed_bytes->data(), seed.size());
  sodium_memzero(seed_bytes->data(), seed_bytes->size());
  NodeKey key = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<NodeKey> NodeKey::LoadOrCreate(const fs::path& keys_dir) {
  auto loaded = Load(keys_dir);
  if (loaded || loaded.error().code != ErrorCode::kNotFound) return loaded;
  std::error_code ec;
  fs::create_directories(keys_dir, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo, "cannot create the key directory: " + ec.message(),
                     ErrorPlace{.file = keys_dir.string()});
  }
  fs::permissions(keys_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  EnsureSodium();
  std::array<std::uint8_t, 32> seed{};
  randombytes_buf(seed.data(), seed.size());
  NodeKey key = FromSeed(seed);
  std::string secret_text = EncodeBase64(seed) + "\n";
  sodium_memzero(seed.data(), seed.size());
  Status written = WriteNewFile(SecretKeyPath(keys_dir), secret_text, 0600);
  sodium_memzero(secret_text.data(), secret_text.size());
  if (!written) {
    // Another process may have created it first: use that one.
    if (fs::exists(SecretKeyPath(keys_dir), ec)) return Load(keys_dir);
    return std::unexpected(written.error());
  }
  fs::path public_path = PublicKeyPath(keys_dir);
  fs::remove(public_path, ec);  // a stale public key of an earlier key must not survive
  QCCM_TRY_STATUS(WriteNewFile(public_path, EncodePublicKey(key.public_key()) + "\n", 0644));
  return key;
}

NodeKey::NodeKey(NodeKey&& other) noexcept
    : public_key_(other.public_key_), secret_key_(other.secret_key_) {
  sodium_memzero(other.secret_key_.data(), other.secret_key_.size());
}

NodeKey& NodeKey::operator=(NodeKey&& other) noexcept {
  if (this != &other) {
    public_key_ = other.public_key_;
    secret_key_ = other.secret_key_;
    sodium_memzero(other.secret_key_.data(), other.secret_key_.size());
  }
  return *this;
}

NodeKey::~NodeKey() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

SignedTreeHead NodeKey::Sign(const TreeHead& head) const {
  SignedTreeHead sth{.head = head};
  std::string message = TreeHeadSigningInput(head);
  crypto_sign_detached(sth.signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_key_.data());
  return sth;
}

Result<PublicKey> LoadPublicKey(const fs::path& keys_dir) {
  fs::path path = NodeKey::PublicKeyPath(keys_dir);
  QCCM_TRY(text, ReadSmallFile(path));
  auto key = ParsePublicKey(text);
  if (!key) return std::unexpected(std::move(key).error().At(ErrorPlace{.file = path.string()}));
  return key;
}

}  // namespace qccm::oversight
