// The SQLite implementation of AuditStore, in its own database file (<data_dir>/audit.db) so
// that its schema and retention never touch the object store's.
#pragma once

#include <filesystem>
#include <memory>

#include "qccm/core/result.h"
#include "qccm/core/time.h"
#include "qccm/oversight/audit_record.h"
#include "qccm/oversight/audit_store.h"

namespace qccm::oversight {

// The audit database of a node: <data_dir>/audit.db.
std::filesystem::path AuditDatabasePath(const std::filesystem::path& data_dir);
// The node's key directory: <data_dir>/keys.
std::filesystem::path KeysDirectory(const std::filesystem::path& data_dir);

// Opens (creating when `create`) the audit database at `path` and applies its schema. Fails
// with kNotFound (missing and !create), kUnsupported (a newer schema), kStorage.
Result<std::unique_ptr<AuditStore>> OpenSqliteAuditStore(const std::filesystem::path& path,
                                                         bool create);

// Appends the records of one local command (a CLI command run on the node's host) to the audit
// log of the node at `data_dir`, in one transaction, as the server appends a request's record:
// opens (creating on first use) audit.db and the node key, appends, closes. Fills in what the
// records leave empty: user "cli", a request id "cli-<uuid>" shared by the command's records,
// and, when `failure` is given, the outcome OutcomeOfError(failure->code). Safe beside a
// running server (the log reloads on a concurrent append). Fails with the store's and the key's
// errors, kInvalidArgument (ValidateRecord).
Status AppendCommandRecords(const std::filesystem::path& data_dir, Clock& clock,
                            std::vector<AuditRecord> records, const Error* failure = nullptr);

}  // namespace qccm::oversight
