// Response helpers.
#include "http/response.h"

#include "qccm/core/json_string.h"

namespace qccm::http {

Response Response::WithBody(int status, std::string body, std::string_view content_type) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", content_type);
  response.body = std::move(body);
  return response;
}

Response Response::Json(int status, std::string json, std::string_view content_type) {
  return WithBody(status, std::move(json), content_type);
}

Response Response::Text(int status, std::string text) {
  return WithBody(status, std::move(text), kTextType);
}

Response Response::Empty(int status) {
  Response response;
  response.status = status;
  return response;
}

std::string_view StatusReason(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

std::string JsonQuote(std::string_view text) { return JsonString(text); }

}  // namespace qccm::http
