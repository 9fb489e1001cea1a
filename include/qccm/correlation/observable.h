// Observables normalised once: the canonical form of every value QCCM correlates and matches
// (addresses, ranges, domains, URLs, e-mail addresses, hashes, phone numbers, accounts, wallets,
// mutexes), type detection for bare values, and where each type comes from in STIX.
//
// Canonical forms (the contract every index and comparison relies on):
//   ipv4       dotted quad, decimal, no leading zeros. "010.1.1.1" is REJECTED: inet_aton reads
//              it as octal (8.1.1.1), other tools as decimal; guessing would match the wrong host.
//   ipv6       RFC 5952 text (lower case, longest zero run as "::", first on a tie, a single zero
//              field not compressed, IPv4-mapped shown as ::ffff:a.b.c.d). Zone ids
//              ("fe80::1%eth0") are REJECTED: a zone is local to one host and never shared.
//   ipv4_cidr  "a.b.c.d/n" with host bits zeroed ("10.1.2.3/8" -> "10.0.0.0/8"); a /32 becomes
//   ipv6_cidr  the address itself (type ipv4), /128 likewise (type ipv6). Prefix lengths are
//              decimal without leading zeros.
//   domain     lower case, one trailing dot stripped, U-labels converted to A-labels with
//              libidn2 (IDNA2008 with UTS #46 non-transitional processing: "faß.de" stays
//              "xn--fa-hia.de", not "fass.de"); existing xn-- labels are checked by decoding.
//              Labels 1-63 bytes of a-z 0-9 '-' '_', at most 253 bytes in all.
//   url        RFC 3986 §6 normalisation with Boost.URL: scheme and host lower case, host
//              normalised as a domain (or address), default port removed (http 80, https 443,
//              ftp 21, ws 80, wss 443), percent-encoding normalised (upper-case hex, unreserved
//              characters decoded), dot segments removed, an empty http(s) path becomes "/".
//              Non-ASCII characters (IRIs) are percent-encoded as UTF-8 first. Only absolute
//              URLs (with a scheme) are accepted. The fragment is kept.
//   email      "local@domain": the local part kept as written (it is case-sensitive, RFC 5321),
//              the domain normalised as a domain. Display names ("Bob <b@x>") are rejected.
//   md5 sha1   lower-case hex of exactly 32 / 40 / 64 / 128 digits.
//   sha256 sha512
//   ssdeep     kept as text: "blocksize:hash:hash" (base64 alphabet), trimmed.
//   tlsh       kept as text: "T1" + 70 hex digits, upper case (a bare 70/72-digit digest is
//              accepted and kept as given, upper-cased).
//   phone      E.164 ("+31201234567") via libphonenumber. A number without a country code is
//              an error unless NormalizeOptions::default_region is given. Letters (vanity
//              numbers) are rejected, and so is a number whose E.164 text reads differently.
//   user_account, wallet, mutex: trimmed text (valid UTF-8, no control characters, 1-1024
//              bytes), otherwise kept as written (case matters: Windows mutex names and wallet
//              addresses are case-sensitive).
// Every type: surrounding ASCII white space is trimmed; empty values, invalid UTF-8 and control
// characters are rejected with kInvalidInput saying what is wrong.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qccm/core/result.h"

namespace qccm::correlation {

enum class ObservableType : std::uint8_t {
  kIpv4,
  kIpv6,
  kIpv4Cidr,
  kIpv6Cidr,
  kDomain,
  kUrl,
  kEmail,
  kMd5,
  kSha1,
  kSha256,
  kSha512,
  kSsdeep,
  kTlsh,
  kPhone,
  kUserAccount,
  kWallet,
  kMutex,
};
inline constexpr std::size_t kObservableTypeCount = 17;

// "ipv4", "ipv6", "ipv4_cidr", "ipv6_cidr", "domain", "url", "email", "md5", "sha1", "sha256",
// "sha512", "ssdeep", "tlsh", "phone", "user_account", "wallet", "mutex".
std::string_view ObservableTypeName(ObservableType type);
// The inverse of ObservableTypeName; std::nullopt for an unknown name.
std::optional<ObservableType> ParseObservableType(std::string_view name);

// A normalised value. `value` is always canonical for `type` (see the top of this file).
struct Observable {
  ObservableType type = ObservableType::kDomain;
  std::string value;
  bool operator==(const Observable&) const = default;
};

// Where a type is found in STIX 2.1: the SCO type and property of its primary source.
// phone and wallet have no STIX 2.1 SCO (object_type is empty): they come from bare values only.
struct StixSource {
  std::string_view object_type;  // "ipv4-addr", "file", ...
  std::string_view property;     // "value", "hashes.'SHA-256'", "name", "user_id", ...
};
StixSource StixSourceOf(ObservableType type);

// The hash algorithm name of the STIX hashing-algorithm-ov vocabulary ("MD5", "SHA-1",
// "SHA-256", "SHA-512", "SSDEEP", "TLSH") to its type, case-insensitively and with or without
// the hyphen ("sha256", "Sha-256"); std::nullopt for other algorithms (SHA3-256, ...).
std::optional<ObservableType> HashTypeOf(std::string_view algorithm);

struct NormalizeOptions {
  // ISO 3166-1 alpha-2 region ("NL") for phone numbers written without a country code.
  std::string default_region;
};

// Normalises `raw` as `type`. For kIpv4/kIpv4Cidr (and the IPv6 pair) either spelling is
// accepted and the result's type says what it is: "10.0.0.0/8" is ipv4_cidr, "1.2.3.4/32" is
// ipv4. Fails with kInvalidInput whose message says what is wrong ("leading zero in IPv4
// octet '010'", "IPv6 zone id not allowed", "md5 must be 32 hex digits, got 31", ...).
// Thread-safe.
Result<Observable> Normalize(ObservableType type, std::string_view raw,
                             const NormalizeOptions& options = {});

// As Normalize, writing the canonical value into `out` (its capacity is reused: the hot path of
// the matcher calls this per input line without allocating) and the resulting type into
// `type`. On failure `out` is unspecified. Thread-safe.
Status NormalizeInto(ObservableType& type, std::string_view raw, std::string& out,
                     const NormalizeOptions& options = {});

// Guesses the type of a bare value (one per line input), after trimming: "://" url, hex of
// 32/40/64/128 digits a hash, "T1"+70 hex tlsh, "n:b64:b64" ssdeep, digits and dots ipv4
// (or ipv4_cidr with "/n"), hex and colons ipv6, "+digits" phone, an '@' email, bitcoin
// (1.., 3.., bc1..) and ethereum (0x + 40 hex) addresses wallet, a dotted name domain.
// Returns std::nullopt when nothing fits (mutexes and user accounts are never guessed).
// The guess only picks the type: the value may still fail Normalize. Thread-safe.
std::optional<ObservableType> DetectType(std::string_view raw);

// The hot path of one-value-per-line input: the type DetectType(raw) returns, and whether
// `raw` is already the canonical value of that type (NormalizeInto would succeed and return it
// unchanged, with the same type), decided in one pass over the bytes without allocating for
// the common shapes (dotted quads, lower-case hex hashes, lower-case ASCII domains, canonical
// http(s) URLs). canonical == false means "maybe not": call NormalizeInto. Thread-safe.
struct DetectedValue {
  std::optional<ObservableType> type;
  bool canonical = false;
};
DetectedValue DetectCanonical(std::string_view raw);

// Trims ASCII white space (space, tab, CR, LF, FF, VT) at both ends.
std::string_view TrimAscii(std::string_view text);

}  // namespace qccm::correlation
