// An HTTP request as handlers see it: method, decoded path and query, headers, body and the
// connection facts (remote address, TLS client certificate). No Beast types: other modules
// include this header.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qccm/core/result.h"

namespace qccm::http {

// The methods routes can be registered for. kOther stands for any method we do not route
// (it always ends in 404 or 405).
enum class Method : std::uint8_t { kGet, kHead, kPost, kPut, kDelete, kPatch, kOptions, kOther };

// Returns "GET", "POST", ... ("OTHER" for kOther).
std::string_view MethodName(Method method);

// Returns the method named exactly (upper case, as HTTP/1.1 method names are case-sensitive),
// or kOther.
Method ParseMethod(std::string_view name);

// Header fields in arrival order with case-insensitive name lookup (RFC 9110 §5.1).
// Not thread-safe; a value type.
class HeaderMap {
 public:
  using Field = std::pair<std::string, std::string>;

  // Returns the value of the first field named `name` (any case), or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Returns the value of the first field named `name`, or `fallback`.
  std::string_view GetOr(std::string_view name, std::string_view fallback) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // Replaces every field named `name` by one field with `value`.
  void Set(std::string_view name, std::string_view value);
  // Appends a field, keeping existing ones with the same name.
  void Add(std::string_view name, std::string_view value);
  // Removes every field named `name`; returns how many were removed.
  std::size_t Remove(std::string_view name);

  const std::vector<Field>& fields() const { return fields_; }
  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

// True if the two header names are equal ignoring ASCII case.
bool HeaderNameEquals(std::string_view a, std::string_view b);

// The peer's certificate when mutual TLS authenticated the connection.
struct ClientCertificate {
  std::string subject;             // RFC 2253 distinguished name, e.g. "CN=alice,O=Member A"
  std::string sha256_fingerprint;  // lower-case hex of the SHA-256 of the DER, no separators
};

// Query parameters, decoded, keyed by name; values of one name keep their order of arrival
// (std::multimap keeps insertion order among equal keys). Lookup by std::string_view works.
using QueryParams = std::multimap<std::string, std::string, std::less<>>;

// Path parameters captured by a route template ({name} segments and a catch-all), in template
// order.
using PathParams = std::vector<std::pair<std::string, std::string>>;

// The decoded parts of an origin-form request target ("/a/b%20c/?x=1&y=%5B").
struct ParsedTarget {
  std::string path;                        // percent-decoded path
  std::vector<std::string> path_segments;  // decoded segments between '/'; "/a/" -> {"a", ""}
  QueryParams query;                       // decoded ('+' is a space in the query)
  std::vector<std::string> query_names;    // decoded names in arrival order, for logs
};

// Parses an origin-form request target. '%2F' stays inside its segment. Fails with
// kInvalidInput if the target does not start with '/', has a bad percent escape, control
// characters or a NUL after decoding, or has a "." or ".." segment (rejected outright so no
// handler can be tricked into walking out of a directory).
Result<ParsedTarget> ParseTarget(std::string_view target);

// What a handler tells the audit log about its request (docs/oversight.md), beyond what the
// route, the path and the user already say. Handlers fill it; the node's audit finisher reads
// it after the handler returned. Never intelligence content: ids, codes and query text only.
struct AuditNote {
  std::string member;                   // member code the authenticated user acted for
  std::vector<std::string> object_ids;  // STIX (or clue, RFI...) ids named, posted or returned
  std::vector<std::int64_t> owner_ids;  // members whose contributions were touched (ids) ...
  std::vector<std::string> owners;      // ... or their codes, when the handler knows them
  std::string collection;               // when the collection is not the {collection} parameter
  std::optional<std::string> query;     // replaces the URL query as the record's query text
  std::string action;                   // replaces the route's declared action when non-empty
};

// One request. Handlers get it by reference and may move the body out. `user` is set by the
// authentication layer and read by the access log.
struct Request {
  Method method = Method::kGet;
  std::string method_text;  // as received, e.g. "GET" or "PROPFIND"
  std::string target;       // raw request target, query included (never log it)
  std::string path;
  std::vector<std::string> path_segments;
  QueryParams query;
  std::vector<std::string> query_names;
  HeaderMap headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1:54321"
  std::string request_id;      // also sent back as X-Request-Id
  bool tls = false;
  std::optional<ClientCertificate> client_certificate;

  // Set by the router before the handler runs.
  PathParams path_params;
  std::string route_name;

  // Set by whoever authenticates the request (empty: anonymous); written to the access log.
  std::string user;
  // Filled by handlers for the audit log (see AuditNote).
  AuditNote audit;

  // Returns the path parameter `name`, or an empty view if the route has none by that name.
  std::string_view PathParam(std::string_view name) const;
  // Returns the first value of query parameter `name`, or nullopt.
  std::optional<std::string_view> QueryParam(std::string_view name) const;
  // Returns every value of query parameter `name` in arrival order.
  std::vector<std::string_view> QueryParamValues(std::string_view name) const;
};

// Builds a request as the server would for `method` and `target` (for in-process tests and
// tools). Fails as ParseTarget does.
Result<Request> MakeRequest(Method method, std::string_view target, std::string body = {});

}  // namespace qccm::http
