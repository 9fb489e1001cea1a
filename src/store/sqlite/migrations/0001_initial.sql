-- QCCM schema 1: members, users, API tokens, collections and rights, object versions with
-- their visibility lists, TAXII status records, and store-wide counters.
-- Timestamps are INTEGER microseconds since the Unix epoch (UTC); booleans are 0/1.

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  member_id INTEGER NOT NULL REFERENCES members(id),
  roles INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL
);
CREATE INDEX users_by_member ON users(member_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  label TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created INTEGER NOT NULL,
  expires INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

-- ckey is the compact key object rows carry instead of the 36-byte collection UUID.
CREATE TABLE collections (
  ckey INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  alias TEXT UNIQUE,                              -- NULL when not set
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  owner_member INTEGER REFERENCES members(id),    -- NULL: the node itself
  created INTEGER NOT NULL
);

CREATE TABLE collection_rights (
  ckey INTEGER NOT NULL REFERENCES collections(ckey),
  member_id INTEGER NOT NULL REFERENCES members(id),
  can_read INTEGER NOT NULL,
  can_write INTEGER NOT NULL,
  PRIMARY KEY (ckey, member_id)
) WITHOUT ROWID;
CREATE INDEX collection_rights_by_member ON collection_rights(member_id);

-- One row per stored object version. seq is the insertion order, assigned by the store and
-- never reused (store_meta.last_seq keeps the high-water mark), so a paging cursor stays valid
-- across deletes. date_added never decreases in seq order (the store gives each PutObjects
-- call max(now, previous + 1us)), so ordering by (date_added, seq) is ordering by seq.
-- is_first / is_last mark the earliest and latest `modified` of each (ckey, id); the store
-- maintains them on put and delete. json is the object's original text, byte for byte; it is
-- the last column so that listings without it do not decode it. digest is BLAKE2b-128 of json
-- (libsodium generichash). id_key is a 64-bit SipHash of id: objects_by_id indexes it instead
-- of the ~50-byte id text, which makes that randomly-inserted index about 3 times smaller (less
-- WAL traffic, more of it cached). Lookups match id_key and then id, so a hash collision costs
-- a row read, never a wrong answer; the store (one writer) keeps (ckey, id, modified) unique.
CREATE TABLE objects (
  seq INTEGER PRIMARY KEY,
  ckey INTEGER NOT NULL REFERENCES collections(ckey),
  id TEXT NOT NULL,
  id_key INTEGER NOT NULL,
  type TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  date_added INTEGER NOT NULL,
  tlp INTEGER NOT NULL,
  author_member INTEGER NOT NULL,
  revoked INTEGER NOT NULL,
  valid_until INTEGER,
  is_first INTEGER NOT NULL,
  is_last INTEGER NOT NULL,
  digest BLOB NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX objects_by_id ON objects(ckey, id_key, modified);
CREATE INDEX objects_by_seq ON objects(ckey, seq);
CREATE INDEX objects_last_by_seq ON objects(ckey, seq) WHERE is_last = 1;
CREATE INDEX objects_last_by_type ON objects(ckey, type, seq) WHERE is_last = 1;

-- One row per PutObjects call that added versions: its date_added and the seq of its first
-- version. added_after becomes a seq lower bound with one lookup here, instead of an index on
-- objects.date_added that every insert would have to maintain.
CREATE TABLE put_batches (
  date_added INTEGER PRIMARY KEY,
  first_seq INTEGER NOT NULL
);

-- The members a TLP:RED version is shared with, besides its author.
CREATE TABLE object_named_members (
  seq INTEGER NOT NULL REFERENCES objects(seq) ON DELETE CASCADE,
  member_id INTEGER NOT NULL,
  PRIMARY KEY (seq, member_id)
) WITHOUT ROWID;

-- TAXII status resources. Each entry list is one JSON text: [["id","version","message"],...].
CREATE TABLE statuses (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL,
  member_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  request_time INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  successes TEXT NOT NULL,
  failures TEXT NOT NULL,
  pendings TEXT NOT NULL
);

CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_meta (key, value) VALUES ('last_seq', 0);

PRAGMA application_id = 1363362637;  -- "QCCM"
