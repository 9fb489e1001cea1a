// ObjectStore on SQLite: object versions, their first/last flags, visibility lists and
// status records.
#pragma once

#include <mutex>
#include <vector>

#include "qccm/store/object_store.h"
#include "store/sqlite/backend.h"

namespace qccm::store::sqlite {

// Thread-safe: writes take the backend's writer, reads borrow a reader connection.
//
// Semantics beyond the interface contract:
// - date_added: every PutObjects call that adds versions gives them max(now, previous
//   date_added + 1us), so date_added strictly increases from one call to the next and never
//   decreases in seq order; (date_added, seq) order is seq order, and the cursor is a seq.
// - "last"/"first" are the latest/earliest stored `modified` of an object; a viewer who cannot
//   see that version (TLP:RED) gets nothing for that object under that selection.
// - ListObjects on an unknown collection returns an empty page.
// - A query may name at most kMaxListValues ids, types, spec_versions or `at` versions
//   (kInvalidArgument beyond: SQLite limits the parameters of one statement).
// - Group commit: PutObjects calls that arrive while another holds the writer are stored
//   together in the next transaction (one fsync), each in its own savepoint, so one call's
//   failure does not affect the others. Each returns after the commit holding its versions.
class SqliteObjectStore final : public ObjectStore {
 public:
  static constexpr std::size_t kMaxListValues = 4096;

  explicit SqliteObjectStore(Backend& backend) : backend_(backend) {}

  Result<PutResult> PutObjects(std::string_view collection_id,
                               std::span<const NewObjectVersion> versions,
                               StatusRecord* status) override;
  Result<PutResult> PutObjectStream(std::string_view collection_id, VersionSource& source) override;
  Result<StatusRecord> GetStatus(std::string_view status_id) override;
  Result<ObjectPage> ListObjects(std::string_view collection_id, const ObjectQuery& query,
                                 const Viewer& viewer) override;
  Result<std::size_t> DeleteObject(std::string_view collection_id, std::string_view id,
                                   const VersionFilter& versions,
                                   std::span<const std::string> spec_versions,
                                   const Viewer& viewer) override;
  Result<std::int64_t> CountObjects(std::string_view collection_id) override;

 private:
  struct PendingPut;
  // Runs `group` in one transaction and sets each call's result. Holds the writer.
  void RunGroup(Database& db, std::span<PendingPut* const> group);

  Backend& backend_;
  std::mutex queue_mutex_;
  std::vector<PendingPut*> queue_;  // calls waiting for a leader; guarded by queue_mutex_
};

}  // namespace qccm::store::sqlite
