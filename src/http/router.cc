// Router: template parsing, matching by specificity, 404/405 and the error renderer.
#include "http/router.h"

#include <algorithm>

#include "qccm/core/check.h"

namespace qccm::http {
namespace {

constexpr Method kAllMethods[] = {Method::kGet,    Method::kHead,  Method::kPost,   Method::kPut,
                                  Method::kDelete, Method::kPatch, Method::kOptions};

std::vector<std::string_view> SplitTemplate(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? path.npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::string ErrorBodyJson(int status, std::string_view title, std::string_view description) {
  // TAXII 2.1 §3.6.1: the error resource carries http_status as a string.
  std::string body = "{\"title\":" + JsonQuote(title);
  if (!description.empty()) body += ",\"description\":" + JsonQuote(description);
  body += ",\"http_status\":\"" + std::to_string(status) + "\"}";
  return body;
}

Router::Router()
    : error_renderer_([](int status, std::string_view title, std::string_view description) {
        return Response::Json(status, ErrorBodyJson(status, title, description));
      }) {}

void Router::Add(Method method, std::string_view path_template, Handler handler,
                 RouteOptions options) {
  QCCM_CHECK_MSG(!path_template.empty() && path_template.front() == '/',
                 "route template must start with '/'");
  QCCM_CHECK_MSG(method != Method::kOther && method != Method::kHead,
                 "routes are registered for a concrete method; HEAD follows GET");
  QCCM_CHECK(handler != nullptr);
  Entry entry;
  entry.handler = std::move(handler);
  std::vector<std::string_view> pieces = SplitTemplate(path_template);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::string_view piece = pieces[i];
    Segment segment{Segment::Kind::kLiteral, std::string(piece)};
    if (piece.size() >= 2 && piece.front() == '{' && piece.back() == '}') {
      std::string_view name = piece.substr(1, piece.size() - 2);
      segment.kind = Segment::Kind::kParam;
      if (name.ends_with("...")) {
        QCCM_CHECK_MSG(i + 1 == pieces.size(), "a {name...} segment must be the last one");
        segment.kind = Segment::Kind::kCatchAll;
        name.remove_suffix(3);
      }
      QCCM_CHECK_MSG(!name.empty(), "route parameter without a name");
      for (const Segment& earlier : entry.segments) {
        QCCM_CHECK_MSG(earlier.kind == Segment::Kind::kLiteral || earlier.text != name,
                       "route parameter name used twice");
      }
      segment.text = std::string(name);
    } else {
      QCCM_CHECK_MSG(piece.find_first_of("{}") == std::string_view::npos,
                     "braces in a route template must enclose a whole segment");
    }
    entry.segments.push_back(std::move(segment));
  }
  for (const Entry& other : routes_) {
    bool same_shape = other.info.method == method && other.segments.size() == entry.segments.size();
    for (std::size_t i = 0; same_shape && i < entry.segments.size(); ++i) {
      const Segment& a = other.segments[i];
      const Segment& b = entry.segments[i];
      same_shape = a.kind == b.kind && (a.kind != Segment::Kind::kLiteral || a.text == b.text);
    }
    QCCM_CHECK_MSG(!same_shape, "route registered twice for the same method and template");
  }
  entry.info.method = method;
  entry.info.path = std::string(path_template);
  entry.info.name = options.name.empty()
                        ? std::string(MethodName(method)) + " " + std::string(path_template)
                        : std::move(options.name);
  entry.info.max_body_bytes = options.max_body_bytes;
  entry.info.audit = std::move(options.audit);
  routes_.push_back(std::move(entry));
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const Entry& entry : routes_) out.push_back(entry.info);
  return out;
}

void Router::SetErrorRenderer(ErrorRenderer renderer) {
  QCCM_CHECK(renderer != nullptr);
  error_renderer_ = std::move(renderer);
}

void Router::AddFilter(Filter filter) {
  QCCM_CHECK(filter != nullptr);
  filters_.push_back(std::move(filter));
}

void Router::AddFinisher(Finisher finisher) {
  QCCM_CHECK(finisher != nullptr);
  finishers_.push_back(std::move(finisher));
}

Response Router::RenderError(int status, std::string_view title,
                             std::string_view description) const {
  Response response = error_renderer_(status, title, description);
  response.status = status;
  return response;
}

bool Router::Matches(const Entry& entry, const std::vector<std::string>& segments,
                     PathParams* params) {
  const std::vector<Segment>& pattern = entry.segments;
  if (params != nullptr) params->clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const Segment& seg = pattern[i];
    if (seg.kind == Segment::Kind::kCatchAll) {
      if (i >= segments.size()) return false;
      if (params != nullptr) {
        std::string rest;
        for (std::size_t j = i; j < segments.size(); ++j) {
          if (j > i) rest += '/';
          rest += segments[j];
        }
        params->emplace_back(seg.text, std::move(rest));
      }
      return true;
    }
    if (i >= segments.size()) return false;
    if (seg.kind == Segment::Kind::kLiteral) {
      if (seg.text != segments[i]) return false;
    } else {
      if (segments[i].empty()) return false;
      if (params != nullptr) params->emplace_back(seg.text, segments[i]);
    }
  }
  return pattern.size() == segments.size();
}

bool Router::MoreSpecific(const Entry& a, const Entry& b) {
  std::size_t n = std::min(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a.segments[i].kind != b.segments[i].kind) {
      return a.segments[i].kind < b.segments[i].kind;
    }
  }
  return a.segments.size() > b.segments.size();
}

RouteMatch Router::Match(Method method, const std::vector<std::string>& segments) const {
  RouteMatch match;
  Method wanted = method == Method::kHead ? Method::kGet : method;
  const Entry* best = nullptr;
  bool methods_seen[std::size(kAllMethods)] = {};
  bool path_known = false;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Entry& entry = routes_[i];
    if (!Matches(entry, segments, nullptr)) continue;
    path_known = true;
    methods_seen[static_cast<int>(entry.info.method)] = true;
    if (entry.info.method != wanted) continue;
    if (best == nullptr || MoreSpecific(entry, *best)) {
      best = &entry;
      match.route = i;
    }
  }
  if (best != nullptr) {
    match.kind = RouteMatch::Kind::kFound;
    Matches(*best, segments, &match.params);
    return match;
  }
  if (!path_known) return match;
  match.kind = RouteMatch::Kind::kMethodNotAllowed;
  methods_seen[static_cast<int>(Method::kHead)] = methods_seen[static_cast<int>(Method::kGet)];
  for (Method m : kAllMethods) {
    if (!methods_seen[static_cast<int>(m)]) continue;
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += MethodName(m);
  }
  return match;
}

Response Router::Handle(Request& request, RouteMatch match) const {
  if (match.kind == RouteMatch::Kind::kNotFound) {
    return RenderError(404, "Not Found", "no resource at this path");
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    Response response =
        RenderError(405, "Method Not Allowed", "this resource does not support the request method");
    response.headers.Set("Allow", match.allow);
    return response;
  }
  const Entry& entry = routes_[match.route];
  request.path_params = std::move(match.params);
  request.route_name = entry.info.name;
  Response response = RunHandler(request, entry);
  for (const Finisher& finisher : finishers_) finisher(request, entry.info, response);
  return response;
}

Response Router::RunHandler(Request& request, const Entry& entry) const {
  for (const Filter& filter : filters_) {
    if (std::optional<Response> early = filter(request, entry.info)) return std::move(*early);
  }
  if (finishers_.empty()) return entry.handler(request);
  try {
    return entry.handler(request);
  } catch (...) {
    // The finishers (the audit log) still see the request; the server answers 500 itself.
    Response failed = RenderError(500, "Internal Server Error", "");
    for (const Finisher& finisher : finishers_) finisher(request, entry.info, failed);
    throw;
  }
}

Response Router::Dispatch(Request& request) const {
  return Handle(request, Match(request.method, request.path_segments));
}

}  // namespace qccm::http
