// Who may read the audit log: the one place that decides it. The auditor role reads audit
// metadata of every member (never intelligence content: records hold ids and queries only);
// any member's users see who touched that member's own contributions.
#pragma once

#include "qccm/core/result.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/sharing/access_policy.h"

namespace qccm::oversight {

// True for the auditor role only (separation of duties: admins administer, auditors oversee).
bool MayReadAuditLog(const sharing::Principal& principal);

// As AuditLog::Query, for an auditor. kPermissionDenied for anyone else.
Result<AuditPage> QueryAs(AuditLog& log, const sharing::Principal& principal,
                          const AuditQuery& query);
// As AuditLog::Sample, for an auditor. kPermissionDenied for anyone else.
Result<std::vector<AuditRecord>> SampleAs(AuditLog& log, const sharing::Principal& principal,
                                          const SampleRequest& request);
// Who touched the principal's member's contributions. Any authenticated user of a member;
// always restricted to that member (kPermissionDenied without one).
Result<AuditPage> WhoReadMyDataAs(AuditLog& log, const sharing::Principal& principal,
                                  const AuditQuery& query);

}  // namespace qccm::oversight
