// Operations endpoints: GET /healthz and GET /metrics.
#pragma once

#include "http/metrics.h"
#include "http/router.h"

namespace qccm::http {

// Registers GET /healthz (200 {"status":"ok"}, route "ops.healthz") and GET /metrics (the
// registry in Prometheus text format, route "ops.metrics"). `metrics` is borrowed and must
// outlive the router.
void RegisterOperationsRoutes(Router& router, MetricsRegistry& metrics);

}  // namespace qccm::http
