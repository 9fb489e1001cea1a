// The /api/v1/audit routes (docs/oversight.md, docs/api/openapi.yaml): auditors query and
// sample every member's audit metadata, get the signed tree head and inclusion proofs; any
// user of a member asks who touched that member's contributions. Records hold ids and queries,
// never intelligence content. Who may do what is decided in oversight/audit_access.h.
#pragma once

#include "http/auth/authenticator.h"
#include "http/router.h"
#include "qccm/oversight/audit_log.h"

namespace qccm::http::routes {

struct AuditServices {
  oversight::AuditLog* log;  // null when the node runs without an audit log: every route 503
  auth::Authenticator& authenticator;
};

// Registers the /api/v1/audit routes (each declared AuditAs("audit_read"): reading the log is
// itself recorded). `services` and the log must outlive the router.
void RegisterAuditRoutes(Router& router, const AuditServices& services);

}  // namespace qccm::http::routes
