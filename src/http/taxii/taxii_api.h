// The TAXII 2.1 endpoints (§4, §5) as handler methods. Each parses its request, asks the
// sharing services (which decide rights through access_policy.h) and writes the resource;
// errors go through error_mapping.h. Routes are registered by src/app/routes.cc.
#pragma once

#include <memory>
#include <string>

#include "http/auth/authenticator.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/taxii/filters.h"
#include "http/taxii/next_token.h"
#include "http/taxii/writers.h"
#include "qccm/sharing/ingest_service.h"
#include "qccm/sharing/object_service.h"

namespace qccm::http::taxii {

struct TaxiiOptions {
  ServerInfo info;    // titles, the API root's path segment, max_content_length
  PageLimits limits;  // default and largest page sizes
};

// What the endpoints use; all borrowed and must outlive the TaxiiApi.
struct TaxiiServices {
  sharing::ObjectService& objects;
  sharing::IngestService& ingest;
  auth::Authenticator& authenticator;
  const NextTokenCodec& next_tokens;
  MetricsRegistry& metrics;
};

// Thread-safe: handlers run concurrently on the server's workers.
class TaxiiApi final {
 public:
  // Registers its metrics (qccm_taxii_objects_ingested_total) in services.metrics.
  TaxiiApi(TaxiiOptions options, TaxiiServices services);

  // A TAXII endpoint: runs after content negotiation and authentication.
  using EndpointMethod = Result<Response> (TaxiiApi::*)(Request&, const sharing::Principal&);

  // The router handler for `endpoint`: checks Accept (406), authenticates (401; sets
  // request.user for the access log), runs the endpoint and maps its error to the TAXII error
  // resource.
  Handler Handle(EndpointMethod endpoint);

  // Paths of the API root, for registration: "/<api_root>/".
  std::string RootPath() const { return "/" + options_.info.api_root + "/"; }
  std::int64_t max_content_length() const { return options_.info.max_content_length; }

  // GET /taxii2/ (§4.1)
  Result<Response> Discovery(Request& request, const sharing::Principal& principal);
  // GET /{root}/ (§4.2)
  Result<Response> ApiRoot(Request& request, const sharing::Principal& principal);
  // GET /{root}/status/{status}/ (§4.3)
  Result<Response> Status(Request& request, const sharing::Principal& principal);
  // GET /{root}/collections/ (§5.1)
  Result<Response> Collections(Request& request, const sharing::Principal& principal);
  // GET /{root}/collections/{collection}/ (§5.2)
  Result<Response> Collection(Request& request, const sharing::Principal& principal);
  // GET /{root}/collections/{collection}/objects/ (§5.3)
  Result<Response> GetObjects(Request& request, const sharing::Principal& principal);
  // POST /{root}/collections/{collection}/objects/ (§5.4)
  Result<Response> AddObjects(Request& request, const sharing::Principal& principal);
  // GET /{root}/collections/{collection}/objects/{object}/ (§5.5)
  Result<Response> GetObject(Request& request, const sharing::Principal& principal);
  // DELETE /{root}/collections/{collection}/objects/{object}/ (§5.7)
  Result<Response> DeleteObject(Request& request, const sharing::Principal& principal);
  // GET /{root}/collections/{collection}/manifest/ (§5.6)
  Result<Response> Manifest(Request& request, const sharing::Principal& principal);
  // GET /{root}/collections/{collection}/objects/{object}/versions/ (§5.8)
  Result<Response> Versions(Request& request, const sharing::Principal& principal);

 private:
  enum class PageKind : std::uint8_t { kObjects, kManifest, kObject, kVersions };
  Result<Response> Page(Request& request, const sharing::Principal& principal, PageKind kind);

  TaxiiOptions options_;
  TaxiiServices services_;
  MetricFamily<Counter>& ingested_;
};

}  // namespace qccm::http::taxii
