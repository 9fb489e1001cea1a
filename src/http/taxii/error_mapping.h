// The one place that maps a qccm::Error to an HTTP status and a TAXII 2.1 error resource
// (§3.6.1). Handlers return Errors; they never pick status codes themselves.
#pragma once

#include <cstdint>
#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "qccm/core/result.h"

namespace qccm::http::taxii {

// What part of the request an error is about, where the code alone does not say which 4xx
// applies: kUnsupported is 406 for the Accept header, 415 for the Content-Type and 422 for a
// body that is well-formed JSON but not something the endpoint can process.
enum class ErrorContext : std::uint8_t { kGeneral, kAcceptHeader, kContentType, kRequestBody };

// The HTTP status for an error. 4xx for the client's mistakes, 500 for storage/internal
// failures, 503 when unavailable.
int HttpStatusFor(const Error& error, ErrorContext context = ErrorContext::kGeneral);

// The TAXII error resource response (Content-Type application/taxii+json;version=2.1) for an
// error: title, description (the error's place and message, or for 5xx a generic text: the
// details go to the log with the request id, never to the client), error_code (the
// ErrorCodeName), error_id (the request id) and http_status. A 401 carries WWW-Authenticate.
Response ErrorResponse(const Request& request, const Error& error,
                       ErrorContext context = ErrorContext::kGeneral);

// The error resource for errors the server and router produce themselves (404 for an unknown
// path or API root, 405, 413, 431, 503...). Install with Router::SetErrorRenderer.
Response RenderTaxiiError(int status, std::string_view title, std::string_view description);

// The WWW-Authenticate challenge sent with every 401.
inline constexpr std::string_view kAuthChallenge = R"(Basic realm="qccm", Bearer realm="qccm")";

}  // namespace qccm::http::taxii
