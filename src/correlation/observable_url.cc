// URL normalisation (RFC 3986 §6) with Boost.URL, plus a fast check that recognises URLs that
// are already canonical so the matcher's hot path skips the parser for the common case.
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <exception>

#include "correlation/observable_internal.h"

namespace qccm::correlation {
namespace {

constexpr std::size_t kMaxUrlBytes = 8192;

constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Path and query characters that RFC 3986 normalisation never changes: unreserved, sub-delims,
// ':' '@' '/' '?'. '%' is left out (escapes may need normalising).
constexpr bool IsStableCharSlow(char c) {
  if (IsLower(c) || IsDigit(c) || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
      return true;
    default:
      return false;
  }
}

// IsStableCharSlow as a table: the matcher's hot path checks every byte of every URL.
constexpr auto kStableChars = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<std::size_t>(c)] = IsStableCharSlow(static_cast<char>(c));
  }
  return table;
}();

bool IsStableChar(char c) { return kStableChars[static_cast<unsigned char>(c)]; }

std::uint16_t DefaultPort(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return 0;
}

// True if `raw` is certainly already in canonical form: lower-case scheme, "://", a lower-case
// plain host name (no port, user info, IP literal or punycode), then a path and query of
// stable characters without dot segments, and no fragment. Conservative: false means "maybe".
bool IsCanonicalFast(std::string_view raw) {
  std::size_t i = 0;
  if (raw.empty() || !IsLower(raw[0])) return false;
  while (i < raw.size() &&
         (IsLower(raw[i]) || IsDigit(raw[i]) || raw[i] == '+' || raw[i] == '-' || raw[i] == '.')) {
    ++i;
  }
  if (raw.substr(i, 3) != "://") return false;
  i += 3;
  std::size_t host_start = i;
  bool alpha = false;
  while (i < raw.size() && (IsLower(raw[i]) || IsDigit(raw[i]) || raw[i] == '-' || raw[i] == '.')) {
    alpha = alpha || IsLower(raw[i]);
    ++i;
  }
  std::string_view host = raw.substr(host_start, i - host_start);
  if (host.empty() || !alpha || host.back() == '.' || host.find("xn--") != std::string_view::npos) {
    return false;
  }
  if (host.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t k = 0; k <= host.size(); ++k) {
    if (k == host.size() || host[k] == '.') {
      if (k == label || k - label > 63) return false;
      label = k + 1;
    }
  }
  // An all-numeric top label ("http://a.123/") is refused by the domain normaliser.
  if (host.substr(host.rfind('.') + 1).find_first_not_of("0123456789") == std::string_view::npos) {
    return false;
  }
  if (i == raw.size()) return false;  // empty path: http(s) gets "/"
  if (raw[i] != '/') return false;
  std::string_view rest = raw.substr(i);
  std::size_t query = rest.find('?');
  std::string_view path = rest.substr(0, query);
  for (char c : path) {
    if (!IsStableChar(c)) return false;
  }
  if (path.find("/./") != std::string_view::npos || path.find("/../") != std::string_view::npos ||
      path.ends_with("/.") || path.ends_with("/..")) {
    return false;
  }
  if (query != std::string_view::npos) {
    for (char c : rest.substr(query + 1)) {
      if (!IsStableChar(c) && c != '?') return false;
    }
  }
  return true;
}

bool Fail(std::string* error, std::string message) {
  *error = std::move(message);
  return false;
}

// IRI to URI (RFC 3987 §3.1): non-ASCII bytes of valid UTF-8 are percent-encoded.
bool EncodeNonAscii(std::string_view raw, std::string& out, std::string* error) {
  if (!IsValidUtf8(raw)) return Fail(error, "URL " + QuoteForMessage(raw) + " is not UTF-8");
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.clear();
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return true;
}

bool IsUnreserved(char c) {
  return IsLower(c) || IsDigit(c) || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 §6.2.2.1-2: escapes in upper-case hex, escaped unreserved characters decoded. Done
// here rather than with url::normalize(), which in Boost 1.81 also decodes reserved characters
// ("%2F" became "/", changing the path). The parser has already rejected malformed escapes.
std::string NormalizeEscapes(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      auto value = static_cast<unsigned>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      char decoded = static_cast<char>(value);
      if (value < 0x80 && IsUnreserved(decoded)) {
        out += decoded;
      } else {
        out += '%';
        out += kHex[value >> 4];
        out += kHex[value & 0xF];
      }
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// RFC 3986 §5.2.4 remove_dot_segments.
std::string RemoveDotSegments(std::string_view input) {
  std::string output;
  while (!input.empty()) {
    if (input.starts_with("../")) {
      input.remove_prefix(3);
    } else if (input.starts_with("./")) {
      input.remove_prefix(2);
    } else if (input.starts_with("/./")) {
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.starts_with("/../") || input == "/..") {
      input = input.size() == 3 ? std::string_view("/") : input.substr(3);
      std::size_t cut = output.rfind('/');
      output.resize(cut == std::string::npos ? 0 : cut);
    } else if (input == "." || input == "..") {
      input = {};
    } else {
      std::size_t next = input.find('/', input.front() == '/' ? 1 : 0);
      if (next == std::string_view::npos) next = input.size();
      output += input.substr(0, next);
      input.remove_prefix(next);
    }
  }
  return output;
}

bool AppendHost(const boost::urls::url& url, std::string& out, std::string* error) {
  switch (url.host_type()) {
    case boost::urls::host_type::none:
      return true;
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6: {
      bool v6 = url.host_type() == boost::urls::host_type::ipv6;
      std::string address(url.encoded_host_address());
      IpPrefix prefix;
      if (!ParseIpInto(address, v6, prefix, error)) return false;
      if (v6) out += '[';
      AppendIpPrefix(prefix, out);
      if (v6) out += ']';
      return true;
    }
    case boost::urls::host_type::ipvfuture:
      out += url.encoded_host();
      return true;
    case boost::urls::host_type::name: {
      std::string name = url.host();  // percent-decoded
      if (name.empty()) return true;
      if (!NormalizeDomainAppend(name, out, error)) return false;
      return true;
    }
  }
  return true;
}

bool NormalizeUrlSlow(std::string_view raw, std::string& out, std::string* error) {
  std::string encoded;
  if (!EncodeNonAscii(raw, encoded, error)) return false;
  auto parsed = boost::urls::parse_uri(encoded);
  if (!parsed) {
    return Fail(error, "URL " + QuoteForMessage(raw) + " is not an absolute URI (" +
                           parsed.error().message() + ")");
  }
  boost::urls::url url(*parsed);
  url.normalize_scheme();
  std::string scheme(url.scheme());
  out.assign(scheme);
  out += ':';
  if (url.has_authority()) {
    out += "//";
    if (url.has_userinfo()) {
      out += NormalizeEscapes(url.encoded_userinfo());
      out += '@';
    }
    std::string host_error;
    if (!AppendHost(url, out, &host_error)) {
      return Fail(error, "URL host: " + host_error);
    }
    if (url.has_port() && !url.port().empty()) {
      std::string_view port_text = url.port();
      std::uint32_t port = 0;
      for (char c : port_text) {
        port = port * 10 + static_cast<std::uint32_t>(c - '0');
        if (port > 65535) {
          return Fail(error, "URL " + QuoteForMessage(raw) + " has a port above 65535");
        }
      }
      if (port != DefaultPort(scheme)) {
        out += ':';
        out += std::to_string(port);
      }
    }
  }
  std::string path = NormalizeEscapes(url.encoded_path());
  // RFC 3986 §3.3: after an authority the path is empty or starts with '/'. Boost 1.81 parses
  // "http://1.2.3.4.5/" as host 1.2.3.4 and path ".5/"; refuse instead of guessing.
  if (url.has_authority() && !path.empty() && path.front() != '/') {
    return Fail(error,
                "URL host: " + QuoteForMessage(raw) + " has an invalid host (numeric label)");
  }
  // §5.2.4 applies to hierarchical paths; a rootless path (mailto:a@b) is left as it is.
  if (path.starts_with('/')) path = RemoveDotSegments(path);
  // Without an authority a path may not start with "//" (it would read as one): "/." keeps
  // it a path, as RFC 3986 §5.2.4 output would need (and WHATWG URL serialisation does).
  if (!url.has_authority() && path.starts_with("//")) path.insert(0, "/.");
  if (path.empty() && url.has_authority() && (scheme == "http" || scheme == "https")) {
    out += '/';
  } else {
    out += path;
  }
  if (url.has_query()) {
    out += '?';
    out += NormalizeEscapes(url.encoded_query());
  }
  if (url.has_fragment()) {
    out += '#';
    out += NormalizeEscapes(url.encoded_fragment());
  }
  return true;
}

}  // namespace

bool NormalizeUrlInto(std::string_view raw, std::string& out, std::string* error) {
  if (raw.size() > kMaxUrlBytes) {
    return Fail(error, "URL is longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  }
  if (IsCanonicalFast(raw)) {
    out.assign(raw);
    return true;
  }
  try {
    return NormalizeUrlSlow(raw, out, error);
  } catch (const std::exception& e) {
    return Fail(error, "URL " + QuoteForMessage(raw) + " could not be normalised: " + e.what());
  }
}

bool UrlIsCanonicalFast(std::string_view raw) {
  return raw.size() <= kMaxUrlBytes && IsCanonicalFast(raw);
}

}  // namespace qccm::correlation
