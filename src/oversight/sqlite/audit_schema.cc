// The audit database's schema.
#include "oversight/sqlite/audit_schema.h"

namespace qccm::oversight {
namespace {

// audit_record: one row per leaf; the columns are the record (the leaf is recomputed from them
//   on verify), `leaf` the leaf hash written at append; purged rows keep seq and leaf only.
//   `objects` holds the ids in the compact form of object_id_codec.h (a blob); rows written
//   before that form hold them as text joined by '\n' (both decode; no migration needed).
// audit_owner: the index behind "who read my data" (owner member code -> seq). Object ids have
//   no index (see sqlite_audit_store.cc).
// audit_node: interior nodes at every 4th level, for proofs without rehashing subtrees.
// audit_head: signed tree heads.
constexpr char kSchemaV1[] = R"sql(
CREATE TABLE audit_record (
  seq INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  request TEXT NOT NULL,
  user TEXT NOT NULL,
  member TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  collection TEXT NOT NULL,
  objects TEXT NOT NULL,
  query TEXT NOT NULL,
  owners TEXT NOT NULL,
  leaf BLOB NOT NULL,
  purged INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX audit_record_user ON audit_record (user, seq);
CREATE INDEX audit_record_member ON audit_record (member, seq);
CREATE INDEX audit_record_time ON audit_record (time);
CREATE TABLE audit_owner (
  member TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (member, seq)
) WITHOUT ROWID;
CREATE TABLE audit_node (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE audit_head (
  tree_size INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  root BLOB NOT NULL,
  signature BLOB NOT NULL
);
PRAGMA user_version = 1;
)sql";

}  // namespace

Status ApplyAuditSchema(store::sqlite::Database& db) {
  QCCM_TRY(txn,
           store::sqlite::Transaction::Begin(db, store::sqlite::Transaction::Kind::kImmediate));
  QCCM_TRY(version, db.QueryInt("PRAGMA user_version"));
  if (version > kAuditSchemaVersion) {
    return MakeError(ErrorCode::kUnsupported,
                     "the audit database has schema version " + std::to_string(version) +
                         "; this binary knows up to " + std::to_string(kAuditSchemaVersion),
                     ErrorPlace{.file = db.path()});
  }
  if (version == kAuditSchemaVersion) return Ok();
  QCCM_TRY_STATUS(db.Exec(kSchemaV1));
  return txn.Commit();
}

}  // namespace qccm::oversight
