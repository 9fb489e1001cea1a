// Media-type parsing for Accept and Content-Type. Hand-written: no Debian-packaged library
// parses HTTP media ranges, and the grammar we need (RFC 9110 §12.5.1, without quoted commas)
// is a few lines.
#include "http/taxii/negotiation.h"

#include <charconv>
#include <string>

namespace qccm::http::taxii {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return HeaderNameEquals(a, b); }

struct MediaRange {
  std::string_view type;  // "application/taxii+json", "*/*", ...
  std::string_view version;
  bool has_version = false;
  double q = 1.0;
  bool valid = true;
};

// Parses one media range: type/subtype followed by ;name=value parameters.
MediaRange ParseRange(std::string_view text) {
  MediaRange range;
  std::size_t semi = text.find(';');
  range.type = Trim(text.substr(0, semi));
  if (range.type.find('/') == std::string_view::npos) range.valid = false;
  while (semi != std::string_view::npos) {
    std::size_t next = text.find(';', semi + 1);
    std::string_view param =
        Trim(text.substr(semi + 1, next == text.npos ? text.npos : next - semi - 1));
    semi = next;
    std::size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = Trim(param.substr(0, eq));
    std::string_view value = Trim(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (EqualsIgnoreCase(name, "version")) {
      range.version = value;
      range.has_version = true;
    } else if (EqualsIgnoreCase(name, "q")) {
      double q = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), q);
      range.q = (ec == std::errc{} && end == value.data() + value.size()) ? q : 0.0;
    }
  }
  return range;
}

// True if `range` admits application/taxii+json;version=2.1.
bool Admits(const MediaRange& range) {
  if (!range.valid || range.q <= 0.0) return false;
  if (range.type == "*/*" || EqualsIgnoreCase(range.type, "application/*")) return true;
  if (!EqualsIgnoreCase(range.type, kTaxiiMediaType)) return false;
  return !range.has_version || range.version == kTaxiiVersion;
}

}  // namespace

bool AcceptsTaxii21(std::string_view accept) {
  if (Trim(accept).empty()) return true;
  std::size_t start = 0;
  while (start <= accept.size()) {
    std::size_t comma = accept.find(',', start);
    std::string_view item =
        Trim(accept.substr(start, comma == accept.npos ? accept.npos : comma - start));
    if (!item.empty() && Admits(ParseRange(item))) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

Status CheckAccept(const Request& request) {
  std::string joined;
  for (const auto& [name, value] : request.headers.fields()) {
    if (!HeaderNameEquals(name, "Accept")) continue;
    if (!joined.empty()) joined += ',';
    joined += value;
  }
  if (AcceptsTaxii21(joined)) return Ok();
  return MakeError(ErrorCode::kUnsupported,
                   "this server answers only application/taxii+json;version=2.1; the Accept "
                   "header does not allow it");
}

Status CheckContentType(const Request& request) {
  std::optional<std::string_view> header = request.headers.Get("Content-Type");
  if (header) {
    MediaRange range = ParseRange(*header);
    if (range.valid && EqualsIgnoreCase(range.type, kTaxiiMediaType) &&
        (!range.has_version || range.version == kTaxiiVersion)) {
      return Ok();
    }
  }
  return MakeError(ErrorCode::kUnsupported,
                   "the request body must be sent as Content-Type "
                   "application/taxii+json;version=2.1" +
                       std::string(header ? ", not '" + std::string(header->substr(0, 100)) + "'"
                                          : " (no Content-Type was given)"));
}

}  // namespace qccm::http::taxii
