// TAXII 2.1 content negotiation (§1.6.8): the Accept header of every request and the
// Content-Type of request bodies.
#pragma once

#include <string_view>

#include "http/request.h"
#include "qccm/core/result.h"

namespace qccm::http::taxii {

// The media types this server speaks.
inline constexpr std::string_view kTaxiiMediaType = "application/taxii+json";
inline constexpr std::string_view kTaxiiVersion = "2.1";

// True if a response of type application/taxii+json;version=2.1 is acceptable to a client
// that sent `accept` (the header value; empty when absent). Acceptable: no header, */*,
// application/*, application/taxii+json without a version (TAXII §1.6.8.1: the latest) or
// with version=2.1, unless given q=0. Parameters other than version and q are ignored.
bool AcceptsTaxii21(std::string_view accept);

// Fails with kUnsupported (406 in the Accept context) when the request's Accept header rules
// out application/taxii+json;version=2.1.
Status CheckAccept(const Request& request);

// Fails with kUnsupported (415 in the Content-Type context) unless the request's Content-Type
// is application/taxii+json;version=2.1 (or application/taxii+json without a version, which
// means the latest: 2.1). Case and spaces around ';' do not matter; a charset is tolerated.
Status CheckContentType(const Request& request);

}  // namespace qccm::http::taxii
