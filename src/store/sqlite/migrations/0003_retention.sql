-- QCCM schema 3: purpose and review of personal data (docs/retention.md). A collection's
-- purpose and review period; review tasks for objects holding personal data, with their
-- renewals; legal holds and their history; tombstones of purged objects (never their content);
-- indicators marked expired; and the review scan's position in store_meta.
-- Timestamps are INTEGER microseconds (UTC).

CREATE TABLE collection_retention (
  ckey INTEGER PRIMARY KEY REFERENCES collections(ckey),
  purpose TEXT NOT NULL,
  review_days INTEGER NOT NULL CHECK (review_days >= 1)
);

-- One review per (collection, object). owner_member submitted the object's first version there.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  ckey INTEGER NOT NULL REFERENCES collections(ckey),
  object_id TEXT NOT NULL,
  object_type TEXT NOT NULL,
  owner_member INTEGER NOT NULL,
  date_added INTEGER NOT NULL,
  review_date INTEGER NOT NULL,
  renewals INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('open', 'purged')),
  UNIQUE (ckey, object_id)
);
CREATE INDEX reviews_by_owner ON reviews(owner_member, review_date);
CREATE INDEX reviews_by_date ON reviews(state, review_date);
CREATE INDEX reviews_by_object ON reviews(object_id);

CREATE TABLE review_renewals (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES reviews(id),
  user_name TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  renewed_at INTEGER NOT NULL,
  previous_date INTEGER NOT NULL,
  new_date INTEGER NOT NULL
);
CREATE INDEX review_renewals_by_review ON review_renewals(review_id);

-- A hold is on an object id, in every collection.
CREATE TABLE legal_holds (
  object_id TEXT PRIMARY KEY,
  owner_member INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (length(reason) > 0),
  placed_by TEXT NOT NULL,
  placed_at INTEGER NOT NULL
);

CREATE TABLE legal_hold_history (
  id INTEGER PRIMARY KEY,
  object_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('placed', 'released')),
  user_name TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
);

-- What remains of a purged object. collection_id is the text id so the row outlives anything.
CREATE TABLE tombstones (
  id INTEGER PRIMARY KEY,
  collection_id TEXT NOT NULL,
  object_id TEXT NOT NULL,
  object_type TEXT NOT NULL,
  owner_member INTEGER NOT NULL,
  versions INTEGER NOT NULL,
  purged_at INTEGER NOT NULL,
  purged_by TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX tombstones_by_object ON tombstones(object_id);

CREATE TABLE expired_indicators (
  ckey INTEGER NOT NULL REFERENCES collections(ckey),
  object_id TEXT NOT NULL,
  valid_until INTEGER NOT NULL,
  marked_at INTEGER NOT NULL,
  PRIMARY KEY (ckey, object_id)
) WITHOUT ROWID;

INSERT INTO store_meta (key, value) VALUES ('retention_scan_seq', 0);
