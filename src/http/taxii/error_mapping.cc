// Error codes to HTTP statuses and TAXII error resources.
#include "http/taxii/error_mapping.h"

#include <string>

#include "http/auth/throttle.h"
#include "http/taxii/json_text.h"
#include "qccm/core/log.h"

namespace qccm::http::taxii {
namespace {

std::string ErrorBody(int status, std::string_view title, std::string_view description,
                      std::string_view error_code, std::string_view error_id) {
  // TAXII 2.1 §3.6.1: title is required; http_status is a string.
  std::string body = "{\"title\":" + JsonString(title);
  if (!description.empty()) body += ",\"description\":" + JsonString(description);
  if (!error_id.empty()) body += ",\"error_id\":" + JsonString(error_id);
  if (!error_code.empty()) body += ",\"error_code\":" + JsonString(error_code);
  body += ",\"http_status\":\"" + std::to_string(status) + "\"}";
  return body;
}

}  // namespace

int HttpStatusFor(const Error& error, ErrorContext context) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnsupported:
      switch (context) {
        case ErrorContext::kAcceptHeader:
          return 406;
        case ErrorContext::kContentType:
          return 415;
        case ErrorContext::kRequestBody:
        case ErrorContext::kGeneral:
          return 422;
      }
      return 422;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kIo:
    case ErrorCode::kStorage:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Request& request, const Error& error, ErrorContext context) {
  const int status = HttpStatusFor(error, context);
  std::string description;
  if (status >= 500) {
    // Storage and internal messages may name files or hold fragments of content: logged with
    // the request id, never sent.
    LogEvent("http", LogLevel::kError, "request_failed",
             {{"request_id", request.request_id},
              {"route", request.route_name},
              {"code", ErrorCodeName(error.code)},
              {"error", error.ToString()}});
    description = "the server failed to handle the request; quote error_id to the operator";
  } else {
    description = error.ToString();
  }
  Response response = Response::Json(status,
                                     ErrorBody(status, StatusReason(status), description,
                                               ErrorCodeName(error.code), request.request_id),
                                     kTaxiiType);
  if (status == 401) response.headers.Set("WWW-Authenticate", kAuthChallenge);
  // RFC 6585 §4: a 429 says how long to wait.
  if (status == 429) {
    response.headers.Set("Retry-After", std::to_string(auth::RetryAfterSeconds(error)));
  }
  return response;
}

Response RenderTaxiiError(int status, std::string_view title, std::string_view description) {
  Response response =
      Response::Json(status, ErrorBody(status, title, description, "", ""), kTaxiiType);
  if (status == 401) response.headers.Set("WWW-Authenticate", kAuthChallenge);
  return response;
}

}  // namespace qccm::http::taxii
