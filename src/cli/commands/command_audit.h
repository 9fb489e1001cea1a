// The audit record of an administrative CLI command (member, user, token, collection, export,
// review, hold): appended to the node's audit log like a request's, so that `qccm audit query`
// and `qccm audit verify` see what operators did on the host too (docs/oversight.md).
#pragma once

#include <utility>

#include "cli/context.h"
#include "qccm/oversight/audit_record.h"
#include "qccm/oversight/sqlite_audit_store.h"

namespace qccm::cli {

// Appends `record` (user "cli" unless set; outcome from `failure` when given). Returns
// `exit_code`, unless the command succeeded and its record could not be written: then the
// change stands but the command fails with exit 1 and says so. When a failed command's record
// cannot be written, the command's own error is what counts and a warning is printed.
inline int FinishAudited(Context& context, oversight::AuditRecord record, const Error* failure,
                         int exit_code) {
  auto config = context.GetConfig();
  Status appended = config ? oversight::AppendCommandRecords((*config)->data_dir, context.clock(),
                                                             {std::move(record)}, failure)
                           : Status(std::unexpected(config.error()));
  if (appended) return exit_code;
  if (failure != nullptr) {
    context.err() << "warning: the audit record of this failed command could not be written: "
                  << appended.error().message << "\n";
    return exit_code;
  }
  return context.Fail(Error{appended.error().code,
                            "the change was made, but its audit record could not be written: " +
                                appended.error().message});
}

// A failed command: prints the error, records the attempt with its outcome, returns the exit
// code of the error.
inline int FailAudited(Context& context, oversight::AuditRecord record, const Error& error) {
  const int code = context.Fail(error);
  return FinishAudited(context, std::move(record), &error, code);
}

}  // namespace qccm::cli
