// Audit log access decisions (see audit_access.h).
#include "qccm/oversight/audit_access.h"

namespace qccm::oversight {
namespace {

Error Denied(const sharing::Principal& principal, std::string_view what) {
  return Error{ErrorCode::kPermissionDenied,
               "user '" + principal.user_name + "' may not " + std::string(what) +
                   " (the auditor role is needed)",
               {}};
}

}  // namespace

bool MayReadAuditLog(const sharing::Principal& principal) {
  return sharing::HasRole(principal.roles, sharing::Role::kAuditor);
}

Result<AuditPage> QueryAs(AuditLog& log, const sharing::Principal& principal,
                          const AuditQuery& query) {
  if (!MayReadAuditLog(principal)) return std::unexpected(Denied(principal, "query the audit log"));
  return log.Query(query);
}

Result<std::vector<AuditRecord>> SampleAs(AuditLog& log, const sharing::Principal& principal,
                                          const SampleRequest& request) {
  if (!MayReadAuditLog(principal))
    return std::unexpected(Denied(principal, "sample the audit log"));
  return log.Sample(request);
}

Result<AuditPage> WhoReadMyDataAs(AuditLog& log, const sharing::Principal& principal,
                                  const AuditQuery& query) {
  if (principal.member_code.empty()) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "user '" + principal.user_name + "' acts for no member");
  }
  return log.WhoReadMyData(principal.member_code, query);
}

}  // namespace qccm::oversight
