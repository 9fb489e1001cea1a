// STIX identifier checks and random UUIDs (libsodium's CSPRNG).
#include "qccm/core/stix_id.h"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "qccm/core/check.h"

namespace qccm {
namespace {

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool IsValidStixType(std::string_view type) {
  if (type.size() < 3 || type.size() > 250) return false;
  if (type.front() < 'a' || type.front() > 'z') return false;
  if (type.back() == '-') return false;
  char previous = 0;
  for (char c : type) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

bool IsValidUuid(std::string_view uuid) {
  if (uuid.size() != 36) return false;
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (uuid[i] != '-') return false;
    } else if (!IsHex(uuid[i])) {
      return false;
    }
  }
  char version = uuid[14];
  char variant = uuid[19];
  bool version_ok = version >= '1' && version <= '5';
  bool variant_ok = variant == '8' || variant == '9' || variant == 'a' || variant == 'b' ||
                    variant == 'A' || variant == 'B';
  return version_ok && variant_ok;
}

Result<StixIdParts> ParseStixId(std::string_view id) {
  std::size_t sep = id.find("--");
  if (sep == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidInput, "identifier '" + std::string(id.substr(0, 80)) +
                                                   "' is not of the form type--uuid");
  }
  // The type itself may not contain "--", so the first "--" is the separator.
  std::string_view type = id.substr(0, sep);
  std::string_view uuid = id.substr(sep + 2);
  if (!IsValidStixType(type)) {
    return MakeError(ErrorCode::kInvalidInput, "identifier '" + std::string(id.substr(0, 80)) +
                                                   "' has an invalid type part '" +
                                                   std::string(type.substr(0, 80)) + "'");
  }
  if (!IsValidUuid(uuid)) {
    return MakeError(ErrorCode::kInvalidInput,
                     "identifier '" + std::string(id.substr(0, 80)) +
                         "' has an invalid UUID part (expected an RFC 4122 UUID, version 1-5)");
  }
  return StixIdParts{type, uuid};
}

std::string_view StixIdType(std::string_view id) {
  std::size_t sep = id.find("--");
  return sep == std::string_view::npos ? std::string_view{} : id.substr(0, sep);
}

std::string NewUuidV4() {
  static const int init = sodium_init();
  QCCM_CHECK(init >= 0);
  std::array<std::uint8_t, 16> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0f];
  }
  return out;
}

std::string NewStixId(std::string_view type) {
  std::string id(type);
  id += "--";
  id += NewUuidV4();
  return id;
}

}  // namespace qccm
