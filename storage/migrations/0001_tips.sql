-- Tips, their messages (sealed), and per-month reference counters.

CREATE TABLE tips (
  id            INTEGER PRIMARY KEY,
  reference     TEXT    NOT NULL UNIQUE,
  channel       TEXT    NOT NULL,
  status        TEXT    NOT NULL DEFAULT 'new',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  drug_related  INTEGER NOT NULL CHECK (drug_related IN (0, 1)),
  categories    TEXT    NOT NULL DEFAULT '',
  priority      TEXT    NOT NULL CHECK (priority IN ({{priority}})),
  area          TEXT,
  group_key     TEXT,
  receipt_hash  BLOB    UNIQUE
) STRICT;

CREATE TABLE tip_messages (
  id              INTEGER PRIMARY KEY,
  tip_id          INTEGER NOT NULL REFERENCES tips (id),
  seq             INTEGER NOT NULL,
  author          TEXT    NOT NULL CHECK (author IN ({{author}})),
  kind            TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  key_id          INTEGER NOT NULL,
  body            BLOB    NOT NULL,
  attachment      BLOB,
  attachment_type TEXT,
  UNIQUE (tip_id, seq),
  CHECK ((attachment IS NULL) = (attachment_type IS NULL))
) STRICT;

CREATE TABLE reference_counters (
  month TEXT    PRIMARY KEY CHECK (length(month) = 4),
  next  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
