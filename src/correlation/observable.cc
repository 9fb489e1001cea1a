// Observable types, their STIX sources, and the Normalize dispatch with the simple normalisers
// (hashes, fuzzy hashes, e-mail, free-text identifiers).
#include "qccm/correlation/observable.h"

#include <cstdio>

#include "correlation/observable_internal.h"

namespace qccm::correlation {
namespace {

struct TypeInfo {
  std::string_view name;
  StixSource source;
};

constexpr std::array<TypeInfo, kObservableTypeCount> kTypes = {{
    {"ipv4", {"ipv4-addr", "value"}},
    {"ipv6", {"ipv6-addr", "value"}},
    {"ipv4_cidr", {"ipv4-addr", "value"}},
    {"ipv6_cidr", {"ipv6-addr", "value"}},
    {"domain", {"domain-name", "value"}},
    {"url", {"url", "value"}},
    {"email", {"email-addr", "value"}},
    {"md5", {"file", "hashes.MD5"}},
    {"sha1", {"file", "hashes.'SHA-1'"}},
    {"sha256", {"file", "hashes.'SHA-256'"}},
    {"sha512", {"file", "hashes.'SHA-512'"}},
    {"ssdeep", {"file", "hashes.SSDEEP"}},
    {"tlsh", {"file", "hashes.TLSH"}},
    {"phone", {"", ""}},
    {"user_account", {"user-account", "user_id"}},
    {"wallet", {"", ""}},
    {"mutex", {"mutex", "name"}},
}};

Status Fail(std::string message) {
  return std::unexpected(Error{ErrorCode::kInvalidInput, std::move(message), {}});
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
char UpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

Status NormalizeHexHash(ObservableType type, std::string_view raw, std::string& out) {
  std::size_t want = type == ObservableType::kMd5      ? 32
                     : type == ObservableType::kSha1   ? 40
                     : type == ObservableType::kSha256 ? 64
                                                       : 128;
  if (raw.size() != want) {
    return Fail(std::string(ObservableTypeName(type)) + " must be " + std::to_string(want) +
                " hex digits, got " + std::to_string(raw.size()) + " characters");
  }
  out.resize(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!IsHex(raw[i])) {
      return Fail(std::string(ObservableTypeName(type)) + " has a non-hex character at offset " +
                  std::to_string(i));
    }
    out[i] = LowerAscii(raw[i]);
  }
  return Ok();
}

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

Status NormalizeSsdeep(std::string_view raw, std::string& out) {
  std::size_t first = raw.find(':');
  std::size_t second = first == std::string_view::npos ? first : raw.find(':', first + 1);
  bool ok = first != std::string_view::npos && second != std::string_view::npos && first > 0 &&
            second > first + 1 && second + 1 < raw.size() && raw.size() <= 256;
  for (std::size_t i = 0; ok && i < raw.size(); ++i) {
    char c = raw[i];
    if (i < first) {
      ok = c >= '0' && c <= '9';
    } else if (i != first && i != second) {
      ok = IsBase64Char(c);
    }
  }
  if (!ok) return Fail("ssdeep must be 'blocksize:hash:hash' (digits, then base64 characters)");
  out.assign(raw);
  return Ok();
}

Status NormalizeTlsh(std::string_view raw, std::string& out) {
  std::string_view digits = raw;
  bool versioned = raw.size() >= 2 && UpperAscii(raw[0]) == 'T' && raw[1] == '1';
  if (versioned) digits = raw.substr(2);
  bool ok = versioned ? digits.size() == 70 : (digits.size() == 70 || digits.size() == 72);
  for (char c : digits) ok = ok && IsHex(c);
  if (!ok) return Fail("tlsh must be 'T1' followed by 70 hex digits");
  out.resize(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) out[i] = UpperAscii(raw[i]);
  return Ok();
}

Status NormalizeText(ObservableType type, std::string_view raw, std::string& out) {
  if (raw.size() > 1024) {
    return Fail(std::string(ObservableTypeName(type)) + " is longer than 1024 bytes");
  }
  if (!IsValidUtf8(raw)) return Fail(std::string(ObservableTypeName(type)) + " is not UTF-8");
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return Fail(std::string(ObservableTypeName(type)) + " contains a control character");
    }
  }
  out.assign(raw);
  return Ok();
}

Status NormalizeEmail(std::string_view raw, std::string& out) {
  std::size_t at = raw.rfind('@');
  if (at == std::string_view::npos)
    return Fail("e-mail address " + QuoteForMessage(raw) + " has no '@'");
  std::string_view local = raw.substr(0, at);
  if (local.empty() || local.size() > 64) {
    return Fail("e-mail local part must be 1-64 bytes in " + QuoteForMessage(raw));
  }
  for (char c : local) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>') {
      return Fail("e-mail address " + QuoteForMessage(raw) +
                  " must be a bare address (no spaces, display names or angle brackets)");
    }
  }
  if (!IsValidUtf8(local)) return Fail("e-mail local part is not UTF-8");
  out.assign(local);
  out += '@';
  std::string error;
  if (!NormalizeDomainAppend(raw.substr(at + 1), out, &error)) {
    return Fail("e-mail domain: " + error);
  }
  return Ok();
}

}  // namespace

std::string_view ObservableTypeName(ObservableType type) {
  return kTypes[static_cast<std::size_t>(type)].name;
}

std::optional<ObservableType> ParseObservableType(std::string_view name) {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i].name == name) return static_cast<ObservableType>(i);
  }
  return std::nullopt;
}

StixSource StixSourceOf(ObservableType type) {
  return kTypes[static_cast<std::size_t>(type)].source;
}

std::optional<ObservableType> HashTypeOf(std::string_view algorithm) {
  std::string key;
  for (char c : algorithm) {
    if (c != '-' && c != '_') key += UpperAscii(c);
  }
  if (key == "MD5") return ObservableType::kMd5;
  if (key == "SHA1") return ObservableType::kSha1;
  if (key == "SHA256") return ObservableType::kSha256;
  if (key == "SHA512") return ObservableType::kSha512;
  if (key == "SSDEEP") return ObservableType::kSsdeep;
  if (key == "TLSH") return ObservableType::kTlsh;
  return std::nullopt;
}

std::string_view TrimAscii(std::string_view text) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0, n = text.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1FU;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0FU;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07U;
    } else {
      return false;
    }
    if (i + extra >= n) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3FU);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

std::string QuoteForMessage(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 64)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  if (text.size() > 64) out += "...";
  return out + "'";
}

Status NormalizeInto(ObservableType& type, std::string_view raw, std::string& out,
                     const NormalizeOptions& options) {
  raw = TrimAscii(raw);
  out.clear();
  if (raw.empty()) return Fail(std::string(ObservableTypeName(type)) + " value is empty");
  std::string error;
  switch (type) {
    case ObservableType::kIpv4:
    case ObservableType::kIpv4Cidr:
    case ObservableType::kIpv6:
    case ObservableType::kIpv6Cidr: {
      bool v6 = type == ObservableType::kIpv6 || type == ObservableType::kIpv6Cidr;
      IpPrefix prefix;
      if (!ParseIpInto(raw, v6, prefix, &error)) return Fail(std::move(error));
      AppendIpPrefix(prefix, out);
      bool single = prefix.length == prefix.max_length();
      type = v6 ? (single ? ObservableType::kIpv6 : ObservableType::kIpv6Cidr)
                : (single ? ObservableType::kIpv4 : ObservableType::kIpv4Cidr);
      return Ok();
    }
    case ObservableType::kDomain:
      if (!NormalizeDomainAppend(raw, out, &error)) return Fail(std::move(error));
      return Ok();
    case ObservableType::kUrl:
      if (!NormalizeUrlInto(raw, out, &error)) return Fail(std::move(error));
      return Ok();
    case ObservableType::kEmail:
      return NormalizeEmail(raw, out);
    case ObservableType::kMd5:
    case ObservableType::kSha1:
    case ObservableType::kSha256:
    case ObservableType::kSha512:
      return NormalizeHexHash(type, raw, out);
    case ObservableType::kSsdeep:
      return NormalizeSsdeep(raw, out);
    case ObservableType::kTlsh:
      return NormalizeTlsh(raw, out);
    case ObservableType::kPhone:
      if (!NormalizePhoneInto(raw, options, out, &error)) return Fail(std::move(error));
      return Ok();
    case ObservableType::kUserAccount:
    case ObservableType::kWallet:
    case ObservableType::kMutex:
      return NormalizeText(type, raw, out);
  }
  return Fail("unknown observable type");
}

Result<Observable> Normalize(ObservableType type, std::string_view raw,
                             const NormalizeOptions& options) {
  Observable observable;
  observable.type = type;
  QCCM_TRY_STATUS(NormalizeInto(observable.type, raw, observable.value, options));
  return observable;
}

}  // namespace qccm::correlation
