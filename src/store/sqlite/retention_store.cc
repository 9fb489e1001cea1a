// RetentionStore on SQLite. The purge deletes an object's versions, writes its tombstone and
// closes its review in one IMMEDIATE transaction, re-checking the legal hold inside it, so a hold
// placed concurrently either wins or comes after a completed purge.
#include "store/sqlite/retention_store.h"

#include <algorithm>

#include "qccm/core/check.h"
#include "store/sqlite/object_listing.h"

namespace qccm::store::sqlite {
namespace {

using retention::CollectionPolicy;
using retention::ExpiredIndicator;
using retention::LegalHold;
using retention::Renewal;
using retention::Review;
using retention::ReviewState;
using retention::ScannedVersion;
using retention::Tombstone;

constexpr const char* kReviewSelect =
    "SELECT r.id, c.id, r.object_id, r.object_type, r.owner_member, r.date_added, "
    "r.review_date, r.renewals, r.state FROM reviews r JOIN collections c ON c.ckey = r.ckey ";

Review ReadReview(const Statement& s) {
  Review r;
  r.id = s.Int(0);
  r.collection_id = s.Text(1);
  r.object_id = s.Text(2);
  r.object_type = s.Text(3);
  r.owner_member = s.Int(4);
  r.date_added = Timestamp{s.Int(5)};
  r.review_date = Timestamp{s.Int(6)};
  r.renewals = static_cast<int>(s.Int(7));
  r.state = s.Text(8) == "open" ? ReviewState::kOpen : ReviewState::kPurged;
  return r;
}

Result<std::int64_t> RequireCollectionKey(Database& db, std::string_view id) {
  QCCM_TRY(ckey, FindCollectionKey(db, id));
  if (!ckey) return MakeError(ErrorCode::kNotFound, "no collection " + std::string(id));
  return *ckey;
}

Result<bool> HasHold(Database& db, std::string_view object_id) {
  QCCM_TRY(s, db.Prepare("SELECT 1 FROM legal_holds WHERE object_id = ?1"));
  s.Bind(1, object_id);
  return s.Step();
}

Status RecordHoldHistory(Database& db, std::string_view object_id, std::string_view action,
                         std::string_view user, std::string_view reason, Timestamp at) {
  QCCM_TRY(s, db.Prepare("INSERT INTO legal_hold_history (object_id, action, user_name, reason, "
                         "at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  s.Bind(1, object_id).Bind(2, action).Bind(3, user).Bind(4, reason).Bind(5, at.micros);
  return s.Run();
}

}  // namespace

Status SqliteRetentionStore::SetCollectionPolicy(const CollectionPolicy& policy) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(ckey, RequireCollectionKey(db, policy.collection_id));
  QCCM_TRY(s, db.Prepare("INSERT INTO collection_retention (ckey, purpose, review_days) VALUES "
                         "(?1, ?2, ?3) ON CONFLICT (ckey) DO UPDATE SET purpose = "
                         "excluded.purpose, review_days = excluded.review_days"));
  s.Bind(1, ckey).Bind(2, policy.purpose).Bind(3, std::int64_t{policy.review_days});
  return s.Run();
}

Result<std::optional<CollectionPolicy>> SqliteRetentionStore::GetCollectionPolicy(
    std::string_view collection_id) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare("SELECT p.purpose, p.review_days FROM collection_retention p "
                                  "JOIN collections c ON c.ckey = p.ckey WHERE c.id = ?1"));
  s.Bind(1, collection_id);
  QCCM_TRY(row, s.Step());
  if (!row) return std::optional<CollectionPolicy>();
  return std::optional<CollectionPolicy>(CollectionPolicy{
      .collection_id = std::string(collection_id),
      .purpose = std::string(s.Text(0)),
      .review_days = static_cast<int>(s.Int(1)),
  });
}

Result<std::int64_t> SqliteRetentionStore::ScanPosition() {
  QCCM_TRY(reader, backend_.Read());
  return reader.db().QueryInt("SELECT value FROM store_meta WHERE key = 'retention_scan_seq'");
}

Result<std::vector<ScannedVersion>> SqliteRetentionStore::ScanVersions(std::int64_t after_seq,
                                                                       std::size_t limit) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare(
                  "SELECT o.seq, c.id, o.id, o.type, o.date_added, o.author_member, o.json FROM "
                  "objects o JOIN collections c ON c.ckey = o.ckey WHERE o.seq > ?1 "
                  "ORDER BY o.seq LIMIT ?2"));
  s.Bind(1, after_seq).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<ScannedVersion> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(ScannedVersion{
        .seq = s.Int(0),
        .collection_id = std::string(s.Text(1)),
        .object_id = std::string(s.Text(2)),
        .type = std::string(s.Text(3)),
        .date_added = Timestamp{s.Int(4)},
        .author_member = s.Int(5),
        .json = std::string(s.Text(6)),
    });
  }
  return out;
}

Status SqliteRetentionStore::AddReviews(std::span<const Review> reviews,
                                        std::int64_t scan_position) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
  for (const Review& r : reviews) {
    QCCM_TRY(ckey, RequireCollectionKey(db, r.collection_id));
    QCCM_TRY(s, db.Prepare(
                    "INSERT INTO reviews (ckey, object_id, object_type, owner_member, date_added, "
                    "review_date, renewals, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 'open') "
                    "ON CONFLICT (ckey, object_id) DO UPDATE SET object_type = "
                    "excluded.object_type, owner_member = excluded.owner_member, date_added = "
                    "excluded.date_added, review_date = excluded.review_date, renewals = 0, "
                    "state = 'open' WHERE reviews.state = 'purged' AND excluded.date_added > "
                    "reviews.date_added"));
    s.Bind(1, ckey).Bind(2, r.object_id).Bind(3, r.object_type).Bind(4, r.owner_member);
    s.Bind(5, r.date_added.micros).Bind(6, r.review_date.micros);
    QCCM_TRY_STATUS(s.Run());
  }
  QCCM_TRY(position, db.Prepare("UPDATE store_meta SET value = ?1 WHERE key = "
                                "'retention_scan_seq' AND value < ?1"));
  position.Bind(1, scan_position);
  QCCM_TRY_STATUS(position.Run());
  return tx.Commit();
}

Result<std::vector<Review>> SqliteRetentionStore::ListReviews(
    const retention::ReviewFilter& filter) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare(
                  std::string(kReviewSelect) +
                  "WHERE (?1 IS NULL OR r.owner_member = ?1) AND (?2 IS NULL OR r.object_id = ?2) "
                  "AND (?3 IS NULL OR r.review_date <= ?3) AND (?4 = 1 OR r.state = 'open') "
                  "ORDER BY r.review_date, r.id"));
  s.Bind(1, filter.owner_member);
  if (filter.object_id) {
    s.Bind(2, std::string_view(*filter.object_id));
  } else {
    s.BindNull(2);
  }
  s.Bind(3, filter.due_by ? std::optional<std::int64_t>(filter.due_by->micros) : std::nullopt);
  s.Bind(4, std::int64_t{filter.include_purged ? 1 : 0});
  std::vector<Review> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(ReadReview(s));
  }
  return out;
}

Status SqliteRetentionStore::RenewReview(const Renewal& renewal) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
  {
    QCCM_TRY(s, db.Prepare("SELECT state, review_date FROM reviews WHERE id = ?1"));
    s.Bind(1, renewal.review_id);
    QCCM_TRY(row, s.Step());
    if (!row) {
      return MakeError(ErrorCode::kNotFound, "no review task " + std::to_string(renewal.review_id));
    }
    if (s.Text(0) != "open") {
      return MakeError(ErrorCode::kConflict, "review task " + std::to_string(renewal.review_id) +
                                                 " is closed: its object was purged");
    }
    if (s.Int(1) != renewal.previous_date.micros) {
      return MakeError(ErrorCode::kConflict, "review task " + std::to_string(renewal.review_id) +
                                                 " was renewed meanwhile; list it again");
    }
  }
  QCCM_TRY(update, db.Prepare("UPDATE reviews SET review_date = ?2, renewals = renewals + 1 "
                              "WHERE id = ?1"));
  update.Bind(1, renewal.review_id).Bind(2, renewal.new_date.micros);
  QCCM_TRY_STATUS(update.Run());
  QCCM_TRY(insert, db.Prepare("INSERT INTO review_renewals (review_id, user_name, reason, "
                              "renewed_at, previous_date, new_date) VALUES (?1, ?2, ?3, ?4, ?5, "
                              "?6)"));
  insert.Bind(1, renewal.review_id).Bind(2, renewal.user).Bind(3, renewal.reason);
  insert.Bind(4, renewal.at.micros).Bind(5, renewal.previous_date.micros);
  insert.Bind(6, renewal.new_date.micros);
  QCCM_TRY_STATUS(insert.Run());
  return tx.Commit();
}

Result<std::vector<Renewal>> SqliteRetentionStore::ListRenewals(std::int64_t review_id) {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare("SELECT user_name, reason, renewed_at, previous_date, new_date "
                                  "FROM review_renewals WHERE review_id = ?1 ORDER BY id"));
  s.Bind(1, review_id);
  std::vector<Renewal> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(Renewal{.review_id = review_id,
                          .user = std::string(s.Text(0)),
                          .reason = std::string(s.Text(1)),
                          .at = Timestamp{s.Int(2)},
                          .previous_date = Timestamp{s.Int(3)},
                          .new_date = Timestamp{s.Int(4)}});
  }
  return out;
}

Result<std::optional<retention::ObjectLocation>> SqliteRetentionStore::LocateObject(
    std::string_view object_id) {
  QCCM_TRY(reader, backend_.Read());
  // ckey IN (...) lets SQLite probe objects_by_id once per collection instead of scanning.
  QCCM_TRY(s, reader.db().Prepare(
                  "SELECT c.id, o.author_member FROM objects o JOIN collections c ON c.ckey = "
                  "o.ckey WHERE o.ckey IN (SELECT ckey FROM collections) AND o.id_key = ?1 AND "
                  "o.id = ?2 ORDER BY o.modified DESC, o.seq DESC"));
  s.Bind(1, IdKey(object_id)).Bind(2, object_id);
  std::optional<retention::ObjectLocation> location;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    if (!location) location.emplace().owner_member = s.Int(1);
    std::string collection(s.Text(0));
    auto& ids = location->collection_ids;
    if (std::find(ids.begin(), ids.end(), collection) == ids.end()) ids.push_back(collection);
  }
  return location;
}

Status SqliteRetentionStore::PlaceHold(const LegalHold& hold) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
  QCCM_TRY(held, HasHold(db, hold.object_id));
  if (held) {
    return MakeError(ErrorCode::kAlreadyExists, hold.object_id + " is already under a legal hold");
  }
  QCCM_TRY(s, db.Prepare("INSERT INTO legal_holds (object_id, owner_member, reason, placed_by, "
                         "placed_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  s.Bind(1, hold.object_id).Bind(2, hold.owner_member).Bind(3, hold.reason);
  s.Bind(4, hold.placed_by).Bind(5, hold.placed_at.micros);
  QCCM_TRY_STATUS(s.Run());
  QCCM_TRY_STATUS(
      RecordHoldHistory(db, hold.object_id, "placed", hold.placed_by, hold.reason, hold.placed_at));
  return tx.Commit();
}

Status SqliteRetentionStore::ReleaseHold(std::string_view object_id, std::string_view user,
                                         std::string_view reason, Timestamp at) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
  QCCM_TRY(s, db.Prepare("DELETE FROM legal_holds WHERE object_id = ?1"));
  s.Bind(1, object_id);
  QCCM_TRY_STATUS(s.Run());
  if (db.Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, std::string(object_id) + " is not under a legal hold");
  }
  QCCM_TRY_STATUS(RecordHoldHistory(db, object_id, "released", user, reason, at));
  return tx.Commit();
}

Result<std::optional<LegalHold>> SqliteRetentionStore::GetHold(std::string_view object_id) {
  QCCM_TRY(holds, ListHolds());
  for (auto& h : holds) {
    if (h.object_id == object_id) return std::optional<LegalHold>(std::move(h));
  }
  return std::optional<LegalHold>();
}

Result<std::vector<LegalHold>> SqliteRetentionStore::ListHolds() {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare("SELECT object_id, owner_member, reason, placed_by, placed_at "
                                  "FROM legal_holds ORDER BY placed_at, object_id"));
  std::vector<LegalHold> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(LegalHold{.object_id = std::string(s.Text(0)),
                            .owner_member = s.Int(1),
                            .reason = std::string(s.Text(2)),
                            .placed_by = std::string(s.Text(3)),
                            .placed_at = Timestamp{s.Int(4)}});
  }
  return out;
}

Result<std::optional<Tombstone>> SqliteRetentionStore::Purge(std::int64_t review_id,
                                                             const Tombstone& tombstone) {
  auto [lock, db] = backend_.Write();
  QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
  Review review;
  std::int64_t ckey = 0;
  {
    QCCM_TRY(s, db.Prepare(std::string(kReviewSelect) + "WHERE r.id = ?1"));
    s.Bind(1, review_id);
    QCCM_TRY(row, s.Step());
    if (!row) return MakeError(ErrorCode::kNotFound, "no review task " + std::to_string(review_id));
    review = ReadReview(s);
  }
  if (review.state == ReviewState::kPurged) return std::optional<Tombstone>();
  QCCM_TRY(held, HasHold(db, review.object_id));
  if (held) {
    return MakeError(ErrorCode::kConflict, review.object_id +
                                               " is under a legal hold: it cannot be purged "
                                               "until an admin of its member releases the hold");
  }
  QCCM_TRY(key, RequireCollectionKey(db, review.collection_id));
  ckey = key;
  {
    QCCM_TRY(s, db.Prepare("DELETE FROM objects WHERE ckey = ?1 AND id_key = ?2 AND id = ?3"));
    s.Bind(1, ckey).Bind(2, IdKey(review.object_id)).Bind(3, review.object_id);
    QCCM_TRY_STATUS(s.Run());
  }
  Tombstone out = tombstone;
  out.collection_id = review.collection_id;
  out.object_id = review.object_id;
  out.object_type = review.object_type;
  out.owner_member = review.owner_member;
  out.versions = db.Changes();
  {
    QCCM_TRY(s, db.Prepare("DELETE FROM expired_indicators WHERE ckey = ?1 AND object_id = ?2"));
    s.Bind(1, ckey).Bind(2, review.object_id);
    QCCM_TRY_STATUS(s.Run());
  }
  {
    QCCM_TRY(s, db.Prepare("INSERT INTO tombstones (collection_id, object_id, object_type, "
                           "owner_member, versions, purged_at, purged_by, reason) VALUES (?1, ?2, "
                           "?3, ?4, ?5, ?6, ?7, ?8)"));
    s.Bind(1, out.collection_id).Bind(2, out.object_id).Bind(3, out.object_type);
    s.Bind(4, out.owner_member).Bind(5, out.versions).Bind(6, out.purged_at.micros);
    s.Bind(7, out.purged_by).Bind(8, out.reason);
    QCCM_TRY_STATUS(s.Run());
    out.id = db.LastInsertRowid();
  }
  {
    QCCM_TRY(s, db.Prepare("UPDATE reviews SET state = 'purged' WHERE id = ?1"));
    s.Bind(1, review_id);
    QCCM_TRY_STATUS(s.Run());
  }
  QCCM_TRY_STATUS(tx.Commit());
  return std::optional<Tombstone>(std::move(out));
}

Result<std::vector<Tombstone>> SqliteRetentionStore::ListTombstones() {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare("SELECT id, collection_id, object_id, object_type, "
                                  "owner_member, versions, purged_at, purged_by, reason FROM "
                                  "tombstones ORDER BY id"));
  std::vector<Tombstone> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(Tombstone{.id = s.Int(0),
                            .collection_id = std::string(s.Text(1)),
                            .object_id = std::string(s.Text(2)),
                            .object_type = std::string(s.Text(3)),
                            .owner_member = s.Int(4),
                            .versions = s.Int(5),
                            .purged_at = Timestamp{s.Int(6)},
                            .purged_by = std::string(s.Text(7)),
                            .reason = std::string(s.Text(8))});
  }
  return out;
}

Result<std::vector<ExpiredIndicator>> SqliteRetentionStore::MarkExpired(Timestamp now) {
  std::vector<ExpiredIndicator> marked;
  {
    auto [lock, db] = backend_.Write();
    QCCM_TRY(tx, Transaction::Begin(db, Transaction::Kind::kImmediate));
    {
      // A later version may have extended (or dropped) valid_until: un-mark it.
      QCCM_TRY(
          s, db.Prepare("DELETE FROM expired_indicators WHERE NOT EXISTS (SELECT 1 FROM objects o "
                        "WHERE o.ckey = expired_indicators.ckey AND o.id = "
                        "expired_indicators.object_id AND o.is_last = 1 AND o.valid_until <= ?1)"));
      s.Bind(1, now.micros);
      QCCM_TRY_STATUS(s.Run());
    }
    QCCM_TRY(s, db.Prepare("INSERT INTO expired_indicators (ckey, object_id, valid_until, "
                           "marked_at) SELECT o.ckey, o.id, o.valid_until, ?1 FROM objects o "
                           "WHERE o.type = 'indicator' AND o.is_last = 1 AND o.valid_until <= ?1 "
                           "ON CONFLICT (ckey, object_id) DO NOTHING "
                           "RETURNING object_id, valid_until, "
                           "(SELECT id FROM collections c WHERE c.ckey = "
                           "expired_indicators.ckey)"));
    s.Bind(1, now.micros);
    for (;;) {
      QCCM_TRY(row, s.Step());
      if (!row) break;
      marked.push_back(ExpiredIndicator{.collection_id = std::string(s.Text(2)),
                                        .object_id = std::string(s.Text(0)),
                                        .valid_until = Timestamp{s.Int(1)},
                                        .marked_at = now});
    }
    QCCM_TRY_STATUS(tx.Commit());
  }
  return marked;
}

Result<std::vector<ExpiredIndicator>> SqliteRetentionStore::ListExpired() {
  QCCM_TRY(reader, backend_.Read());
  QCCM_TRY(s, reader.db().Prepare("SELECT c.id, e.object_id, e.valid_until, e.marked_at FROM "
                                  "expired_indicators e JOIN collections c ON c.ckey = e.ckey "
                                  "ORDER BY e.valid_until, e.object_id"));
  std::vector<ExpiredIndicator> out;
  for (;;) {
    QCCM_TRY(row, s.Step());
    if (!row) break;
    out.push_back(ExpiredIndicator{.collection_id = std::string(s.Text(0)),
                                   .object_id = std::string(s.Text(1)),
                                   .valid_until = Timestamp{s.Int(2)},
                                   .marked_at = Timestamp{s.Int(3)}});
  }
  return out;
}

}  // namespace qccm::store::sqlite
