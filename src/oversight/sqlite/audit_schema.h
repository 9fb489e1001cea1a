// The audit database's schema (audit.db is its own file, with its own version number).
#pragma once

#include "qccm/core/result.h"
#include "store/sqlite/database.h"

namespace qccm::oversight {

// The schema version this binary writes (PRAGMA user_version).
inline constexpr int kAuditSchemaVersion = 1;

// Creates the schema in a new database, or checks an existing one's version. Fails with
// kUnsupported for a newer schema, kStorage.
Status ApplyAuditSchema(store::sqlite::Database& db);

}  // namespace qccm::oversight
