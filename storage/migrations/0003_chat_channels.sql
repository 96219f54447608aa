-- Chat channels and officers' label corrections.
-- - tips.reporter: a chat reporter's keyed pseudonym (NULL for web tips).
-- - chat_threads: the tip a reporter's next message joins, while it is quiet-window fresh.
-- - inbound_events: keyed hashes of platform message keys, so redelivery is a no-op.
-- - reply_handles: the raw platform id, sealed, only until the reply window closes.
-- - outbox: replies waiting for (or done with) the platform's send API; text sealed.
-- - channel_secrets: platform tokens the gateway refreshed itself, sealed.
-- - label_corrections: officers' labels, kept apart from the machine's on tips.

ALTER TABLE tips ADD COLUMN reporter TEXT;
CREATE INDEX tips_reporter ON tips (reporter) WHERE reporter IS NOT NULL;

CREATE TABLE chat_threads (
  reporter        TEXT    PRIMARY KEY,
  channel         TEXT    NOT NULL,
  tip_id          INTEGER NOT NULL REFERENCES tips (id),
  last_message_at INTEGER NOT NULL,
  closed          INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
) STRICT;

CREATE TABLE inbound_events (
  dedupe_hash BLOB    PRIMARY KEY,
  received_at INTEGER NOT NULL,
  tip_id      INTEGER REFERENCES tips (id)
) STRICT, WITHOUT ROWID;
CREATE INDEX inbound_events_age ON inbound_events (received_at);

CREATE TABLE reply_handles (
  reporter   TEXT    PRIMARY KEY,
  channel    TEXT    NOT NULL,
  key_id     INTEGER NOT NULL,
  sealed     BLOB    NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reply_handles_expiry ON reply_handles (expires_at);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  tip_id          INTEGER REFERENCES tips (id),
  channel         TEXT    NOT NULL,
  reporter        TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  key_id          INTEGER NOT NULL,
  body            BLOB    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  finished_at     INTEGER,
  last_error      TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_tip ON outbox (tip_id, status);

CREATE TABLE channel_secrets (
  name       TEXT    PRIMARY KEY,
  key_id     INTEGER NOT NULL,
  sealed     BLOB    NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE label_corrections (
  id           INTEGER PRIMARY KEY,
  tip_id       INTEGER NOT NULL REFERENCES tips (id),
  officer      TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  drug_related INTEGER NOT NULL CHECK (drug_related IN (0, 1)),
  categories   TEXT    NOT NULL DEFAULT '',
  priority     TEXT    NOT NULL CHECK (priority IN ({{priority}})),
  area         TEXT
) STRICT;
CREATE INDEX label_corrections_tip ON label_corrections (tip_id, id);
