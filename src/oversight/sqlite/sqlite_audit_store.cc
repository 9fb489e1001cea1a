// AuditStore on SQLite (<data_dir>/audit.db). Two connections: the writer (appends, heads,
// point reads) and a reader for long scans and queries, so that a verify of millions of records
// never blocks the request path (WAL lets the reader see a consistent snapshot meanwhile).
#include "qccm/oversight/sqlite_audit_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "oversight/sqlite/audit_schema.h"
#include "oversight/sqlite/object_id_codec.h"
#include "qccm/core/stix_id.h"
#include "qccm/oversight/audit_log.h"
#include "qccm/oversight/tree_head.h"
#include "store/sqlite/database.h"

namespace qccm::oversight {
namespace {

namespace fs = std::filesystem;
using store::sqlite::Database;
using store::sqlite::Statement;
using store::sqlite::Transaction;

constexpr char kRecordColumns[] =
    "seq, time, request, user, member, action, outcome, collection, objects, query, owners, "
    "leaf, purged";

std::int64_t Signed(std::uint64_t value) { return static_cast<std::int64_t>(value); }

std::span<const unsigned char> Bytes(const Hash& hash) { return {hash.data(), hash.size()}; }

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back('\n');
    out += items[i];
  }
  return out;
}

void SplitInto(std::string_view text, std::vector<std::string>& out) {
  out.clear();
  if (text.empty()) return;
  std::size_t start = 0;
  for (;;) {
    std::size_t nl = text.find('\n', start);
    out.emplace_back(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

// Reads the row of kRecordColumns into `out` (reusing its strings' capacity).
void ReadRecord(const Statement& row, StoredRecord& out) {
  AuditRecord& r = out.record;
  r.seq = static_cast<std::uint64_t>(row.Int(0));
  r.time = Timestamp{row.Int(1)};
  r.request_id.assign(row.Text(2));
  r.user.assign(row.Text(3));
  r.member.assign(row.Text(4));
  auto action = ParseAction(row.Text(5));
  auto outcome = ParseOutcome(row.Text(6));
  r.collection.assign(row.Text(7));
  const bool ids_ok = DecodeObjectIds(row.Blob(8), r.object_ids);
  r.query.assign(row.Text(9));
  SplitInto(row.Text(10), r.owners);
  std::span<const unsigned char> leaf = row.Blob(11);
  out.purged = row.Int(12) != 0;
  out.malformed = !out.purged && (!action || !outcome || !ids_ok || leaf.size() != out.leaf.size());
  r.action = action.value_or(AuditAction::kRead);
  r.outcome = outcome.value_or(AuditOutcome::kOk);
  out.leaf = Hash{};
  if (leaf.size() == out.leaf.size()) std::memcpy(out.leaf.data(), leaf.data(), leaf.size());
}

Result<Hash> ReadHash(std::span<const unsigned char> blob, std::string_view what) {
  Hash hash{};
  if (blob.size() != hash.size()) {
    return MakeError(ErrorCode::kStorage, std::string(what) + " is not a 32-byte hash");
  }
  std::memcpy(hash.data(), blob.data(), hash.size());
  return hash;
}

Result<SignedTreeHead> ReadHead(const Statement& row) {
  SignedTreeHead sth;
  sth.head.tree_size = static_cast<std::uint64_t>(row.Int(0));
  sth.head.time = Timestamp::FromMillis(row.Int(1));
  QCCM_TRY(root, ReadHash(row.Blob(2), "a stored tree head's root"));
  sth.head.root = root;
  std::span<const unsigned char> signature = row.Blob(3);
  // A damaged signature is Verify's to report, not a storage failure: keep what fits.
  std::memcpy(sth.signature.data(), signature.data(),
              std::min(signature.size(), sth.signature.size()));
  return sth;
}

class SqliteAuditStore final : public AuditStore {
 public:
  SqliteAuditStore(std::unique_ptr<Database> writer, std::unique_ptr<Database> reader)
      : writer_(std::move(writer)), reader_(std::move(reader)) {}

  Status Append(const AppendBatch& batch) override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(txn, Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    QCCM_TRY(size, SizeLocked());
    if (size != batch.expected_size) {
      return MakeError(ErrorCode::kConflict, "the audit log grew under this writer (size " +
                                                 std::to_string(size) + ", expected " +
                                                 std::to_string(batch.expected_size) + ")");
    }
    for (const StoredRecord& stored : batch.records) QCCM_TRY_STATUS(InsertRecord(stored));
    for (const TreeNode& node : batch.nodes) {
      QCCM_TRY(insert,
               writer_->Prepare("INSERT INTO audit_node (level, idx, hash) VALUES (?, ?, ?)"));
      insert.Bind(1, std::int64_t{node.level})
          .Bind(2, Signed(node.index))
          .BindBlob(3, Bytes(node.hash));
      QCCM_TRY_STATUS(insert.Run());
    }
    if (batch.head) QCCM_TRY_STATUS(InsertHead(*batch.head));
    return txn.Commit();
  }

  Status PutHead(const SignedTreeHead& head) override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(txn, Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    QCCM_TRY(select, writer_->Prepare("SELECT root FROM audit_head WHERE tree_size = ?"));
    select.Bind(1, Signed(head.head.tree_size));
    QCCM_TRY(found, select.Step());
    if (found) {
      QCCM_TRY(root, ReadHash(select.Blob(0), "a stored tree head's root"));
      if (root != head.head.root) {
        return MakeError(ErrorCode::kAlreadyExists, "a head of size " +
                                                        std::to_string(head.head.tree_size) +
                                                        " with another root is already stored");
      }
      return Ok();
    }
    QCCM_TRY_STATUS(InsertHead(head));
    return txn.Commit();
  }

  Result<std::uint64_t> Size() override {
    std::lock_guard lock(write_mutex_);
    return SizeLocked();
  }

  Status ScanRecords(std::uint64_t begin, std::uint64_t end,
                     const std::function<Status(const StoredRecord&)>& visit) override {
    std::lock_guard lock(read_mutex_);
    QCCM_TRY(txn, Transaction::Begin(*reader_, Transaction::Kind::kDeferred));
    QCCM_TRY(scan, reader_->Prepare(std::string("SELECT ") + kRecordColumns +
                                    " FROM audit_record WHERE seq >= ? AND seq < ? ORDER BY seq"));
    scan.Bind(1, Signed(begin)).Bind(2, Signed(std::min<std::uint64_t>(end, INT64_MAX)));
    StoredRecord stored;
    for (;;) {
      QCCM_TRY(row, scan.Step());
      if (!row) break;
      ReadRecord(scan, stored);
      QCCM_TRY_STATUS(visit(stored));
    }
    return Ok();
  }

  Result<std::vector<Hash>> LeafHashes(std::uint64_t begin, std::uint64_t end) override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(select,
             writer_->Prepare(
                 "SELECT seq, leaf FROM audit_record WHERE seq >= ? AND seq < ? ORDER BY seq"));
    select.Bind(1, Signed(begin)).Bind(2, Signed(end));
    std::vector<Hash> leaves;
    leaves.reserve(end - begin);
    for (;;) {
      QCCM_TRY(row, select.Step());
      if (!row) break;
      if (static_cast<std::uint64_t>(select.Int(0)) != begin + leaves.size()) break;
      QCCM_TRY(leaf, ReadHash(select.Blob(1), "a stored leaf hash"));
      leaves.push_back(leaf);
    }
    if (leaves.size() != end - begin) {
      return MakeError(
          ErrorCode::kNotFound,
          "audit record " + std::to_string(begin + leaves.size()) + " is missing from the store");
    }
    return leaves;
  }

  Result<StoredRecord> GetRecord(std::uint64_t seq) override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(select, writer_->Prepare(std::string("SELECT ") + kRecordColumns +
                                      " FROM audit_record WHERE seq = ?"));
    select.Bind(1, Signed(seq));
    QCCM_TRY(row, select.Step());
    if (!row) {
      return MakeError(ErrorCode::kNotFound, "there is no audit record " + std::to_string(seq));
    }
    StoredRecord stored;
    ReadRecord(select, stored);
    return stored;
  }

  Result<std::optional<Hash>> GetNode(int level, std::uint64_t index) override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(select, writer_->Prepare("SELECT hash FROM audit_node WHERE level = ? AND idx = ?"));
    select.Bind(1, std::int64_t{level}).Bind(2, Signed(index));
    QCCM_TRY(row, select.Step());
    if (!row) return std::optional<Hash>();
    QCCM_TRY(hash, ReadHash(select.Blob(0), "a stored tree node"));
    return std::optional<Hash>(hash);
  }

  Status ScanNodes(const std::function<Status(const TreeNode&)>& visit) override {
    std::lock_guard lock(read_mutex_);
    QCCM_TRY(txn, Transaction::Begin(*reader_, Transaction::Kind::kDeferred));
    QCCM_TRY(scan, reader_->Prepare("SELECT level, idx, hash FROM audit_node ORDER BY level, idx"));
    for (;;) {
      QCCM_TRY(row, scan.Step());
      if (!row) break;
      TreeNode node{static_cast<int>(scan.Int(0)), static_cast<std::uint64_t>(scan.Int(1)), {}};
      std::span<const unsigned char> hash = scan.Blob(2);
      // A wrong-sized hash stays all zero, which Verify then reports as a mismatch.
      if (hash.size() == node.hash.size()) std::memcpy(node.hash.data(), hash.data(), hash.size());
      QCCM_TRY_STATUS(visit(node));
    }
    return Ok();
  }

  Result<std::vector<SignedTreeHead>> Heads() override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(select, writer_->Prepare("SELECT tree_size, time_ms, root, signature FROM audit_head "
                                      "ORDER BY tree_size"));
    std::vector<SignedTreeHead> heads;
    for (;;) {
      QCCM_TRY(row, select.Step());
      if (!row) break;
      QCCM_TRY(head, ReadHead(select));
      heads.push_back(head);
    }
    return heads;
  }

  Result<std::optional<SignedTreeHead>> LatestHead() override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(select, writer_->Prepare("SELECT tree_size, time_ms, root, signature FROM audit_head "
                                      "ORDER BY tree_size DESC LIMIT 1"));
    QCCM_TRY(row, select.Step());
    if (!row) return std::optional<SignedTreeHead>();
    QCCM_TRY(head, ReadHead(select));
    return std::optional<SignedTreeHead>(head);
  }

  Result<std::vector<AuditRecord>> Find(const AuditFilter& filter,
                                        std::optional<std::uint64_t> after,
                                        std::size_t limit) override {
    std::lock_guard lock(read_mutex_);
    std::vector<AuditRecord> out;
    StoredRecord stored;
    // instr() also matches ids that contain the wanted one; those are dropped after LIMIT, so
    // fetch again past the last row seen.
    for (;;) {
      std::string sql = std::string("SELECT ") + kRecordColumns + " FROM audit_record WHERE " +
                        WhereClause(filter) + " AND seq > ? ORDER BY seq LIMIT ?";
      QCCM_TRY(select, reader_->Prepare(sql));
      int next = BindFilter(select, filter);
      const std::size_t wanted = limit - out.size();
      select.Bind(next, after ? Signed(*after) : std::int64_t{-1});
      select.Bind(next + 1, static_cast<std::int64_t>(wanted));
      std::size_t fetched = 0;
      for (;;) {
        QCCM_TRY(row, select.Step());
        if (!row) break;
        ++fetched;
        ReadRecord(select, stored);
        after = stored.record.seq;
        if (!filter.object_id.empty() && !Contains(stored.record.object_ids, filter.object_id)) {
          continue;
        }
        out.push_back(stored.record);
      }
      if (out.size() >= limit || fetched < wanted) break;
    }
    return out;
  }

  Result<std::vector<std::uint64_t>> FindSeqs(const AuditFilter& filter,
                                              std::uint64_t end) override {
    std::lock_guard lock(read_mutex_);
    std::string sql = "SELECT seq, objects FROM audit_record WHERE " + WhereClause(filter) +
                      " AND seq < ? ORDER BY seq";
    QCCM_TRY(select, reader_->Prepare(sql));
    int next = BindFilter(select, filter);
    select.Bind(next, Signed(end));
    std::vector<std::uint64_t> seqs;
    std::vector<std::string> objects;
    for (;;) {
      QCCM_TRY(row, select.Step());
      if (!row) break;
      if (!filter.object_id.empty()) {
        if (!DecodeObjectIds(select.Blob(1), objects) || !Contains(objects, filter.object_id)) {
          continue;
        }
      }
      seqs.push_back(static_cast<std::uint64_t>(select.Int(0)));
    }
    return seqs;
  }

  Status PurgeBefore(std::uint64_t end) override {
    std::lock_guard lock(write_mutex_);
    QCCM_TRY(txn, Transaction::Begin(*writer_, Transaction::Kind::kImmediate));
    QCCM_TRY_STATUS(writer_->Exec(
        "UPDATE audit_record SET time = 0, request = '', user = '', member = '', action = '', "
        "outcome = '', collection = '', objects = '', query = '', owners = '', purged = 1 "
        "WHERE purged = 0 AND seq < " +
        std::to_string(Signed(end))));
    QCCM_TRY_STATUS(
        writer_->Exec("DELETE FROM audit_owner WHERE seq < " + std::to_string(Signed(end))));
    return txn.Commit();
  }

 private:
  static bool Contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
  }

  static std::string WhereClause(const AuditFilter& f) {
    std::string where = "purged = 0";
    if (!f.user.empty()) where += " AND user = ?";
    if (!f.member.empty()) where += " AND member = ?";
    if (f.action) where += " AND action = ?";
    if (!f.collection.empty()) where += " AND collection = ?";
    if (f.since) where += " AND time >= ?";
    if (f.until) where += " AND time < ?";
    // No object index: records of paged reads name up to 1000 objects each, and an index entry
    // per object (random keys) cost ~8 ms per such append in bench/audit_bench.cc. Object
    // queries scan (narrowed by the other filters); the exact id is confirmed in C++. Rows
    // store the ids in the compact form (a blob, object_id_codec.h) or, written before it, as
    // text: each is searched for the id in its own form.
    if (!f.object_id.empty()) {
      where += " AND instr(objects, CASE WHEN typeof(objects) = 'blob' THEN ? ELSE ? END) > 0";
    }
    if (!f.owner.empty()) where += " AND seq IN (SELECT seq FROM audit_owner WHERE member = ?)";
    return where;
  }

  // Binds WhereClause's parameters in order; returns the next free index.
  int BindFilter(Statement& s, const AuditFilter& f) {
    int i = 1;
    if (!f.user.empty()) s.Bind(i++, f.user);
    if (!f.member.empty()) s.Bind(i++, f.member);
    if (f.action) s.Bind(i++, ActionName(*f.action));
    if (!f.collection.empty()) s.Bind(i++, f.collection);
    if (f.since) s.Bind(i++, f.since->micros);
    if (f.until) s.Bind(i++, f.until->micros);
    if (!f.object_id.empty()) {
      needle_.clear();
      EncodeObjectId(f.object_id, needle_);
      s.BindBlob(i++, {reinterpret_cast<const unsigned char*>(needle_.data()), needle_.size()});
      s.Bind(i++, f.object_id);
    }
    if (!f.owner.empty()) s.Bind(i++, f.owner);
    return i;
  }

  Result<std::uint64_t> SizeLocked() {
    QCCM_TRY(max, writer_->QueryInt("SELECT COALESCE(MAX(seq) + 1, 0) FROM audit_record"));
    return static_cast<std::uint64_t>(max);
  }

  Status InsertRecord(const StoredRecord& stored) {
    const AuditRecord& r = stored.record;
    EncodeObjectIds(r.object_ids, objects_);
    std::string owners = Join(r.owners);
    QCCM_TRY(insert,
             writer_->Prepare("INSERT INTO audit_record (seq, time, request, user, member, action, "
                              "outcome, collection, objects, query, owners, leaf, purged) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"));
    insert.Bind(1, Signed(r.seq)).Bind(2, r.time.micros).Bind(3, r.request_id).Bind(4, r.user);
    insert.Bind(5, r.member).Bind(6, ActionName(r.action)).Bind(7, OutcomeName(r.outcome));
    insert.Bind(8, r.collection).Bind(10, r.query).Bind(11, owners);
    insert.BindBlob(9, {reinterpret_cast<const unsigned char*>(objects_.data()), objects_.size()});
    insert.BindBlob(12, Bytes(stored.leaf));
    QCCM_TRY_STATUS(insert.Run());
    if (!r.owners.empty()) {
      QCCM_TRY(index,
               writer_->Prepare("INSERT OR IGNORE INTO audit_owner (member, seq) VALUES (?, ?)"));
      for (const std::string& owner : r.owners) {
        index.Bind(1, owner).Bind(2, Signed(r.seq));
        QCCM_TRY_STATUS(index.Run());
        index.Reset();
      }
    }
    return Ok();
  }

  Status InsertHead(const SignedTreeHead& sth) {
    QCCM_TRY(insert,
             writer_->Prepare("INSERT INTO audit_head (tree_size, time_ms, root, signature) "
                              "VALUES (?, ?, ?, ?)"));
    insert.Bind(1, Signed(sth.head.tree_size)).Bind(2, sth.head.time.millis());
    insert.BindBlob(3, Bytes(sth.head.root));
    insert.BindBlob(4, {sth.signature.data(), sth.signature.size()});
    return insert.Run();
  }

  std::mutex write_mutex_;
  std::string objects_;  // the row's encoded ids (write_mutex_), reused: a page names 1000
  std::mutex read_mutex_;
  std::string needle_;  // an object filter's encoded id (read_mutex_)
  std::unique_ptr<Database> writer_;
  std::unique_ptr<Database> reader_;
};

Result<std::unique_ptr<Database>> OpenConnection(const fs::path& path, int flags) {
  QCCM_TRY(db, Database::Open(path.string(), flags));
  QCCM_TRY_STATUS(db->Exec("PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;"));
  return db;
}

}  // namespace

fs::path AuditDatabasePath(const fs::path& data_dir) { return data_dir / "audit.db"; }
fs::path KeysDirectory(const fs::path& data_dir) { return data_dir / "keys"; }

Result<std::unique_ptr<AuditStore>> OpenSqliteAuditStore(const fs::path& path, bool create) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create) {
      return MakeError(ErrorCode::kNotFound, "there is no audit log here (run `qccm init`)",
                       ErrorPlace{.file = path.string()});
    }
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  QCCM_TRY(writer, OpenConnection(path, flags));
  QCCM_TRY_STATUS(writer->Exec("PRAGMA journal_mode = WAL;"));
  QCCM_TRY_STATUS(ApplyAuditSchema(*writer));
  QCCM_TRY(reader, OpenConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX));
  return std::unique_ptr<AuditStore>(
      std::make_unique<SqliteAuditStore>(std::move(writer), std::move(reader)));
}

namespace {

// `text` with every byte outside printable ASCII written as \xNN and cut to `max` bytes: a
// command line the log refuses (control characters, ill-formed UTF-8) is still recorded.
std::string PrintableAscii(std::string_view text, std::size_t max) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (out.size() + 4 > max) break;
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(ch);
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4U]);
      out.push_back(kHex[c & 15U]);
    }
  }
  return out;
}

void MakePrintable(AuditRecord& r) {
  for (std::string* field : {&r.request_id, &r.user, &r.member, &r.collection}) {
    *field = PrintableAscii(*field, 4000);
  }
  r.query = PrintableAscii(r.query, 16000);
  for (auto* list : {&r.object_ids, &r.owners}) {
    for (std::string& item : *list) item = PrintableAscii(item, 4000);
    std::erase(*list, std::string());
  }
}

}  // namespace

Status AppendCommandRecords(const fs::path& data_dir, Clock& clock,
                            std::vector<AuditRecord> records, const Error* failure) {
  QCCM_TRY(store, OpenSqliteAuditStore(AuditDatabasePath(data_dir), true));
  QCCM_TRY(key, NodeKey::LoadOrCreate(KeysDirectory(data_dir)));
  QCCM_TRY(log, AuditLog::Open(*store, &key, clock));
  const std::string request_id = "cli-" + NewUuidV4();
  for (AuditRecord& record : records) {
    if (record.user.empty()) record.user = "cli";
    if (record.request_id.empty()) record.request_id = request_id;
    if (failure != nullptr) record.outcome = OutcomeOfError(failure->code);
    if (!ValidateRecord(record)) MakePrintable(record);
  }
  auto appended = log->AppendOwned(records);
  if (!appended) return std::unexpected(appended.error());
  return Ok();
}

}  // namespace qccm::oversight
