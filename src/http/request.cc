// Request helpers: methods, header map, and request-target decoding.
//
// The target decoder is hand-written rather than Boost.URL's parse_origin_form because TAXII
// clients send raw '[' and ']' in query names (match[type]=indicator), which RFC 3986 does
// not allow there and Boost.URL therefore rejects; we accept them as every TAXII server must.
#include "http/request.h"

#include <algorithm>

namespace qccm::http {
namespace {

constexpr std::string_view kMethodNames[] = {"GET",    "HEAD",  "POST",    "PUT",
                                             "DELETE", "PATCH", "OPTIONS", "OTHER"};

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `in` (and '+' to space when `plus_is_space`). Fails on a bad escape or a
// decoded control character.
Result<std::string> Decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int hi = i + 2 < in.size() ? HexValue(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? HexValue(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return MakeError(ErrorCode::kInvalidInput, "bad percent escape in request target");
      }
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return MakeError(ErrorCode::kInvalidInput, "control character in request target");
    }
    out += c;
  }
  return out;
}

Status ParsePath(std::string_view raw, ParsedTarget& out) {
  std::size_t start = 1;  // skip the leading '/'
  while (true) {
    std::size_t slash = raw.find('/', start);
    std::string_view piece =
        raw.substr(start, slash == std::string_view::npos ? raw.npos : slash - start);
    QCCM_TRY(segment, Decode(piece, false));
    if (segment == "." || segment == "..") {
      return MakeError(ErrorCode::kInvalidInput, "dot segment in request path");
    }
    out.path += '/';
    out.path += segment;
    out.path_segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return Ok();
}

Status ParseQuery(std::string_view raw, ParsedTarget& out) {
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t amp = raw.find('&', start);
    std::string_view pair =
        raw.substr(start, amp == std::string_view::npos ? raw.npos : amp - start);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      QCCM_TRY(name, Decode(pair.substr(0, eq), true));
      std::string value;
      if (eq != std::string_view::npos) {
        QCCM_TRY(decoded, Decode(pair.substr(eq + 1), true));
        value = std::move(decoded);
      }
      out.query_names.push_back(name);
      out.query.emplace(std::move(name), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return Ok();
}

}  // namespace

std::string_view MethodName(Method method) { return kMethodNames[static_cast<int>(method)]; }

Method ParseMethod(std::string_view name) {
  for (int i = 0; i < static_cast<int>(Method::kOther); ++i) {
    if (kMethodNames[i] == name) return static_cast<Method>(i);
  }
  return Method::kOther;
}

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

std::optional<std::string_view> HeaderMap::Get(std::string_view name) const {
  for (const Field& f : fields_) {
    if (HeaderNameEquals(f.first, name)) return std::string_view(f.second);
  }
  return std::nullopt;
}

std::string_view HeaderMap::GetOr(std::string_view name, std::string_view fallback) const {
  return Get(name).value_or(fallback);
}

void HeaderMap::Set(std::string_view name, std::string_view value) {
  Remove(name);
  Add(name, value);
}

void HeaderMap::Add(std::string_view name, std::string_view value) {
  fields_.emplace_back(std::string(name), std::string(value));
}

std::size_t HeaderMap::Remove(std::string_view name) {
  return std::erase_if(fields_, [&](const Field& f) { return HeaderNameEquals(f.first, name); });
}

Result<ParsedTarget> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return MakeError(ErrorCode::kInvalidInput, "request target is not an absolute path");
  }
  std::size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  std::size_t question = target.find('?');
  ParsedTarget out;
  QCCM_TRY_STATUS(ParsePath(target.substr(0, question), out));
  if (question != std::string_view::npos) {
    QCCM_TRY_STATUS(ParseQuery(target.substr(question + 1), out));
  }
  return out;
}

std::string_view Request::PathParam(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string_view> Request::QueryParam(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::vector<std::string_view> Request::QueryParamValues(std::string_view name) const {
  std::vector<std::string_view> values;
  auto [first, last] = query.equal_range(name);
  for (auto it = first; it != last; ++it) values.emplace_back(it->second);
  return values;
}

Result<Request> MakeRequest(Method method, std::string_view target, std::string body) {
  QCCM_TRY(parsed, ParseTarget(target));
  Request request;
  request.method = method;
  request.method_text = std::string(MethodName(method));
  request.target = std::string(target);
  request.path = std::move(parsed.path);
  request.path_segments = std::move(parsed.path_segments);
  request.query = std::move(parsed.query);
  request.query_names = std::move(parsed.query_names);
  request.body = std::move(body);
  return request;
}

}  // namespace qccm::http
