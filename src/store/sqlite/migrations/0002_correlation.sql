-- QCCM schema 2: confirmation of clues. Reliability ratings between members, grade assertions,
-- feedback from RFI responses, hit notifications, requests for information and responses.
-- The correlation index itself is in memory, rebuilt from `objects` at start (no per-object
-- observation rows: they would double the write cost of ingest). Member lists are JSON arrays
-- of ids; timestamps are INTEGER microseconds (UTC).

CREATE TABLE reliability_ratings (
  rater_member INTEGER NOT NULL REFERENCES members(id),
  rated_member INTEGER NOT NULL REFERENCES members(id),
  reliability TEXT NOT NULL CHECK (reliability IN ('A','B','C','D','E','F')),
  rated_by_user INTEGER NOT NULL,
  rated_at INTEGER NOT NULL,
  PRIMARY KEY (rater_member, rated_member)
) WITHOUT ROWID;

CREATE TABLE grade_assertions (
  id INTEGER PRIMARY KEY,
  clue_id TEXT NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members(id),
  user_id INTEGER NOT NULL,
  reliability TEXT NOT NULL,
  credibility TEXT NOT NULL,
  scale TEXT NOT NULL,
  original TEXT NOT NULL,
  note TEXT NOT NULL,
  asserted_at INTEGER NOT NULL
);
CREATE INDEX grade_assertions_by_clue ON grade_assertions(clue_id, id);

CREATE TABLE clue_feedback (
  id INTEGER PRIMARY KEY,
  clue_id TEXT NOT NULL,
  observable TEXT NOT NULL,
  member_id INTEGER NOT NULL REFERENCES members(id),
  verdict TEXT NOT NULL,
  rfi_id TEXT NOT NULL,
  visible_to TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX clue_feedback_by_clue ON clue_feedback(clue_id);
CREATE INDEX clue_feedback_by_observable ON clue_feedback(observable);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,
  about_member INTEGER NOT NULL,
  observable TEXT NOT NULL,
  object_ids TEXT NOT NULL,
  rfi_id TEXT NOT NULL,
  state TEXT NOT NULL,
  message TEXT NOT NULL,
  created INTEGER NOT NULL,
  answered_at INTEGER,
  answered_by INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_by_member ON notifications(member_id, created);
CREATE INDEX notifications_open_hits ON notifications(member_id, about_member, observable)
  WHERE kind = 'hit' AND state = 'open';

CREATE TABLE rfis (
  id TEXT PRIMARY KEY,
  requester_member INTEGER NOT NULL REFERENCES members(id),
  requester_user INTEGER NOT NULL,
  clue_id TEXT NOT NULL,
  observable TEXT NOT NULL,
  question TEXT NOT NULL,
  priority TEXT NOT NULL,
  due INTEGER NOT NULL,
  state TEXT NOT NULL,
  created INTEGER NOT NULL,
  closed_at INTEGER,
  to_all INTEGER NOT NULL
);
CREATE INDEX rfis_by_requester ON rfis(requester_member, created);
CREATE INDEX rfis_due ON rfis(due) WHERE state IN ('open', 'answered');

CREATE TABLE rfi_addressees (
  rfi_id TEXT NOT NULL REFERENCES rfis(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  PRIMARY KEY (rfi_id, member_id)
) WITHOUT ROWID;
CREATE INDEX rfi_addressees_by_member ON rfi_addressees(member_id);

CREATE TABLE rfi_responses (
  id INTEGER PRIMARY KEY,
  rfi_id TEXT NOT NULL REFERENCES rfis(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  user_id INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  text TEXT NOT NULL,
  collection_id TEXT NOT NULL,
  object_ids TEXT NOT NULL,
  responded_at INTEGER NOT NULL
);
CREATE INDEX rfi_responses_by_rfi ON rfi_responses(rfi_id, id);
