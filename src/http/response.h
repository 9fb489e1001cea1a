// An HTTP response as handlers build it: status, headers, body. No Beast types.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"

namespace qccm::http {

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kTaxiiType = "application/taxii+json;version=2.1";
inline constexpr std::string_view kStixType = "application/stix+json;version=2.1";
inline constexpr std::string_view kTextType = "text/plain; charset=utf-8";

// A response. The body is moved into the socket write, never copied, so build large bodies in
// place and return the Response by value. Content-Length is set by the server.
struct Response {
  int status = 200;
  HeaderMap headers;
  std::string body;

  // A response with `body` and Content-Type `content_type`.
  static Response WithBody(int status, std::string body, std::string_view content_type);
  // A JSON body (already serialised) with Content-Type application/json unless told otherwise.
  static Response Json(int status, std::string json, std::string_view content_type = kJsonType);
  // A plain-text body.
  static Response Text(int status, std::string text);
  // No body (e.g. 204).
  static Response Empty(int status);
};

// Returns the standard reason phrase ("Not Found"), or "Unknown".
std::string_view StatusReason(int status);

// Returns `text` as a JSON string literal, quotes included (qccm::JsonString: RFC 8259
// escaping, bytes that are not valid UTF-8 become U+FFFD).
std::string JsonQuote(std::string_view text);

}  // namespace qccm::http
