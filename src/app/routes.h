// The route table of a node, registered explicitly in one function.
#pragma once

#include "http/metrics.h"
#include "http/router.h"
#include "http/routes/audit_routes.h"
#include "http/routes/correlation_routes.h"
#include "http/taxii/taxii_api.h"

namespace qccm::app {

// Registers every route of the node: operations (/healthz, /metrics) and the TAXII 2.1 API
// (discovery and the API root's endpoints), the /api/v1 correlation routes when `correlation`
// is given, the /api/v1/audit routes when `audit` is given, and installs the TAXII error
// renderer.
void RegisterRoutes(http::Router& router, http::taxii::TaxiiApi& taxii,
                    http::MetricsRegistry& metrics,
                    const http::routes::CorrelationServices* correlation = nullptr,
                    const http::routes::AuditServices* audit = nullptr);

}  // namespace qccm::app
