// The SQLite implementation of AuditStore, in its own database file (<data_dir>/audit.db) so
// that its schema and retention never touch the object store's.
#pragma once

#include <filesystem>
#include <memory>

#include "qccm/core/result.h"
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

}  // namespace qccm::oversight
