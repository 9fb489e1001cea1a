// Helpers shared by the normalisers of src/correlation/ (not part of the public contract).
#pragma once

#include <string>
#include <string_view>

#include "qccm/core/result.h"
#include "qccm/correlation/observable.h"
#include "qccm/correlation/observable_ip.h"

namespace qccm::correlation {

// Parses an IPv4 (want_v6 false) or IPv6 address with an optional "/n"; host bits zeroed.
bool ParseIpInto(std::string_view text, bool want_v6, IpPrefix& prefix, std::string* error);
// Appends the canonical text of `prefix` to `out`.
void AppendIpPrefix(const IpPrefix& prefix, std::string& out);

// Appends the canonical domain to `out` (see observable.h). Returns false and sets *error.
bool NormalizeDomainAppend(std::string_view raw, std::string& out, std::string* error);
// True if the URL is certainly canonical already (the fast path of NormalizeUrlInto).
bool UrlIsCanonicalFast(std::string_view raw);
bool NormalizeUrlInto(std::string_view raw, std::string& out, std::string* error);
bool NormalizePhoneInto(std::string_view raw, const NormalizeOptions& options, std::string& out,
                        std::string* error);

// True if `text` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view text);

// `text` in single quotes for a message: at most 64 bytes, control and non-ASCII bytes as \xNN.
std::string QuoteForMessage(std::string_view text);

}  // namespace qccm::correlation
