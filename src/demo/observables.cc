// Observable values, patterns and SCOs for the demo generator. BuildPattern is one long switch,
// past the 40-line cap on purpose: one case per pattern form reads as the catalogue of forms.
#include "demo/observables.h"

#include <openssl/evp.h>

#include <array>
#include <charconv>

#include "demo/json_writer.h"
#include "demo/vocabulary.h"
#include "qccm/core/check.h"

namespace qccm::demo {
namespace {

constexpr std::array<std::string_view, 3> kIpv4Networks = {"192.0.2.", "198.51.100.", "203.0.113."};

void AppendNumber(std::string& out, std::uint64_t value, int base = 10) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value, base);
  out.append(digits, end);
}

std::string MakeDomain(Rng& rng) {
  std::string domain;
  if (rng.Percent(20)) {
    domain.append(rng.Pick(words::kWebWords));
    domain.push_back('.');
  }
  domain.append(rng.Pick(words::kWebWords));
  domain.push_back('-');
  domain.append(rng.Pick(words::kNouns));
  if (rng.Percent(70)) AppendNumber(domain, rng.Below(1000));
  domain.push_back('.');
  domain.append(rng.Pick(words::kReservedSuffixes));
  return domain;
}

// The SCO id namespace of STIX 2.1 §2.9.
constexpr std::array<unsigned char, 16> kScoNamespace = {
    0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c, 0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};

// RFC 4122 version 5 UUID of `name` in the SCO namespace.
std::string UuidV5(std::string_view name) {
  std::string input(reinterpret_cast<const char*>(kScoNamespace.data()), kScoNamespace.size());
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  int ok = EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr);
  QCCM_CHECK_MSG(ok == 1 && length >= 16, "SHA-1 is available in OpenSSL");
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string uuid;
  uuid.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid.push_back('-');
    uuid.push_back(kHex[digest[i] >> 4]);
    uuid.push_back(kHex[digest[i] & 0xf]);
  }
  return uuid;
}

// The ID contributing properties as RFC 8785 canonical JSON. The generated values are plain
// ASCII without characters that need escaping, so canonical form is keys in order, no spaces.
std::string ContributingJson(const Observable& o) {
  std::string json;
  if (o.kind == ObservableKind::kFile) {
    json = "{\"hashes\":{\"SHA-256\":";
    AppendJsonString(json, o.sha256);
    json += "},\"name\":";
    AppendJsonString(json, o.value);
    json += "}";
  } else {
    json = "{\"value\":";
    AppendJsonString(json, o.value);
    json += "}";
  }
  return json;
}

constexpr std::array<unsigned, static_cast<std::size_t>(PatternForm::kCount)> kFormWeights = {
    13, 7, 17, 13, 6, 4, 4, 12, 4, 3, 3, 3, 2, 3, 2, 2, 2};

constexpr ObservableKind kIp4 = ObservableKind::kIpv4, kIp6 = ObservableKind::kIpv6,
                         kDom = ObservableKind::kDomain, kUrl = ObservableKind::kUrl,
                         kMail = ObservableKind::kEmail, kFile = ObservableKind::kFile;

struct FormShape {
  std::array<ObservableKind, 2> kinds;
  std::size_t count;
};

constexpr std::array<FormShape, static_cast<std::size_t>(PatternForm::kCount)> kShapes = {{
    {{kIp4, kIp4}, 1},
    {{kIp6, kIp6}, 1},
    {{kDom, kDom}, 1},
    {{kUrl, kUrl}, 1},
    {{kMail, kMail}, 1},
    {{kFile, kFile}, 1},
    {{kFile, kFile}, 1},
    {{kFile, kFile}, 1},
    {{kFile, kFile}, 1},
    {{kFile, kFile}, 1},
    {{kDom, kUrl}, 2},
    {{kDom, kIp4}, 2},
    {{kIp4, kIp6}, 2},
    {{kIp4, kIp4}, 1},
    {{kMail, kMail}, 1},
    {{kIp4, kIp4}, 1},
    {{kUrl, kUrl}, 1},
}};

// `[type:path = 'value']` pieces; values never contain quotes or backslashes.
std::string Compare(std::string_view path, std::string_view value) {
  std::string text(path);
  text += " = '";
  text += value;
  text += "'";
  return text;
}

std::string ShortHash(std::string_view hash) { return std::string(hash.substr(0, 12)); }

}  // namespace

Observable MakeObservable(Rng& rng, ObservableKind kind) {
  Observable o;
  o.kind = kind;
  switch (kind) {
    case ObservableKind::kIpv4:
      o.value = rng.Pick(kIpv4Networks);
      AppendNumber(o.value, 1 + rng.Below(254));
      break;
    case ObservableKind::kIpv6:
      // RFC 5952 canonical text: lower case, no leading zeros, "::" for the zero run.
      o.value = "2001:db8:";
      AppendNumber(o.value, 1 + rng.Below(0xffff), 16);
      o.value.push_back(':');
      AppendNumber(o.value, 1 + rng.Below(0xffff), 16);
      o.value.append("::");
      AppendNumber(o.value, 1 + rng.Below(0xffff), 16);
      break;
    case ObservableKind::kDomain:
      o.value = MakeDomain(rng);
      break;
    case ObservableKind::kUrl:
      o.value = rng.Percent(80) ? "https://" : "http://";
      o.value += MakeDomain(rng);
      o.value.push_back('/');
      o.value.append(rng.Pick(words::kUrlPaths));
      if (rng.Percent(25)) {
        o.value.append("?id=");
        AppendNumber(o.value, rng.Below(100000));
      }
      break;
    case ObservableKind::kEmail:
      o.value = rng.Pick(words::kMailboxes);
      if (rng.Percent(50)) AppendNumber(o.value, rng.Below(100));
      o.value.push_back('@');
      o.value += MakeDomain(rng);
      break;
    case ObservableKind::kFile:
      o.value = rng.Pick(words::kFileStems);
      o.value.push_back('_');
      AppendNumber(o.value, rng.Below(10000));
      o.value.push_back('.');
      o.value.append(rng.Pick(words::kFileExtensions));
      rng.AppendHex(o.md5, 32);
      rng.AppendHex(o.sha1, 40);
      rng.AppendHex(o.sha256, 64);
      break;
  }
  return o;
}

std::string_view ScoType(ObservableKind kind) {
  switch (kind) {
    case ObservableKind::kIpv4:
      return "ipv4-addr";
    case ObservableKind::kIpv6:
      return "ipv6-addr";
    case ObservableKind::kDomain:
      return "domain-name";
    case ObservableKind::kUrl:
      return "url";
    case ObservableKind::kEmail:
      return "email-addr";
    case ObservableKind::kFile:
      return "file";
  }
  return "file";
}

std::string ScoId(const Observable& observable) {
  std::string id(ScoType(observable.kind));
  id += "--";
  id += UuidV5(ContributingJson(observable));
  return id;
}

void WriteScoProperties(JsonObject& sco, const Observable& o) {
  if (o.kind == ObservableKind::kFile) {
    JsonObject hashes(sco.Key("hashes"));
    hashes.Str("SHA-256", o.sha256);
    hashes.Close();
    sco.Str("name", o.value);
  } else {
    sco.Str("value", o.value);
  }
}

PatternForm PickPatternForm(Rng& rng) {
  return static_cast<PatternForm>(rng.Weighted(kFormWeights));
}

std::span<const ObservableKind> FormKinds(PatternForm form) {
  const FormShape& shape = kShapes[static_cast<std::size_t>(form)];
  return std::span<const ObservableKind>(shape.kinds.data(), shape.count);
}

IndicatorPattern BuildPattern(Rng& rng, PatternForm form,
                              std::span<const Observable* const> observables) {
  QCCM_CHECK(observables.size() == FormKinds(form).size());
  const Observable& a = *observables[0];
  const Observable& b = *observables[observables.size() - 1];
  IndicatorPattern p;
  switch (form) {
    case PatternForm::kIpv4:
    case PatternForm::kIpv6: {
      bool c2 = rng.Percent(70);
      std::string_view type = form == PatternForm::kIpv4 ? "ipv4-addr" : "ipv6-addr";
      p.pattern = "[" + Compare(std::string(type) + ":value", a.value) + "]";
      p.name = (c2 ? "C2 address " : "Attack source address ") + a.value;
      p.label = c2 ? "c2" : "ddos";
      break;
    }
    case PatternForm::kDomain: {
      std::size_t variant = rng.Index(3);
      p.pattern = "[" + Compare("domain-name:value", a.value) + "]";
      static constexpr std::array<std::string_view, 3> kNames = {"Phishing domain ", "C2 domain ",
                                                                 "Propaganda mirror domain "};
      static constexpr std::array<std::string_view, 3> kLabels = {"phishing", "c2",
                                                                  "online-propaganda"};
      p.name = std::string(kNames[variant]) + a.value;
      p.label = kLabels[variant];
      break;
    }
    case PatternForm::kUrl: {
      std::size_t variant = rng.Index(3);
      p.pattern = "[" + Compare("url:value", a.value) + "]";
      static constexpr std::array<std::string_view, 3> kNames = {
          "Malware download URL ", "Phishing page ", "Fraudulent fundraising page "};
      static constexpr std::array<std::string_view, 3> kLabels = {
          "malware-delivery", "credential-theft", "terrorist-financing"};
      p.name = std::string(kNames[variant]) + a.value;
      p.label = kLabels[variant];
      break;
    }
    case PatternForm::kEmail: {
      bool recruiting = rng.Percent(40);
      p.pattern = "[" + Compare("email-addr:value", a.value) + "]";
      p.name = (recruiting ? "Recruitment contact address " : "Phishing sender ") + a.value;
      p.label = recruiting ? "recruitment-channel" : "phishing";
      break;
    }
    case PatternForm::kFileMd5:
      p.pattern = "[" + Compare("file:hashes.MD5", a.md5) + "]";
      p.name = "Malicious file MD5 " + ShortHash(a.md5);
      p.label = "malware-delivery";
      break;
    case PatternForm::kFileSha1:
      p.pattern = "[" + Compare("file:hashes.'SHA-1'", a.sha1) + "]";
      p.name = "Malicious file SHA-1 " + ShortHash(a.sha1);
      p.label = "malware-delivery";
      break;
    case PatternForm::kFileSha256:
      p.pattern = "[" + Compare("file:hashes.'SHA-256'", a.sha256) + "]";
      p.name = "Malicious file SHA-256 " + ShortHash(a.sha256);
      p.label = "malware-delivery";
      break;
    case PatternForm::kFileHashesOr:
      p.pattern = "[" + Compare("file:hashes.MD5", a.md5) + " OR " +
                  Compare("file:hashes.'SHA-256'", a.sha256) + "]";
      p.name = "Dropper " + a.value + " (MD5 or SHA-256)";
      p.label = "malware-delivery";
      break;
    case PatternForm::kFileHashAndName:
      p.pattern = "[" + Compare("file:hashes.'SHA-256'", a.sha256) + " AND " +
                  Compare("file:name", a.value) + "]";
      p.name = "Loader " + a.value + " " + ShortHash(a.sha256);
      p.label = "malware-delivery";
      break;
    case PatternForm::kDomainThenUrl:
      p.pattern = "([" + Compare("domain-name:value", a.value) + "] FOLLOWEDBY [" +
                  Compare("url:value", b.value) + "]) WITHIN " +
                  std::to_string(60 * (1 + rng.Below(30))) + " SECONDS";
      p.name = "Lookup of " + a.value + " followed by download";
      p.label = "malware-delivery";
      break;
    case PatternForm::kDomainAndIpv4:
      p.pattern = "[" + Compare("domain-name:value", a.value) + "] AND [" +
                  Compare("ipv4-addr:value", b.value) + "]";
      p.name = "C2 infrastructure " + a.value + " / " + b.value;
      p.label = "c2";
      break;
    case PatternForm::kIpv4OrIpv6:
      p.pattern = "[" + Compare("ipv4-addr:value", a.value) + " OR " +
                  Compare("ipv6-addr:value", b.value) + "]";
      p.name = "Dual-stack C2 " + a.value + " / " + b.value;
      p.label = "c2";
      break;
    case PatternForm::kNetworkTraffic: {
      static constexpr std::array<int, 5> kPorts = {443, 8443, 4444, 8080, 53};
      p.pattern = "[network-traffic:dst_ref.type = 'ipv4-addr' AND " +
                  Compare("network-traffic:dst_ref.value", a.value) +
                  " AND network-traffic:dst_port = " + std::to_string(rng.Pick(kPorts)) + "]";
      p.name = "Beaconing to " + a.value;
      p.label = "c2";
      break;
    }
    case PatternForm::kEmailMessage:
      p.pattern = "[" + Compare("email-message:from_ref.value", a.value) + " AND " +
                  Compare("email-message:subject", rng.Pick(words::kMailSubjects)) + "]";
      p.name = "Phishing campaign mail from " + a.value;
      p.label = "phishing";
      break;
    case PatternForm::kIpv4Subnet: {
      // The /28 around the address (still inside its documentation /24).
      std::size_t dot = a.value.rfind('.');
      int host = std::stoi(a.value.substr(dot + 1));
      std::string network = a.value.substr(0, dot + 1) + std::to_string(host & ~15) + "/28";
      p.pattern = "[ipv4-addr:value ISSUBSET '" + network + "']";
      p.name = "Hosting range " + network;
      p.label = "ddos";
      break;
    }
    case PatternForm::kUrlRepeats:
      p.pattern = "[" + Compare("url:value", a.value) + "] REPEATS " +
                  std::to_string(3 + rng.Below(8)) + " TIMES WITHIN 3600 SECONDS";
      p.name = "Repeated polling of " + a.value;
      p.label = "c2";
      break;
    case PatternForm::kCount:
      QCCM_CHECK_MSG(false, "kCount is not a form");
  }
  return p;
}

}  // namespace qccm::demo
