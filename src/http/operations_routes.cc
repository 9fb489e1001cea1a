// Operations endpoints.
#include "http/operations_routes.h"

namespace qccm::http {

void RegisterOperationsRoutes(Router& router, MetricsRegistry& metrics) {
  router.Add(Method::kGet, "/healthz",
             [](Request&) { return Response::Json(200, R"({"status":"ok"})"); },
             {.name = "ops.healthz", .audit = AuditExempt("liveness probe, no intelligence")});
  router.Add(Method::kGet, "/metrics",
             [&metrics](Request&) {
               return Response::WithBody(200, metrics.RenderText(), kPrometheusTextType);
             },
             {.name = "ops.metrics",
              .audit = AuditExempt("aggregate counters and gauges, no intelligence")});
}

}  // namespace qccm::http
