// Every route of the node. Route names are the metrics labels and access-log routes. Every
// route declares what the audit log records for it (http::AuditAs / http::AuditExempt in
// RouteOptions; see router.h and docs/oversight.md); tests/app/audit_routes_test.cc fails on a
// route without a declaration.
#include "app/routes.h"

#include "http/operations_routes.h"
#include "http/taxii/error_mapping.h"

namespace qccm::app {

void RegisterRoutes(http::Router& router, http::taxii::TaxiiApi& taxii,
                    http::MetricsRegistry& metrics,
                    const http::routes::CorrelationServices* correlation,
                    const http::routes::AuditServices* audit) {
  using http::Method;
  using http::taxii::TaxiiApi;
  router.SetErrorRenderer(http::taxii::RenderTaxiiError);
  http::RegisterOperationsRoutes(router, metrics);

  // Only add-objects takes a body; elsewhere a body is refused (413) before it is read.
  constexpr std::int64_t kNoBody = 0;
  const std::string root = taxii.RootPath();
  const std::string collection = root + "collections/{collection}/";
  const std::string object = collection + "objects/{object}/";
  router.Add(
      Method::kGet, "/taxii2/", taxii.Handle(&TaxiiApi::Discovery),
      {.name = "taxii.discovery",
       .max_body_bytes = kNoBody,
       .audit = http::AuditExempt("TAXII discovery: the server's description, no intelligence")});
  router.Add(
      Method::kGet, root, taxii.Handle(&TaxiiApi::ApiRoot),
      {.name = "taxii.api_root",
       .max_body_bytes = kNoBody,
       .audit = http::AuditExempt("TAXII API root: the root's description, no intelligence")});
  router.Add(Method::kGet, root + "status/{status}/", taxii.Handle(&TaxiiApi::Status),
             {.name = "taxii.status", .max_body_bytes = kNoBody, .audit = http::AuditAs("read")});
  router.Add(
      Method::kGet, root + "collections/", taxii.Handle(&TaxiiApi::Collections),
      {.name = "taxii.collections", .max_body_bytes = kNoBody, .audit = http::AuditAs("read")});
  router.Add(
      Method::kGet, collection, taxii.Handle(&TaxiiApi::Collection),
      {.name = "taxii.collection", .max_body_bytes = kNoBody, .audit = http::AuditAs("read")});
  router.Add(Method::kGet, collection + "manifest/", taxii.Handle(&TaxiiApi::Manifest),
             {.name = "taxii.manifest", .max_body_bytes = kNoBody, .audit = http::AuditAs("read")});
  router.Add(
      Method::kGet, collection + "objects/", taxii.Handle(&TaxiiApi::GetObjects),
      {.name = "taxii.objects.get", .max_body_bytes = kNoBody, .audit = http::AuditAs("read")});
  // TAXII 2.1 §4.2.1: max_content_length is advertised and enforced before the body is read.
  router.Add(Method::kPost, collection + "objects/", taxii.Handle(&TaxiiApi::AddObjects),
             {.name = "taxii.objects.add",
              .max_body_bytes = taxii.max_content_length(),
              .audit = http::AuditAs("write")});
  router.Add(
      Method::kGet, object, taxii.Handle(&TaxiiApi::GetObject),
      {.name = "taxii.object.get", .max_body_bytes = kNoBody, .audit = http::AuditAs("read")});
  router.Add(
      Method::kDelete, object, taxii.Handle(&TaxiiApi::DeleteObject),
      {.name = "taxii.object.delete", .max_body_bytes = kNoBody, .audit = http::AuditAs("delete")});
  router.Add(Method::kGet, object + "versions/", taxii.Handle(&TaxiiApi::Versions),
             {.name = "taxii.versions", .max_body_bytes = kNoBody, .audit = http::AuditAs("read")});

  // Confirmation of clues: /api/v1 (src/http/routes/correlation_routes.cc).
  if (correlation != nullptr) http::routes::RegisterCorrelationRoutes(router, *correlation);
  // The audit log for auditors and "who read my data" (src/http/routes/audit_routes.cc).
  if (audit != nullptr) http::routes::RegisterAuditRoutes(router, *audit);
}

}  // namespace qccm::app
