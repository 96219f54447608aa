#pragma once
// Every SQL statement the SQLite store runs, by name. The schema they run against is
// built by the files in migrations/, one per version (see migrations.hpp).
namespace tipline::storage::sql {

// ---- Connection setup -------------------------------------------------------------

// WAL lets readers run beside the single writer; FULL makes each COMMIT fsync the WAL,
// which is what "answered only after it is durable" needs.
inline constexpr char journal_mode_wal[] = "PRAGMA journal_mode = WAL";
// secure_delete: what is deleted (purged reply handles, filed deliveries) is overwritten
// with zeros, not left readable in free pages. Set here rather than trusted to the
// library's build options.
inline constexpr char writer_pragmas[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA secure_delete = ON;";
// Copies the WAL into the database and empties the WAL file, so the WAL keeps no old
// copy of pages whose rows were deleted. Best effort: readers may hold it back.
inline constexpr char checkpoint_truncate[] = "PRAGMA wal_checkpoint(TRUNCATE)";

// The audit log's append-only guards, as migration 0004 creates them.
inline constexpr char audit_guards[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' "
    "AND name IN ('audit_log_append_only_update', 'audit_log_append_only_delete') "
    "AND sql LIKE '%RAISE(ABORT, ''audit_log is append-only'')%'";
inline constexpr char restore_audit_guards[] = R"sql(
DROP TRIGGER IF EXISTS audit_log_append_only_update;
DROP TRIGGER IF EXISTS audit_log_append_only_delete;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";
inline constexpr char reader_pragmas[] = "PRAGMA foreign_keys = ON;";
inline constexpr char read_journal_mode[] = "PRAGMA journal_mode";
inline constexpr char read_synchronous[] = "PRAGMA synchronous";
inline constexpr char read_foreign_keys[] = "PRAGMA foreign_keys";
inline constexpr char read_busy_timeout[] = "PRAGMA busy_timeout";
inline constexpr char read_secure_delete[] = "PRAGMA secure_delete";

// ---- Migrations --------------------------------------------------------------------

inline constexpr char read_user_version[] = "PRAGMA user_version";
// Migrations may rebuild tables, which leaves foreign keys to be checked by hand.
inline constexpr char foreign_key_check[] = "PRAGMA foreign_key_check";

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

inline constexpr char corrected_tip_ids[] =
    "SELECT id FROM tips WHERE corrected_categories IS NOT NULL ORDER BY id";

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
FROM outbox WHERE status = 'pending' AND sending_since IS NULL AND next_attempt_at <= ?1
ORDER BY next_attempt_at, id LIMIT ?2
)sql";
inline constexpr char next_outbox_due[] =
    "SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending' AND sending_since IS NULL";

// The intent to send, committed before the platform is called; 0 rows when the entry
// is no longer waiting (already begun, sent or given up).
inline constexpr char outbox_begin_send[] = R"sql(
UPDATE outbox SET sending_since = ?2 WHERE id = ?1 AND status = 'pending' AND sending_since IS NULL
)sql";
inline constexpr char outbox_in_flight[] =
    "SELECT id FROM outbox WHERE status = 'pending' AND sending_since IS NOT NULL ORDER BY id";

inline constexpr char outbox_sent[] = R"sql(
UPDATE outbox SET status = 'sent', attempts = attempts + 1, finished_at = ?2, last_error = NULL,
                  sending_since = NULL
WHERE id = ?1 AND status = 'pending'
)sql";
inline constexpr char outbox_retry[] = R"sql(
UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3, sending_since = NULL
WHERE id = ?1 AND status = 'pending'
)sql";
inline constexpr char outbox_failed[] = R"sql(
UPDATE outbox SET status = 'failed', attempts = attempts + 1, finished_at = ?2, last_error = ?3,
                  sending_since = NULL
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
       coalesce(corrected_area, area), status, outcome, first_action_at, deadline, closed_at,
       categories, corrected_categories IS NOT NULL
FROM tips WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at
)sql";

// ---- Health ------------------------------------------------------------------------

inline constexpr char ping[] = "SELECT 1";

}  // namespace tipline::storage::sql
