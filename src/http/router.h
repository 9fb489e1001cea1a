// The router: explicit registration of (method, path template) -> handler, path parameters,
// 404/405 decisions, the route list, pre-handler filters and the error-body renderer.
// No Beast types: route modules include this header.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace qccm::http {

// A handler runs on a worker thread (it may block on the store). It may move the request
// body out and set request.user.
using Handler = std::function<Response(Request&)>;

// What the audit log (docs/oversight.md) records for a route. Every route of a node declares
// one: a test enumerates Node::router().Routes() and fails on a route without it. Either
//   {.name = "x.purge", .audit = AuditAs("purge")}   audited: one record per request, with the
//                                                    user, member, action, outcome, ids, query
//   {.name = "ops.healthz", .audit = AuditExempt("liveness probe: no intelligence")}
// The action is an oversight action name (oversight::ActionName: read, write, delete, export,
// purge, rights_change, user_change, member_change, collection_change, rfi_answer, audit_read);
// the node refuses to start with an unknown one. A handler names what it touched in
// Request::audit (object ids, owners, ...); the outcome comes from the response status.
struct AuditDeclaration {
  std::string action;         // empty when exempt
  std::string exempt_reason;  // non-empty: not audited, and why
  bool declared() const { return !action.empty() || !exempt_reason.empty(); }
  bool audited() const { return !action.empty(); }
};
inline AuditDeclaration AuditAs(std::string action) { return {.action = std::move(action)}; }
inline AuditDeclaration AuditExempt(std::string reason) {
  return {.exempt_reason = std::move(reason)};
}

struct RouteOptions {
  std::string name;  // metrics label and access-log route; default "GET /a/{b}/"
  std::optional<std::int64_t> max_body_bytes;  // overrides ServerConfig::max_body_bytes
  AuditDeclaration audit;                      // see AuditDeclaration
};

// One registered route, as Routes() lists it.
struct RouteInfo {
  Method method = Method::kGet;
  std::string path;  // the template as registered
  std::string name;
  std::optional<std::int64_t> max_body_bytes;
  AuditDeclaration audit;
};

// Builds the body of an error the server or router produces itself (400, 404, 405, 408, 413,
// 431, 500, 503). The TAXII layer installs one that returns the TAXII error resource.
using ErrorRenderer =
    std::function<Response(int status, std::string_view title, std::string_view description)>;

// Runs before the handler of a matched route; returning a response short-circuits the handler
// (authentication and authorisation hook in here). Runs on the worker thread.
using Filter = std::function<std::optional<Response>(Request&, const RouteInfo&)>;

// Runs after the handler of a matched route (or after a filter answered instead), on the worker
// thread, with the response about to be sent; it may replace the response (the audit hook
// answers 500 when the request could not be recorded) and take what the handler left in the
// request (its audit note). If the handler throws, it runs with a 500 response and the exception
// then propagates. The audit log hooks in here.
using Finisher = std::function<void(Request&, const RouteInfo&, Response&)>;

// What Match found for a method and path.
struct RouteMatch {
  enum class Kind : std::uint8_t { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  std::size_t route = 0;  // index into Routes() when kFound
  PathParams params;      // when kFound
  std::string allow;      // the Allow header value when kMethodNotAllowed ("GET, HEAD, POST")
};

// Routes requests. Build it fully before the server starts; after that it is read-only and
// every const method is thread-safe.
class Router final {
 public:
  Router();

  // Registers `handler` for `method` and `path_template`. A template is a path whose segments
  // are literals, "{name}" (exactly one non-empty segment) or, as the last segment only,
  // "{name...}" (one or more remaining segments, joined by '/'). A trailing '/' is significant
  // (TAXII 2.1 URLs end in '/'). A literal beats {name}, which beats {name...}. A GET route
  // also answers HEAD. Aborts (a programming error) on a malformed template or a second
  // registration of the same method and template shape.
  void Add(Method method, std::string_view path_template, Handler handler,
           RouteOptions options = {});

  // Every registered route, in registration order.
  std::vector<RouteInfo> Routes() const;
  const RouteInfo& Route(std::size_t index) const { return routes_[index].info; }

  // Replaces the error renderer. The default writes application/json
  // {"title", "description", "http_status"} (the TAXII error resource fields).
  void SetErrorRenderer(ErrorRenderer renderer);
  // Appends a filter; filters run in the order added.
  void AddFilter(Filter filter);
  // Appends a finisher; finishers run in the order added.
  void AddFinisher(Finisher finisher);

  // Renders an error with the installed renderer.
  Response RenderError(int status, std::string_view title, std::string_view description) const;

  // Finds the route for `method` and decoded `segments` (as ParsedTarget gives them).
  RouteMatch Match(Method method, const std::vector<std::string>& segments) const;

  // Handles `request` given its match: 404/405 are rendered; otherwise sets path_params and
  // route_name, runs the filters, the handler and the finishers. Exceptions from a handler
  // propagate (after the finishers saw a 500).
  Response Handle(Request& request, RouteMatch match) const;

  // Match + Handle, for in-process use.
  Response Dispatch(Request& request) const;

 private:
  struct Segment {
    enum class Kind : std::uint8_t { kLiteral, kParam, kCatchAll };
    Kind kind;
    std::string text;  // literal text or parameter name
  };
  struct Entry {
    RouteInfo info;
    std::vector<Segment> segments;
    Handler handler;
  };

  static bool Matches(const Entry& entry, const std::vector<std::string>& segments,
                      PathParams* params);
  static bool MoreSpecific(const Entry& a, const Entry& b);
  Response RunHandler(Request& request, const Entry& entry) const;

  std::vector<Entry> routes_;
  std::vector<Filter> filters_;
  std::vector<Finisher> finishers_;
  ErrorRenderer error_renderer_;
};

// The default error renderer's body: {"title":...,"description":...,"http_status":"404"}.
std::string ErrorBodyJson(int status, std::string_view title, std::string_view description);

}  // namespace qccm::http
