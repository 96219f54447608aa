-- The officers' console. Accounts and sessions; the tip workflow (assignee,
-- deadline, outcome) and officers' corrected labels on the tip row, so the queue can
-- sort and filter by them; an append-only, keyed hash-chained audit log.

CREATE TABLE officers (
  id                   INTEGER PRIMARY KEY,
  username             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  display_name         TEXT    NOT NULL,
  role                 TEXT    NOT NULL CHECK (role IN ({{role}})),
  password_hash        TEXT    NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  totp_key_id          INTEGER,
  totp_secret          BLOB,
  totp_last_step       INTEGER NOT NULL DEFAULT 0,
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  locked_until         INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  language             TEXT    NOT NULL DEFAULT 'vi' CHECK (language IN ({{language}}))
) STRICT;

CREATE TABLE sessions (
  token_hash   BLOB    PRIMARY KEY,
  officer_id   INTEGER NOT NULL REFERENCES officers (id),
  csrf_token   TEXT    NOT NULL,
  stage        TEXT    NOT NULL CHECK (stage IN ({{session_stage}})),
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_officer ON sessions (officer_id);

CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

ALTER TABLE tips ADD COLUMN assignee_id INTEGER REFERENCES officers (id);
ALTER TABLE tips ADD COLUMN deadline INTEGER;
ALTER TABLE tips ADD COLUMN outcome TEXT;
ALTER TABLE tips ADD COLUMN first_action_at INTEGER;
ALTER TABLE tips ADD COLUMN closed_at INTEGER;
ALTER TABLE tips ADD COLUMN corrected_priority TEXT
  CHECK (corrected_priority IN ({{priority}}));
ALTER TABLE tips ADD COLUMN corrected_categories TEXT;
ALTER TABLE tips ADD COLUMN corrected_area TEXT;
ALTER TABLE tips ADD COLUMN queue_rank INTEGER
  GENERATED ALWAYS AS (CASE coalesce(corrected_priority, priority) WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                                                                   WHEN 'normal' THEN 2 ELSE 3 END) VIRTUAL;
CREATE INDEX tips_work_queue ON tips (status, queue_rank, created_at, id);
CREATE INDEX tips_open_queue ON tips (queue_rank, created_at, id) WHERE status <> 'closed';
CREATE INDEX tips_assignee ON tips (assignee_id, status) WHERE assignee_id IS NOT NULL;
CREATE INDEX tips_created ON tips (created_at);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  officer_id INTEGER,
  actor      TEXT    NOT NULL,
  action     TEXT    NOT NULL,
  tip_id     INTEGER,
  detail     TEXT    NOT NULL DEFAULT '',
  prev_hash  BLOB    NOT NULL,
  hash       BLOB    NOT NULL
) STRICT;
CREATE INDEX audit_log_officer ON audit_log (officer_id, id);
CREATE INDEX audit_log_tip ON audit_log (tip_id, id) WHERE tip_id IS NOT NULL;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
