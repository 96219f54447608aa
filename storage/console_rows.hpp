#pragma once
// Officers, sessions, settings, the audit log, the work queue and the tip workflow on
// a given connection. Changes and their audit entries run in the caller's transaction.
// Values are checked by the caller before it queues the write (SqliteStore does, against
// the vocabulary: known_words.hpp), not again inside the transaction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;
class Statement;

namespace console_rows {

std::int64_t insert_officer(Connection& db, const NewOfficer& officer);
std::optional<Officer> find_officer(Connection& db, const Keyring& keys, const std::string& username);
std::optional<Officer> officer(Connection& db, const Keyring& keys, std::int64_t id);
std::vector<Officer> list_officers(Connection& db, const Keyring& keys);
void set_password(Connection& db, std::int64_t id, const std::string& hash, bool must_change);
void set_disabled(Connection& db, std::int64_t id, bool disabled);
void set_role(Connection& db, std::int64_t id, const std::string& role);
void set_totp(Connection& db, const Keyring& keys, std::int64_t id, const std::optional<std::string>& secret,
              std::int64_t last_step);
void set_language(Connection& db, std::int64_t id, const std::string& language);
Store::Attempt claim_attempt(Connection& db, std::int64_t id, std::int64_t now, int max_attempts, std::int64_t lock_until);
bool login_success(Connection& db, std::int64_t id, std::int64_t totp_step);
void end_sessions(Connection& db, std::int64_t officer_id);

void insert_session(Connection& db, const Session& session);
std::optional<Session> find_session(Connection& db, const std::string& token_hash);
void touch_session(Connection& db, const std::string& token_hash, std::int64_t now);
void delete_session(Connection& db, const std::string& token_hash);
std::size_t purge_sessions(Connection& db, std::int64_t idle_before, std::int64_t created_before);

std::optional<std::string> setting(Connection& db, const std::string& name);
void set_setting(Connection& db, const std::string& name, const std::string& value);

// Appends one entry: HMAC-SHA256(audit_key, previous hash || the entry's fields).
void append_audit(Connection& db, const std::string& audit_key, const AuditEvent& event);
std::vector<AuditEntry> audit_entries(Connection& db, const AuditFilter& filter);
AuditVerification verify_audit(Connection& db, const std::string& audit_key);

QueuePage queue(Connection& db, const Keyring& keys, const QueueFilter& filter);
// The queue's statement, for queue() and for the benchmark's query plans: the SQL text,
// the statuses it binds, and the binding (the statuses must outlive the statement's run).
std::string queue_sql(const QueueFilter& filter);
std::vector<std::string> queue_statuses(const QueueFilter& filter);
void bind_queue(Statement& q, const QueueFilter& filter, const std::vector<std::string>& statuses);
std::vector<std::pair<std::string, std::int64_t>> status_counts(Connection& db);
std::vector<OfficerLoad> officer_loads(Connection& db, std::int64_t now);
std::vector<QueueRow> group_members(Connection& db, const Keyring& keys, std::int64_t tip_id, std::size_t limit);
void set_group(Connection& db, const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group);

void assign(Connection& db, std::int64_t tip_id, std::optional<std::int64_t> officer_id,
            std::optional<std::int64_t> deadline, std::int64_t now);
void set_status(Connection& db, std::int64_t tip_id, const std::string& status,
                const std::optional<std::string>& outcome, std::int64_t now);
void set_corrected_labels(Connection& db, std::int64_t tip_id, const Labels& labels, std::int64_t now);
Store::ReplyRoute reply_to_reporter(Connection& db, const Keyring& keys, std::int64_t tip_id, const std::string& text,
                                    std::int64_t now);

std::vector<ReportRow> report_rows(Connection& db, std::int64_t start, std::int64_t end);

}  // namespace console_rows
}  // namespace tipline::storage
