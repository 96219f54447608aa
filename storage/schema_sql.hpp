#pragma once
// Every SQL statement the SQLite store runs, by name. Migrations are append-only:
// once a version has shipped its text never changes; a new version is added instead.
namespace tipline::storage::sql {

// ---- Connection setup -------------------------------------------------------------

// WAL lets readers run beside the single writer; FULL makes each COMMIT fsync the WAL,
// which is what "answered only after it is durable" needs.
inline constexpr char journal_mode_wal[] = "PRAGMA journal_mode = WAL";
inline constexpr char writer_pragmas[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;";
inline constexpr char reader_pragmas[] = "PRAGMA foreign_keys = ON;";
inline constexpr char read_journal_mode[] = "PRAGMA journal_mode";
inline constexpr char read_synchronous[] = "PRAGMA synchronous";
inline constexpr char read_foreign_keys[] = "PRAGMA foreign_keys";
inline constexpr char read_busy_timeout[] = "PRAGMA busy_timeout";

// ---- Migrations --------------------------------------------------------------------

inline constexpr char read_user_version[] = "PRAGMA user_version";
// Migrations may rebuild tables, which leaves foreign keys to be checked by hand.
inline constexpr char foreign_key_check[] = "PRAGMA foreign_key_check";

// v1: tips, their messages (sealed), and per-month reference counters.
inline constexpr char migration_v1[] = R"sql(
CREATE TABLE tips (
  id            INTEGER PRIMARY KEY,
  reference     TEXT    NOT NULL UNIQUE,
  channel       TEXT    NOT NULL,
  status        TEXT    NOT NULL DEFAULT 'new',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  drug_related  INTEGER NOT NULL CHECK (drug_related IN (0, 1)),
  categories    TEXT    NOT NULL DEFAULT '',
  priority      TEXT    NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  area          TEXT,
  group_key     TEXT,
  receipt_hash  BLOB    UNIQUE
) STRICT;

CREATE TABLE tip_messages (
  id              INTEGER PRIMARY KEY,
  tip_id          INTEGER NOT NULL REFERENCES tips (id),
  seq             INTEGER NOT NULL,
  author          TEXT    NOT NULL CHECK (author IN ('reporter', 'officer', 'system')),
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
)sql";

// v2: the officers' queue, most urgent first. Priority words do not sort, so a
// generated rank does.
inline constexpr char migration_v2[] = R"sql(
ALTER TABLE tips ADD COLUMN priority_rank INTEGER
  GENERATED ALWAYS AS (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                                     WHEN 'normal' THEN 2 ELSE 3 END) VIRTUAL;
CREATE INDEX tips_queue ON tips (status, priority_rank, created_at);
CREATE INDEX tips_group ON tips (group_key) WHERE group_key IS NOT NULL;
)sql";

// v3: chat channels and officers' label corrections.
// - tips.reporter: a chat reporter's keyed pseudonym (NULL for web tips).
// - chat_threads: the tip a reporter's next message joins, while it is quiet-window fresh.
// - inbound_events: keyed hashes of platform message keys, so redelivery is a no-op.
// - reply_handles: the raw platform id, sealed, only until the reply window closes.
// - outbox: replies waiting for (or done with) the platform's send API; text sealed.
// - channel_secrets: platform tokens the gateway refreshed itself, sealed.
// - label_corrections: officers' labels, kept apart from the machine's on tips.
inline constexpr char migration_v3[] = R"sql(
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
  priority     TEXT    NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  area         TEXT
) STRICT;
CREATE INDEX label_corrections_tip ON label_corrections (tip_id, id);
)sql";

// v4: the officers' console. Accounts and sessions; the tip workflow (assignee,
// deadline, outcome) and officers' corrected labels on the tip row, so the queue can
// sort and filter by them; an append-only, keyed hash-chained audit log.
inline constexpr char migration_v4[] = R"sql(
CREATE TABLE officers (
  id                   INTEGER PRIMARY KEY,
  username             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  display_name         TEXT    NOT NULL,
  role                 TEXT    NOT NULL CHECK (role IN ('admin', 'leader', 'officer', 'viewer')),
  password_hash        TEXT    NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  totp_key_id          INTEGER,
  totp_secret          BLOB,
  totp_last_step       INTEGER NOT NULL DEFAULT 0,
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  locked_until         INTEGER NOT NULL DEFAULT 0,
  created_at           INTEGER NOT NULL,
  language             TEXT    NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en'))
) STRICT;

CREATE TABLE sessions (
  token_hash   BLOB    PRIMARY KEY,
  officer_id   INTEGER NOT NULL REFERENCES officers (id),
  csrf_token   TEXT    NOT NULL,
  stage        TEXT    NOT NULL CHECK (stage IN ('second_factor', 'change_password', 'full')),
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
  CHECK (corrected_priority IN ('urgent', 'high', 'normal', 'low'));
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
)sql";

// v5: the queue at a million tips. Counts per status kept by triggers (a GROUP BY
// over every tip took 77 ms at 1M); open-tip indexes that seek by officer and by area;
// the open queue's index widened so filters reject rows without reading the table.
inline constexpr char migration_v5[] = R"sql(
CREATE TABLE tip_status_counts (
  status TEXT    PRIMARY KEY,
  n      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO tip_status_counts (status, n) SELECT status, count(*) FROM tips GROUP BY status;
CREATE TRIGGER tips_count_insert AFTER INSERT ON tips BEGIN
  INSERT INTO tip_status_counts (status, n) VALUES (new.status, 1)
  ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tips_count_status AFTER UPDATE OF status ON tips WHEN old.status IS NOT new.status BEGIN
  UPDATE tip_status_counts SET n = n - 1 WHERE status = old.status;
  INSERT INTO tip_status_counts (status, n) VALUES (new.status, 1)
  ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tips_count_delete AFTER DELETE ON tips BEGIN
  UPDATE tip_status_counts SET n = n - 1 WHERE status = old.status;
END;

CREATE INDEX tips_open_assignee ON tips (assignee_id, queue_rank, created_at, id, deadline, status)
  WHERE status <> 'closed';
CREATE INDEX tips_open_area ON tips (coalesce(corrected_area, area), queue_rank, created_at, id)
  WHERE status <> 'closed';
DROP INDEX tips_open_queue;
CREATE INDEX tips_open_queue ON tips (queue_rank, created_at, id, coalesce(corrected_categories, categories),
                                      channel, deadline)
  WHERE status <> 'closed';
)sql";

// v6: webhook deliveries between their acknowledgement and the filing of their events.
// A delivery is answered once its parsed events are committed here, sealed (they name
// the sender's platform id, for the reply handle); a filer then threads, triages and
// answers them in order and deletes the row. Filing is idempotent (inbound_events), so
// a crash in between only means the delivery is filed again at start. One that cannot
// be filed (unreadable, or failing again and again) is set aside, so it does not hold
// up the rest, and deleted once the longest reply window has passed.
inline constexpr char migration_v6[] = R"sql(
CREATE TABLE inbound_deliveries (
  seq          INTEGER PRIMARY KEY,
  channel      TEXT    NOT NULL CHECK (channel IN ('zalo', 'messenger')),
  received_at  INTEGER NOT NULL,
  key_id       INTEGER NOT NULL,
  body         BLOB    NOT NULL,
  set_aside_at INTEGER
) STRICT;
-- The queue sorts on queue_rank (v4, v5) since officers' corrections count: v2's index
-- was only kept up to date on every new tip.
DROP INDEX tips_queue;
)sql";

// ---- Webhook deliveries ------------------------------------------------------------

// Numbers restart once every delivery is filed; only their order among the rows
// still waiting matters.
inline constexpr char next_delivery_seq[] = "SELECT coalesce(max(seq), 0) + 1 FROM inbound_deliveries";
inline constexpr char insert_delivery[] =
    "INSERT INTO inbound_deliveries (seq, channel, received_at, key_id, body) VALUES (?1, ?2, ?3, ?4, ?5)";
inline constexpr char select_deliveries[] =
    "SELECT seq, channel, received_at, key_id, body FROM inbound_deliveries WHERE set_aside_at IS NULL "
    "ORDER BY seq LIMIT ?1";
inline constexpr char delete_deliveries[] =
    "DELETE FROM inbound_deliveries WHERE seq <= ?1 AND set_aside_at IS NULL";
inline constexpr char count_deliveries[] =
    "SELECT count(*) FILTER (WHERE set_aside_at IS NULL), count(set_aside_at) FROM inbound_deliveries";
inline constexpr char set_aside_delivery[] =
    "UPDATE inbound_deliveries SET set_aside_at = ?2 WHERE seq = ?1 AND set_aside_at IS NULL";
inline constexpr char retry_set_aside_deliveries[] =
    "UPDATE inbound_deliveries SET set_aside_at = NULL WHERE set_aside_at IS NOT NULL";
inline constexpr char purge_set_aside_deliveries[] =
    "DELETE FROM inbound_deliveries WHERE set_aside_at IS NOT NULL AND received_at < ?1";

// ---- Tips --------------------------------------------------------------------------

// Hands out this month's next sequence number in the caller's transaction.
inline constexpr char next_reference[] = R"sql(
INSERT INTO reference_counters (month, next) VALUES (?1, 2)
ON CONFLICT (month) DO UPDATE SET next = next + 1
RETURNING next - 1
)sql";

inline constexpr char insert_tip[] = R"sql(
INSERT INTO tips (reference, channel, status, created_at, updated_at,
                  drug_related, categories, priority, area, group_key, receipt_hash, reporter)
VALUES (?1, ?2, 'new', ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
)sql";

// A triage re-run fills a missing group but never replaces one: officers merge and split.
inline constexpr char update_labels[] = R"sql(
UPDATE tips SET drug_related = ?2, categories = ?3, priority = ?4, area = ?5,
                group_key = coalesce(group_key, ?6)
WHERE id = ?1
)sql";

inline constexpr char touch_tip[] = "UPDATE tips SET updated_at = max(updated_at, ?2) WHERE id = ?1";

inline constexpr char tip_exists[] = "SELECT 1 FROM tips WHERE id = ?1";

inline constexpr char find_by_reference[] = "SELECT id FROM tips WHERE reference = ?1";

inline constexpr char find_by_receipt[] = "SELECT id FROM tips WHERE receipt_hash = ?1";

inline constexpr char select_tip[] = R"sql(
SELECT id, reference, channel, status, created_at, updated_at,
       drug_related, categories, priority, area, group_key,
       assignee_id, deadline, outcome, first_action_at, closed_at,
       reporter IS NOT NULL, receipt_hash IS NOT NULL
FROM tips WHERE id = ?1
)sql";

inline constexpr char count_tips[] = "SELECT count(*) FROM tips";

// ---- Messages ----------------------------------------------------------------------

inline constexpr char next_message_seq[] =
    "SELECT coalesce(max(seq), 0) + 1 FROM tip_messages WHERE tip_id = ?1";

inline constexpr char insert_message[] = R"sql(
INSERT INTO tip_messages (tip_id, seq, author, kind, created_at, key_id,
                          body, attachment, attachment_type)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
)sql";

inline constexpr char select_tip_labels[] = R"sql(
SELECT id, created_at, drug_related, categories, priority, area, group_key FROM tips WHERE id = ?1
)sql";

inline constexpr char select_reporter_bodies[] = R"sql(
SELECT seq, key_id, body FROM tip_messages WHERE tip_id = ?1 AND author = 'reporter' ORDER BY seq
)sql";

inline constexpr char select_messages[] = R"sql(
SELECT id, seq, author, kind, created_at, key_id, body, attachment, attachment_type
FROM tip_messages WHERE tip_id = ?1 ORDER BY seq
)sql";

inline constexpr char recent_tip_ids[] =
    "SELECT id FROM tips WHERE created_at >= ?1 ORDER BY created_at, id LIMIT ?2";

// ---- Officers' label corrections ---------------------------------------------------

inline constexpr char insert_correction[] = R"sql(
INSERT INTO label_corrections (tip_id, officer, created_at, drug_related, categories, priority, area)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
)sql";

inline constexpr char latest_correction[] = R"sql(
SELECT officer, created_at, drug_related, categories, priority, area
FROM label_corrections WHERE tip_id = ?1 ORDER BY id DESC LIMIT 1
)sql";

// ---- Chat threads, deduplication, reply handles ------------------------------------

inline constexpr char insert_inbound_event[] =
    "INSERT INTO inbound_events (dedupe_hash, received_at, tip_id) VALUES (?1, ?2, ?3)";
inline constexpr char set_inbound_event_tip[] = "UPDATE inbound_events SET tip_id = ?2 WHERE dedupe_hash = ?1";
inline constexpr char inbound_event_seen[] = "SELECT 1 FROM inbound_events WHERE dedupe_hash = ?1";
inline constexpr char purge_inbound_events[] = "DELETE FROM inbound_events WHERE received_at < ?1";

// The reporter's thread, with the tip's state: only an open tip takes more messages.
inline constexpr char select_thread[] = R"sql(
SELECT t.tip_id, t.last_message_at, t.closed, tips.reference, tips.status
FROM chat_threads AS t JOIN tips ON tips.id = t.tip_id
WHERE t.reporter = ?1
)sql";

inline constexpr char upsert_thread[] = R"sql(
INSERT INTO chat_threads (reporter, channel, tip_id, last_message_at, closed)
VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (reporter) DO UPDATE SET
  tip_id = excluded.tip_id,
  last_message_at = CASE WHEN chat_threads.tip_id = excluded.tip_id
                         THEN max(chat_threads.last_message_at, excluded.last_message_at)
                         ELSE excluded.last_message_at END,
  closed = excluded.closed
)sql";

inline constexpr char close_thread[] = "UPDATE chat_threads SET closed = 1 WHERE reporter = ?1";

inline constexpr char upsert_reply_handle[] = R"sql(
INSERT INTO reply_handles (reporter, channel, key_id, sealed, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (reporter) DO UPDATE SET
  channel = excluded.channel, key_id = excluded.key_id, sealed = excluded.sealed,
  expires_at = max(reply_handles.expires_at, excluded.expires_at)
)sql";

inline constexpr char select_reply_handle[] =
    "SELECT channel, key_id, sealed, expires_at FROM reply_handles WHERE reporter = ?1 AND expires_at > ?2";
inline constexpr char purge_reply_handles[] = "DELETE FROM reply_handles WHERE expires_at <= ?1";
inline constexpr char delete_reply_handle[] = "DELETE FROM reply_handles WHERE reporter = ?1";
inline constexpr char delete_thread[] = "DELETE FROM chat_threads WHERE reporter = ?1";
inline constexpr char unlink_reporter_tips[] = "UPDATE tips SET reporter = NULL WHERE reporter = ?1";
inline constexpr char unlink_reporter_outbox[] = "UPDATE outbox SET reporter = '' WHERE reporter = ?1";
inline constexpr char pending_outbox_of_reporter[] =
    "SELECT id FROM outbox WHERE reporter = ?1 AND status = 'pending'";

// ---- Outbox ------------------------------------------------------------------------

// The body is sealed with the row id in its aad, so the row goes in first.
inline constexpr char insert_outbox[] = R"sql(
INSERT INTO outbox (tip_id, channel, reporter, kind, key_id, body, next_attempt_at, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, x'', ?6, ?6)
)sql";
inline constexpr char set_outbox_body[] = "UPDATE outbox SET body = ?2 WHERE id = ?1";
inline constexpr char pending_outbox_for_tip[] =
    "SELECT 1 FROM outbox WHERE tip_id = ?1 AND status = 'pending' LIMIT 1";

inline constexpr char due_outbox[] = R"sql(
SELECT id, tip_id, channel, reporter, kind, key_id, body, attempts, next_attempt_at
FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1
ORDER BY next_attempt_at, id LIMIT ?2
)sql";
inline constexpr char next_outbox_due[] =
    "SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'";

inline constexpr char outbox_sent[] = R"sql(
UPDATE outbox SET status = 'sent', attempts = attempts + 1, finished_at = ?2, last_error = NULL
WHERE id = ?1 AND status = 'pending'
)sql";
inline constexpr char outbox_retry[] = R"sql(
UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3
WHERE id = ?1 AND status = 'pending'
)sql";
inline constexpr char outbox_failed[] = R"sql(
UPDATE outbox SET status = 'failed', attempts = attempts + 1, finished_at = ?2, last_error = ?3
WHERE id = ?1 AND status = 'pending'
RETURNING tip_id
)sql";
inline constexpr char outbox_status_counts[] = "SELECT status, count(*) FROM outbox GROUP BY status";

// ---- Channel secrets ---------------------------------------------------------------

inline constexpr char upsert_channel_secret[] = R"sql(
INSERT INTO channel_secrets (name, key_id, sealed, updated_at) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (name) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed, updated_at = excluded.updated_at
)sql";
inline constexpr char select_channel_secret[] = "SELECT key_id, sealed FROM channel_secrets WHERE name = ?1";

// ---- Officers, sessions, settings ----------------------------------------------------

inline constexpr char insert_officer[] = R"sql(
INSERT INTO officers (username, display_name, role, password_hash, must_change_password, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
)sql";
inline constexpr char officer_columns[] =
    "SELECT id, username, display_name, role, password_hash, must_change_password, totp_key_id, totp_secret, "
    "totp_last_step, disabled, failed_logins, locked_until, created_at, language FROM officers ";
inline constexpr char set_password[] =
    "UPDATE officers SET password_hash = ?2, must_change_password = ?3, failed_logins = 0, locked_until = 0 "
    "WHERE id = ?1";
inline constexpr char set_disabled[] = "UPDATE officers SET disabled = ?2 WHERE id = ?1";
// Run after a change: 0 means the change left nobody able to manage accounts.
inline constexpr char is_enabled_admin[] = "SELECT 1 FROM officers WHERE id = ?1 AND role = 'admin' AND disabled = 0";
inline constexpr char enabled_admins[] = "SELECT count(*) FROM officers WHERE role = 'admin' AND disabled = 0";
inline constexpr char set_role[] = "UPDATE officers SET role = ?2 WHERE id = ?1";
inline constexpr char set_totp[] =
    "UPDATE officers SET totp_key_id = ?2, totp_secret = ?3, totp_last_step = ?4 WHERE id = ?1";
inline constexpr char set_language[] = "UPDATE officers SET language = ?2 WHERE id = ?1";
// One statement, so concurrent attempts cannot overwrite each other's count; a locked
// account matches no row.
inline constexpr char claim_login_attempt[] = R"sql(
UPDATE officers SET
  locked_until  = CASE WHEN failed_logins + 1 >= ?2 THEN ?4 ELSE locked_until END,
  failed_logins = CASE WHEN failed_logins + 1 >= ?2 THEN 0 ELSE failed_logins + 1 END
WHERE id = ?1 AND locked_until <= ?3
RETURNING failed_logins = 0
)sql";
inline constexpr char login_success[] = "UPDATE officers SET failed_logins = 0, locked_until = 0 WHERE id = ?1";
// Accepts a TOTP step only if it is newer than the last used: of two sign-ins racing
// with the same code, one changes the row and the other finds nothing to change.
inline constexpr char login_success_with_code[] = R"sql(
UPDATE officers SET failed_logins = 0, locked_until = 0, totp_last_step = ?2
WHERE id = ?1 AND totp_last_step < ?2
)sql";

inline constexpr char insert_session[] = R"sql(
INSERT INTO sessions (token_hash, officer_id, csrf_token, stage, created_at, last_seen_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?5)
)sql";
inline constexpr char select_session[] =
    "SELECT token_hash, officer_id, csrf_token, stage, created_at, last_seen_at FROM sessions WHERE token_hash = ?1";
inline constexpr char touch_session[] = "UPDATE sessions SET last_seen_at = max(last_seen_at, ?2) WHERE token_hash = ?1";
inline constexpr char delete_session[] = "DELETE FROM sessions WHERE token_hash = ?1";
inline constexpr char delete_officer_sessions[] = "DELETE FROM sessions WHERE officer_id = ?1";
inline constexpr char purge_sessions[] = "DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2";

inline constexpr char select_setting[] = "SELECT value FROM settings WHERE name = ?1";
inline constexpr char upsert_setting[] =
    "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value";

// ---- Audit log ---------------------------------------------------------------------

inline constexpr char last_audit[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
inline constexpr char insert_audit[] = R"sql(
INSERT INTO audit_log (id, at, officer_id, actor, action, tip_id, detail, prev_hash, hash)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
)sql";
inline constexpr char audit_columns[] =
    "SELECT id, at, officer_id, actor, action, tip_id, detail, prev_hash, hash FROM audit_log ";
inline constexpr char audit_in_order[] =
    "SELECT id, at, officer_id, actor, action, tip_id, detail, prev_hash, hash FROM audit_log ORDER BY id";

// ---- Queue and workflow ------------------------------------------------------------

// The queue's columns; effective labels prefer an officer's correction.
inline constexpr char queue_columns[] = R"sql(
SELECT t.id, t.reference, t.channel, t.status, t.created_at,
       coalesce(t.corrected_priority, t.priority), coalesce(t.corrected_categories, t.categories),
       coalesce(t.corrected_area, t.area), t.group_key, t.assignee_id, coalesce(o.display_name, ''),
       t.deadline, t.queue_rank,
       (SELECT m.key_id FROM tip_messages AS m WHERE m.tip_id = t.id AND m.seq = 1),
       (SELECT m.body FROM tip_messages AS m WHERE m.tip_id = t.id AND m.seq = 1)
FROM tips AS t LEFT JOIN officers AS o ON o.id = t.assignee_id
)sql";

inline constexpr char status_counts[] = "SELECT status, n FROM tip_status_counts WHERE n > 0 ORDER BY status";

inline constexpr char officer_loads[] = R"sql(
SELECT o.id, o.display_name,
       count(t.id),
       coalesce(sum(t.deadline IS NOT NULL AND t.deadline < ?1), 0)
FROM officers AS o
LEFT JOIN tips AS t ON t.assignee_id = o.id AND t.status <> 'closed'
WHERE o.disabled = 0 AND o.role IN ('officer', 'leader', 'admin')
GROUP BY o.id ORDER BY o.display_name
)sql";

inline constexpr char tip_group_of[] = "SELECT group_key FROM tips WHERE id = ?1";
inline constexpr char set_tip_group[] = "UPDATE tips SET group_key = ?2 WHERE id = ?1";

inline constexpr char assign_tip[] = R"sql(
UPDATE tips SET assignee_id = ?2, deadline = ?3, first_action_at = coalesce(first_action_at, ?4),
                updated_at = max(updated_at, ?4)
WHERE id = ?1
)sql";
inline constexpr char set_tip_status[] = R"sql(
UPDATE tips SET status = ?2, outcome = ?3, closed_at = ?4,
                first_action_at = coalesce(first_action_at, ?5), updated_at = max(updated_at, ?5)
WHERE id = ?1
)sql";
inline constexpr char set_corrected_labels[] = R"sql(
UPDATE tips SET corrected_priority = ?2, corrected_categories = ?3, corrected_area = ?4,
                first_action_at = coalesce(first_action_at, ?5)
WHERE id = ?1
)sql";
inline constexpr char tip_reporter[] = "SELECT reporter, channel, receipt_hash IS NOT NULL FROM tips WHERE id = ?1";

inline constexpr char report_rows[] = R"sql(
SELECT created_at, channel, coalesce(corrected_categories, categories), coalesce(corrected_priority, priority),
       coalesce(corrected_area, area), status, outcome, first_action_at, deadline, closed_at
FROM tips WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at
)sql";

// ---- Health ------------------------------------------------------------------------

inline constexpr char ping[] = "SELECT 1";

}  // namespace tipline::storage::sql
