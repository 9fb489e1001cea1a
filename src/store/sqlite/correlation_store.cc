// CorrelationStore on SQLite. Lists of ids are stored as JSON arrays (Boost.JSON, error_code
// API); they are short (a few members or objects) and only ever read whole.
#include "store/sqlite/correlation_store.h"

#include <boost/json.hpp>

namespace qccm::store::sqlite {
namespace {

using correlation::Feedback;
using correlation::GradeAssertion;
using correlation::Notification;
using correlation::ReliabilityRating;
using correlation::Rfi;
using correlation::RfiResponse;
using correlation::StoredVersion;

template <typename T>
std::string JsonList(const std::vector<T>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return boost::json::serialize(array);
}

std::vector<std::int64_t> IdList(std::string_view text) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& v : value.get_array()) {
    if (v.is_int64()) out.push_back(v.get_int64());
  }
  return out;
}

std::vector<std::string> StringList(std::string_view text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& v : value.get_array()) {
    if (v.is_string()) out.emplace_back(v.get_string());
  }
  return out;
}

std::optional<std::int64_t> Micros(const std::optional<Timestamp>& t) {
  return t ? std::optional<std::int64_t>(t->micros) : std::nullopt;
}

constexpr const char* kVersionSelect =
    "SELECT o.seq, c.id, o.id, o.type, o.modified, o.date_added, o.tlp, o.author_member, "
    "o.revoked, o.json FROM objects o JOIN collections c ON c.ckey = o.ckey ";

StoredVersion ReadVersion(const Statement& s) {
  StoredVersion v;
  v.seq = s.Int(0);
  v.collection_id = s.Text(1);
  v.id = s.Text(2);
  v.type = s.Text(3);
  v.modified = Timestamp{s.Int(4)};
  v.date_added = Timestamp{s.Int(5)};
  v.tlp = static_cast<stix::Tlp>(s.Int(6));
  v.author_member = s.Int(7);
  v.revoked = s.Int(8) != 0;
  v.json = s.Text(9);
  return v;
}

Status ReadNamedMembers(Database& db, StoredVersion& v) {
  if (v.tlp != stix::Tlp::kRed) return Ok();
  QCCM_TRY(s, db.Prepare("SELECT member_id FROM object_named_members WHERE seq = ?1"));
  s.Bind(1, v.seq);
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    v.named_members.push_back(s.Int(0));
  }
  return Ok();
}

constexpr const char* kNotificationColumns =
    "id, member_id, kind, about_member, observable, object_ids, rfi_id, state, message, created, "
    "answered_at, answered_by";

Notification ReadNotification(const Statement& s) {
  Notification n;
  n.id = s.Text(0);
  n.member_id = s.Int(1);
  n.kind = s.Text(2);
  n.about_member = s.Int(3);
  n.observable = s.Text(4);
  n.object_ids = StringList(s.Text(5));
  n.rfi_id = s.Text(6);
  n.state = s.Text(7);
  n.message = s.Text(8);
  n.created = Timestamp{s.Int(9)};
  if (!s.IsNull(10)) n.answered_at = Timestamp{s.Int(10)};
  n.answered_by = s.Int(11);
  return n;
}

constexpr const char* kRfiColumns =
    "id, requester_member, requester_user, clue_id, observable, question, priority, due, state, "
    "created, closed_at";

Rfi ReadRfi(const Statement& s) {
  Rfi r;
  r.id = s.Text(0);
  r.requester_member = s.Int(1);
  r.requester_user = s.Int(2);
  r.clue_id = s.Text(3);
  r.observable = s.Text(4);
  r.question = s.Text(5);
  r.priority = s.Text(6);
  r.due = Timestamp{s.Int(7)};
  r.state = s.Text(8);
  r.created = Timestamp{s.Int(9)};
  if (!s.IsNull(10)) r.closed_at = Timestamp{s.Int(10)};
  return r;
}

template <typename T>
Result<std::vector<T>> ReadAll(Statement& s, T (*read)(const Statement&)) {
  std::vector<T> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(read(s));
  }
  return out;
}

}  // namespace

Status SqliteCorrelationStore::ScanLatestVersions(
    std::size_t batch, const std::function<Status(const StoredVersion&)>& visit) {
  std::int64_t after = 0;
  for (;;) {
    std::vector<StoredVersion> rows;
    {
      QCCM_TRY(reader, backend_.Read());
      QCCM_TRY(tx, Transaction::Begin(reader.db(), Transaction::Kind::kDeferred));
      QCCM_TRY(s,
               reader.db().Prepare(std::string(kVersionSelect) +
                                   "WHERE o.is_last = 1 AND o.seq > ?1 ORDER BY o.seq LIMIT ?2"));
      s.Bind(1, after).Bind(2, static_cast<std::int64_t>(batch));
      QCCM_TRY(all, ReadAll(s, &ReadVersion));
      rows = std::move(all);
      for (auto& v : rows) QCCM_TRY_STATUS(ReadNamedMembers(reader.db(), v));
      QCCM_TRY_STATUS(tx.Commit());
    }
    if (rows.empty()) return Ok();
    after = rows.back().seq;
    for (const auto& v : rows) QCCM_TRY_STATUS(visit(v));
    if (rows.size() < batch) return Ok();
  }
}

Result<std::optional<StoredVersion>> SqliteCorrelationStore::LatestVersion(
    std::string_view collection_id, std::string_view id) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare(std::string(kVersionSelect) +
                                  "WHERE c.id = ?1 AND o.id = ?2 AND o.is_last = 1"));
  s.Bind(1, collection_id).Bind(2, id);
  QCCM_TRY(row, s.Step());
  if (!row) return std::optional<StoredVersion>();
  StoredVersion v = ReadVersion(s);
  QCCM_TRY_STATUS(ReadNamedMembers(reader.db(), v));
  return std::optional<StoredVersion>(std::move(v));
}

Status SqliteCorrelationStore::PutRating(const ReliabilityRating& r) {
  auto lease = backend_.Write();
  QCCM_TRY(
      s, lease.db.Prepare("INSERT OR REPLACE INTO reliability_ratings (rater_member, rated_member, "
                          "reliability, rated_by_user, rated_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  const char letter[2] = {r.reliability, 0};
  s.Bind(1, r.rater_member).Bind(2, r.rated_member).Bind(3, std::string_view(letter, 1));
  s.Bind(4, r.rated_by_user).Bind(5, r.rated_at.micros);
  return s.Run();
}

Result<std::vector<ReliabilityRating>> SqliteCorrelationStore::RatingsBy(std::int64_t rater) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare("SELECT rater_member, rated_member, reliability, rated_by_user, "
                                  "rated_at FROM reliability_ratings WHERE rater_member = ?1 "
                                  "ORDER BY rated_member"));
  s.Bind(1, rater);
  return ReadAll<ReliabilityRating>(s, [](const Statement& st) {
    return ReliabilityRating{st.Int(0), st.Int(1), st.Text(2).empty() ? 'F' : st.Text(2)[0],
                             st.Int(3), Timestamp{st.Int(4)}};
  });
}

Result<GradeAssertion> SqliteCorrelationStore::AddAssertion(const GradeAssertion& a) {
  auto lease = backend_.Write();
  QCCM_TRY(s, lease.db.Prepare("INSERT INTO grade_assertions (clue_id, member_id, user_id, "
                               "reliability, credibility, scale, original, note, asserted_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  const char r[1] = {a.reliability};
  const char c[1] = {a.credibility};
  s.Bind(1, a.clue_id).Bind(2, a.member_id).Bind(3, a.user_id);
  s.Bind(4, std::string_view(r, 1)).Bind(5, std::string_view(c, 1)).Bind(6, a.scale);
  s.Bind(7, a.original).Bind(8, a.note).Bind(9, a.asserted_at.micros);
  QCCM_TRY_STATUS(s.Run());
  GradeAssertion stored = a;
  stored.id = lease.db.LastInsertRowid();
  return stored;
}

Result<std::vector<GradeAssertion>> SqliteCorrelationStore::AssertionsOn(std::string_view clue_id) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare(
                  "SELECT id, clue_id, member_id, user_id, reliability, credibility, scale, "
                  "original, note, asserted_at FROM grade_assertions WHERE clue_id = ?1 "
                  "ORDER BY id"));
  s.Bind(1, clue_id);
  return ReadAll<GradeAssertion>(s, [](const Statement& st) {
    GradeAssertion a;
    a.id = st.Int(0);
    a.clue_id = st.Text(1);
    a.member_id = st.Int(2);
    a.user_id = st.Int(3);
    a.reliability = st.Text(4).empty() ? 'F' : st.Text(4)[0];
    a.credibility = st.Text(5).empty() ? '6' : st.Text(5)[0];
    a.scale = st.Text(6);
    a.original = st.Text(7);
    a.note = st.Text(8);
    a.asserted_at = Timestamp{st.Int(9)};
    return a;
  });
}

Result<Feedback> SqliteCorrelationStore::AddFeedback(const Feedback& f) {
  auto lease = backend_.Write();
  QCCM_TRY(s, lease.db.Prepare("INSERT INTO clue_feedback (clue_id, observable, member_id, "
                               "verdict, rfi_id, visible_to, recorded_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  std::string visible = JsonList(f.visible_to);
  s.Bind(1, f.clue_id).Bind(2, f.observable).Bind(3, f.member_id).Bind(4, f.verdict);
  s.Bind(5, f.rfi_id).Bind(6, visible).Bind(7, f.recorded_at.micros);
  QCCM_TRY_STATUS(s.Run());
  Feedback stored = f;
  stored.id = lease.db.LastInsertRowid();
  return stored;
}

Result<std::vector<Feedback>> SqliteCorrelationStore::FeedbackFor(
    std::string_view clue_id, std::span<const std::string> observables, std::int64_t member) {
  QCCM_TRY(reader, backend_.Read());
  std::vector<Feedback> out;
  auto collect = [&](std::string_view column, std::string_view value) -> Status {
    if (value.empty()) return Ok();
    QCCM_TRY(s, reader.db().Prepare(
                    "SELECT id, clue_id, observable, member_id, verdict, rfi_id, visible_to, "
                    "recorded_at FROM clue_feedback WHERE " +
                    std::string(column) + " = ?1 ORDER BY id"));
    s.Bind(1, value);
    for (;;) {
      QCCM_TRY(row, s.Step());
      if (!row) break;
      Feedback f;
      f.id = s.Int(0);
      f.clue_id = s.Text(1);
      f.observable = s.Text(2);
      f.member_id = s.Int(3);
      f.verdict = s.Text(4);
      f.rfi_id = s.Text(5);
      f.visible_to = IdList(s.Text(6));
      f.recorded_at = Timestamp{s.Int(7)};
      bool visible =
          std::find(f.visible_to.begin(), f.visible_to.end(), member) != f.visible_to.end();
      bool seen =
          std::any_of(out.begin(), out.end(), [&](const Feedback& g) { return g.id == f.id; });
      if (visible && !seen) out.push_back(std::move(f));
    }
    return Ok();
  };
  QCCM_TRY_STATUS(collect("clue_id", clue_id));
  for (const auto& o : observables) QCCM_TRY_STATUS(collect("observable", o));
  return out;
}

Status SqliteCorrelationStore::AddNotification(const Notification& n) {
  auto lease = backend_.Write();
  QCCM_TRY(s, lease.db.Prepare(std::string("INSERT INTO notifications (") + kNotificationColumns +
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  std::string objects = JsonList(n.object_ids);
  s.Bind(1, n.id).Bind(2, n.member_id).Bind(3, n.kind).Bind(4, n.about_member);
  s.Bind(5, n.observable).Bind(6, objects).Bind(7, n.rfi_id).Bind(8, n.state).Bind(9, n.message);
  s.Bind(10, n.created.micros).Bind(11, Micros(n.answered_at)).Bind(12, n.answered_by);
  return s.Run();
}

Result<std::optional<Notification>> SqliteCorrelationStore::FindOpenHit(
    std::int64_t member, std::int64_t about_member, std::string_view observable) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare(std::string("SELECT ") + kNotificationColumns +
                                  " FROM notifications WHERE member_id = ?1 AND about_member = ?2"
                                  " AND observable = ?3 AND kind = 'hit' AND state = 'open'"));
  s.Bind(1, member).Bind(2, about_member).Bind(3, observable);
  QCCM_TRY(row, s.Step());
  if (!row) return std::optional<Notification>();
  return std::optional<Notification>(ReadNotification(s));
}

Result<Notification> SqliteCorrelationStore::GetNotification(std::string_view id) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare(std::string("SELECT ") + kNotificationColumns +
                                  " FROM notifications WHERE id = ?1"));
  s.Bind(1, id);
  QCCM_TRY(row, s.Step());
  if (!row) return MakeError(ErrorCode::kNotFound, "no notification '" + std::string(id) + "'");
  return ReadNotification(s);
}

Status SqliteCorrelationStore::UpdateNotification(const Notification& n) {
  auto lease = backend_.Write();
  QCCM_TRY(s, lease.db.Prepare("UPDATE notifications SET state = ?2, object_ids = ?3, "
                               "answered_at = ?4, answered_by = ?5, message = ?6 WHERE id = ?1"));
  std::string objects = JsonList(n.object_ids);
  s.Bind(1, n.id).Bind(2, n.state).Bind(3, objects).Bind(4, Micros(n.answered_at));
  s.Bind(5, n.answered_by).Bind(6, n.message);
  return s.Run();
}

Result<std::vector<Notification>> SqliteCorrelationStore::NotificationsFor(std::int64_t member,
                                                                           std::string_view state,
                                                                           std::size_t limit) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare(std::string("SELECT ") + kNotificationColumns +
                                  " FROM notifications WHERE member_id = ?1 AND (?2 = '' OR "
                                  "state = ?2) ORDER BY created DESC, id LIMIT ?3"));
  s.Bind(1, member).Bind(2, state).Bind(3, static_cast<std::int64_t>(limit));
  return ReadAll(s, &ReadNotification);
}

Status SqliteCorrelationStore::AddRfi(const Rfi& r) {
  auto lease = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(lease.db, Transaction::Kind::kImmediate));
  {
    QCCM_TRY(s, lease.db.Prepare(std::string("INSERT INTO rfis (") + kRfiColumns +
                                 ", to_all) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                 "?11, ?12)"));
    s.Bind(1, r.id).Bind(2, r.requester_member).Bind(3, r.requester_user).Bind(4, r.clue_id);
    s.Bind(5, r.observable).Bind(6, r.question).Bind(7, r.priority).Bind(8, r.due.micros);
    s.Bind(9, r.state).Bind(10, r.created.micros).Bind(11, Micros(r.closed_at));
    s.Bind(12, std::int64_t{r.addressees.empty() ? 1 : 0});
    QCCM_TRY_STATUS(s.Run());
  }
  for (std::int64_t member : r.addressees) {
    QCCM_TRY(s, lease.db.Prepare(
                    "INSERT OR IGNORE INTO rfi_addressees (rfi_id, member_id) VALUES (?1, ?2)"));
    s.Bind(1, r.id).Bind(2, member);
    QCCM_TRY_STATUS(s.Run());
  }
  return tx.Commit();
}

Result<std::vector<std::int64_t>> SqliteCorrelationStore::Addressees(Database& db,
                                                                     std::string_view rfi_id) {
  QCCM_TRY(s, db.Prepare("SELECT member_id FROM rfi_addressees WHERE rfi_id = ?1 "
                         "ORDER BY member_id"));
  s.Bind(1, rfi_id);
  std::vector<std::int64_t> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(s.Int(0));
  }
  return out;
}

Result<Rfi> SqliteCorrelationStore::GetRfi(std::string_view id) {
  QCCM_TRY(reader, backend_.Read());
  Rfi rfi;
  {
    QCCM_TRY(
        s, reader.db().Prepare(std::string("SELECT ") + kRfiColumns + " FROM rfis WHERE id = ?1"));
    s.Bind(1, id);
    QCCM_TRY(row, s.Step());
    if (!row)
      return MakeError(ErrorCode::kNotFound,
                       "no request for information '" + std::string(id) + "'");
    rfi = ReadRfi(s);
  }
  QCCM_TRY(addressees, Addressees(reader.db(), id));
  rfi.addressees = std::move(addressees);
  return rfi;
}

Status SqliteCorrelationStore::UpdateRfi(const Rfi& r) {
  auto lease = backend_.Write();
  QCCM_TRY(s, lease.db.Prepare("UPDATE rfis SET state = ?2, closed_at = ?3 WHERE id = ?1"));
  s.Bind(1, r.id).Bind(2, r.state).Bind(3, Micros(r.closed_at));
  return s.Run();
}

Result<std::vector<Rfi>> SqliteCorrelationStore::RfisFor(std::int64_t member, std::size_t limit) {
  QCCM_TRY(reader, backend_.Read());
  std::vector<Rfi> out;
  {
    QCCM_TRY(s,
             reader.db().Prepare(
                 std::string("SELECT ") + kRfiColumns +
                 " FROM rfis WHERE requester_member = ?1 OR to_all = 1 OR id IN (SELECT rfi_id "
                 "FROM rfi_addressees WHERE member_id = ?1) ORDER BY created DESC, id LIMIT ?2"));
    s.Bind(1, member).Bind(2, static_cast<std::int64_t>(limit));
    QCCM_TRY(all, ReadAll(s, &ReadRfi));
    out = std::move(all);
  }
  for (auto& rfi : out) {
    QCCM_TRY(addressees, Addressees(reader.db(), rfi.id));
    rfi.addressees = std::move(addressees);
  }
  return out;
}

Result<std::vector<Rfi>> SqliteCorrelationStore::RfisDue(Timestamp now) {
  QCCM_TRY(reader, backend_.Read());
  std::vector<Rfi> out;
  {
    QCCM_TRY(s, reader.db().Prepare(std::string("SELECT ") + kRfiColumns +
                                    " FROM rfis WHERE state IN ('open', 'answered') AND due <= ?1"
                                    " ORDER BY due, id"));
    s.Bind(1, now.micros);
    QCCM_TRY(all, ReadAll(s, &ReadRfi));
    out = std::move(all);
  }
  for (auto& rfi : out) {
    QCCM_TRY(addressees, Addressees(reader.db(), rfi.id));
    rfi.addressees = std::move(addressees);
  }
  return out;
}

Result<RfiResponse> SqliteCorrelationStore::AddRfiResponse(const RfiResponse& r) {
  auto lease = backend_.Write();
  QCCM_TRY(s, lease.db.Prepare("INSERT INTO rfi_responses (rfi_id, member_id, user_id, verdict, "
                               "text, collection_id, object_ids, responded_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  std::string objects = JsonList(r.object_ids);
  s.Bind(1, r.rfi_id).Bind(2, r.member_id).Bind(3, r.user_id).Bind(4, r.verdict);
  s.Bind(5, r.text).Bind(6, r.collection_id).Bind(7, objects).Bind(8, r.responded_at.micros);
  QCCM_TRY_STATUS(s.Run());
  RfiResponse stored = r;
  stored.id = lease.db.LastInsertRowid();
  return stored;
}

Result<std::vector<RfiResponse>> SqliteCorrelationStore::RfiResponses(std::string_view rfi_id) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare("SELECT id, rfi_id, member_id, user_id, verdict, text, "
                                  "collection_id, object_ids, responded_at FROM rfi_responses "
                                  "WHERE rfi_id = ?1 ORDER BY id"));
  s.Bind(1, rfi_id);
  return ReadAll<RfiResponse>(s, [](const Statement& st) {
    RfiResponse r;
    r.id = st.Int(0);
    r.rfi_id = st.Text(1);
    r.member_id = st.Int(2);
    r.user_id = st.Int(3);
    r.verdict = st.Text(4);
    r.text = st.Text(5);
    r.collection_id = st.Text(6);
    r.object_ids = StringList(st.Text(7));
    r.responded_at = Timestamp{st.Int(8)};
    return r;
  });
}

}  // namespace qccm::store::sqlite
