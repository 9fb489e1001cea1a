// libFuzzer target for the HTTP request path: request-target parsing (percent-decoding, dot
// segments, query), routing over the node's TAXII route templates and TAXII query-parameter
// parsing for every endpoint kind. Input: "<METHOD> <target>". No input may crash it or trip a
// sanitizer; a parsed path never holds "." or ".." segments or a NUL; a match fills every
// parameter of its template.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/router.h"
#include "http/taxii/filters.h"

namespace {

using qccm::http::Method;

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "http_request_fuzz: %s\n", what);
  std::abort();
}

// The templates of src/app/routes.cc (the app library needs a store to build, so they are
// listed here; tests/security checks the real router).
const qccm::http::Router& TaxiiRouter() {
  static const qccm::http::Router* router = [] {
    auto* r = new qccm::http::Router();
    auto ok = [](qccm::http::Request&) { return qccm::http::Response::Empty(200); };
    const std::string root = "/qccm/";
    const std::string collection = root + "collections/{collection}/";
    const std::string object = collection + "objects/{object}/";
    r->Add(Method::kGet, "/healthz", ok);
    r->Add(Method::kGet, "/taxii2/", ok);
    r->Add(Method::kGet, root, ok);
    r->Add(Method::kGet, root + "status/{status}/", ok);
    r->Add(Method::kGet, root + "collections/", ok);
    r->Add(Method::kGet, collection, ok);
    r->Add(Method::kGet, collection + "manifest/", ok);
    r->Add(Method::kGet, collection + "objects/", ok);
    r->Add(Method::kPost, collection + "objects/", ok);
    r->Add(Method::kGet, object, ok);
    r->Add(Method::kDelete, object, ok);
    r->Add(Method::kGet, object + "versions/", ok);
    r->Add(Method::kGet, "/ui/{path...}", ok);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t space = input.find(' ');
  const Method method = qccm::http::ParseMethod(input.substr(0, space));
  const std::string_view target = space == input.npos ? input : input.substr(space + 1);
  auto request = qccm::http::MakeRequest(method, target);
  if (!request) {
    if (request.error().message.empty()) Die("error without a message");
    return 0;
  }
  if (request->path.find('\0') != std::string::npos) Die("NUL in a parsed path");
  for (const std::string& segment : request->path_segments) {
    if (segment == "." || segment == "..") Die("dot segment survived parsing");
  }
  const qccm::http::Router& router = TaxiiRouter();
  qccm::http::RouteMatch match = router.Match(request->method, request->path_segments);
  if (match.kind == qccm::http::RouteMatch::Kind::kFound) {
    const qccm::http::RouteInfo& route = router.Route(match.route);
    std::size_t params = 0;
    for (char c : route.path) params += c == '{' ? 1 : 0;
    if (match.params.size() != params) Die("a match without every parameter");
    for (const auto& [name, value] : match.params) {
      // A {name} parameter is one non-empty segment; a catch-all {name...} may be empty
      // ("/ui/" serves the index: router.h, tests/http/router_test.cc).
      const bool catch_all = route.path.find("{" + name + "...}") != std::string::npos;
      if (value.empty() && !catch_all) Die("an empty path parameter");
    }
  } else if (match.kind == qccm::http::RouteMatch::Kind::kMethodNotAllowed && match.allow.empty()) {
    Die("405 without Allow");
  }
  using qccm::http::taxii::Endpoint;
  for (Endpoint endpoint : {Endpoint::kNoParameters, Endpoint::kObjects, Endpoint::kManifest,
                            Endpoint::kObject, Endpoint::kVersions, Endpoint::kDeleteObject}) {
    auto filters = qccm::http::taxii::ParseFilters(request->query, endpoint, {100, 1000});
    if (!filters) {
      if (filters.error().code != qccm::ErrorCode::kInvalidArgument)
        Die("filters: unexpected code");
      continue;
    }
    const bool paged = endpoint != Endpoint::kNoParameters && endpoint != Endpoint::kDeleteObject;
    if (paged && (filters->limit < 1 || filters->limit > 1000)) Die("a page size out of bounds");
  }
  return 0;
}
