// Observable values for demo indicators and SCOs (documentation address ranges and reserved
// domains only), the STIX patterns built from them, and the SCOs with deterministic ids.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "demo/json_writer.h"
#include "demo/random.h"

namespace qccm::demo {

enum class ObservableKind : std::uint8_t { kIpv4, kIpv6, kDomain, kUrl, kEmail, kFile };

struct Observable {
  ObservableKind kind = ObservableKind::kIpv4;
  std::string value;              // address, domain name, URL or e-mail address; a file's name
  std::string md5, sha1, sha256;  // files only (random hex: matches no real file)
};

// A new observable of `kind`. IPv4 addresses come from 192.0.2.0/24, 198.51.100.0/24 and
// 203.0.113.0/24 (RFC 5737), IPv6 from 2001:db8::/32 (RFC 3849), host names end in
// example.com/.net/.org, .test, .example or .invalid (RFC 2606, RFC 6761).
Observable MakeObservable(Rng& rng, ObservableKind kind);

// The STIX type of the SCO that holds an observable ("ipv4-addr", "file", ...).
std::string_view ScoType(ObservableKind kind);

// The SCO's id: a UUIDv5 over its ID contributing properties (STIX 2.1 §2.9), so the same
// observable always has the same id, whoever reports it.
std::string ScoId(const Observable& observable);

// Writes the SCO's own properties (value, or a file's hashes and name) into `sco`.
void WriteScoProperties(JsonObject& sco, const Observable& observable);

// The shapes of indicator patterns, each with the observable kinds it needs.
enum class PatternForm : std::uint8_t {
  kIpv4,
  kIpv6,
  kDomain,
  kUrl,
  kEmail,
  kFileMd5,
  kFileSha1,
  kFileSha256,
  kFileHashesOr,     // [file:hashes.MD5 = '..' OR file:hashes.'SHA-256' = '..']
  kFileHashAndName,  // [file:hashes.'SHA-256' = '..' AND file:name = '..']
  kDomainThenUrl,    // ([domain-name:..] FOLLOWEDBY [url:..]) WITHIN n SECONDS
  kDomainAndIpv4,    // [domain-name:..] AND [ipv4-addr:..]
  kIpv4OrIpv6,       // [ipv4-addr:.. OR ipv6-addr:..]
  kNetworkTraffic,   // [network-traffic:dst_ref.type = 'ipv4-addr' AND ... dst_port = n]
  kEmailMessage,     // [email-message:from_ref.value = '..' AND email-message:subject = '..']
  kIpv4Subnet,       // [ipv4-addr:value ISSUBSET '198.51.100.16/28']
  kUrlRepeats,       // [url:value = '..'] REPEATS n TIMES WITHIN m SECONDS
  kCount,
};

// Picks a form with realistic weights (single observables dominate).
PatternForm PickPatternForm(Rng& rng);

// The observable kinds a form needs, in order (one or two).
std::span<const ObservableKind> FormKinds(PatternForm form);

struct IndicatorPattern {
  std::string pattern;     // STIX 2.1 pattern text
  std::string name;        // e.g. "C2 address 198.51.100.7"
  std::string_view label;  // a topic label
};

// Builds the pattern of `form` over `observables` (as many as FormKinds says).
IndicatorPattern BuildPattern(Rng& rng, PatternForm form,
                              std::span<const Observable* const> observables);

}  // namespace qccm::demo
