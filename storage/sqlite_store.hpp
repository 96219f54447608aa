#pragma once
// The SQLite Store: one writer connection behind a group-commit queue, read-only
// connections for everything else, tip text and photos sealed with the keyring.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/keyring.hpp"
#include "storage/store.hpp"

namespace tipline::storage {

class Connection;
class ReadPool;
class WriteQueue;

struct SqliteOptions {
  // How long a connection waits for a lock held by another process (a backup, the
  // sqlite3 shell) before the write fails.
  std::chrono::milliseconds busy_timeout{5000};
  std::size_t max_batch = 256;
  std::size_t max_idle_readers = 8;
  // Keys the audit log's hash chain; kept outside the database so a chain rewritten
  // by someone holding only the file does not verify.
  std::string audit_key;
};

// The writer connection's settings as SQLite reports them, for health checks and tests.
struct PragmaState {
  std::string journal_mode;
  std::int64_t synchronous = 0;  // 2 = FULL
  std::int64_t foreign_keys = 0;
  std::int64_t busy_timeout_ms = 0;
  std::int64_t secure_delete = 0;  // 1: deleted content is overwritten, not left in free pages
  int schema_version = 0;
};

// Recreates the audit log's append-only triggers in the database at `path`, which a
// SqliteStore refuses to open without them (`tipline audit restore-triggers`).
void restore_audit_triggers(const std::string& path);

class SqliteStore final : public Store {
 public:
  // Creates the file if missing, sets WAL / synchronous=FULL / foreign keys / busy
  // timeout, migrates to the latest schema and starts the writer thread.
  SqliteStore(std::string path, Keyring keys, SqliteOptions options = {});
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  CreatedTip create_tip(const NewTip& tip) override;
  std::int64_t add_message(std::int64_t tip_id, const NewMessage& message) override;
  std::int64_t add_message_with_labels(std::int64_t tip_id, const NewMessage& message,
                                       const Labels& labels) override;
  void update_labels(std::int64_t tip_id, const Labels& labels) override;
  void correct_labels(std::int64_t tip_id, const LabelCorrection& correction,
                      const std::optional<AuditEvent>& audit = std::nullopt) override;
  std::vector<std::int64_t> recent_tip_ids(std::int64_t since, std::size_t limit) override;
  std::vector<std::int64_t> corrected_tip_ids() override;

  void keep_delivery(NewDelivery delivery, std::function<void(std::exception_ptr)> then) override;
  std::vector<Delivery> oldest_deliveries(std::size_t limit) override;
  void drop_deliveries_through(std::int64_t seq) override;
  void set_aside_delivery(std::int64_t seq, std::int64_t now) override;
  void retry_set_aside_deliveries() override;
  DeliveryCounts delivery_counts() override;
  ChatIngestResult ingest_chat(const ChatIngest& event) override;
  bool inbound_seen(const std::string& dedupe_hash) override;
  std::optional<OpenThread> open_thread(const std::string& reporter, std::int64_t at,
                                        std::int64_t quiet_window) override;
  std::optional<ReplyHandle> reply_handle(const std::string& reporter, std::int64_t now) override;
  std::optional<std::int64_t> forget_reporter(const std::string& reporter, const std::string& dedupe_hash,
                                              std::int64_t now) override;
  std::size_t purge_expired(std::int64_t now, std::int64_t dedupe_before) override;
  std::vector<OutboxEntry> due_outbox(std::int64_t now, std::size_t limit) override;
  std::optional<std::int64_t> next_outbox_due() override;
  bool outbox_begin_send(std::int64_t id, std::int64_t now) override;
  std::size_t outbox_settle_interrupted(std::int64_t now, const std::string& reason) override;
  void outbox_sent(std::int64_t id, std::int64_t now) override;
  void outbox_retry(std::int64_t id, std::int64_t next_attempt_at, const std::string& reason) override;
  void outbox_failed(std::int64_t id, std::int64_t now, const std::string& reason) override;
  std::vector<std::pair<std::string, std::int64_t>> outbox_counts() override;
  std::int64_t create_officer(const NewOfficer& officer, const AuditEvent& audit) override;
  std::optional<Officer> find_officer(const std::string& username) override;
  std::optional<Officer> officer(std::int64_t id) override;
  std::vector<Officer> list_officers() override;
  void set_password(std::int64_t officer_id, const std::string& password_hash, bool must_change,
                    const AuditEvent& audit) override;
  void set_disabled(std::int64_t officer_id, bool disabled, const AuditEvent& audit) override;
  void set_role(std::int64_t officer_id, domain::Role role, const AuditEvent& audit) override;
  void set_totp(std::int64_t officer_id, const std::optional<std::string>& secret, std::int64_t last_step,
                const AuditEvent& audit) override;
  void set_language(std::int64_t officer_id, domain::Language language) override;
  Attempt claim_login_attempt(std::int64_t officer_id, std::int64_t now, int max_attempts,
                              std::int64_t lock_until) override;
  bool record_login_success(std::int64_t officer_id, std::int64_t totp_step, const AuditEvent& audit) override;
  void create_session(const Session& session) override;
  std::optional<Session> find_session(const std::string& token_hash) override;
  void touch_session(const std::string& token_hash, std::int64_t now) override;
  void delete_session(const std::string& token_hash) override;
  std::size_t purge_sessions(std::int64_t idle_before, std::int64_t created_before) override;
  std::optional<std::string> setting(const std::string& name) override;
  void set_setting(const std::string& name, const std::string& value, const AuditEvent& audit) override;
  void audit(const AuditEvent& event) override;
  std::vector<AuditEntry> audit_entries(const AuditFilter& filter) override;
  AuditVerification verify_audit() override;
  QueuePage queue(const QueueFilter& filter) override;
  std::vector<std::pair<domain::Status, std::int64_t>> status_counts() override;
  std::vector<OfficerLoad> officer_loads(std::int64_t now) override;
  std::vector<QueueRow> group_members(std::int64_t tip_id, std::size_t limit) override;
  void set_group(const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group,
                 const AuditEvent& audit) override;
  void assign(std::int64_t tip_id, std::optional<std::int64_t> officer_id, std::optional<std::int64_t> deadline,
              const AuditEvent& audit) override;
  void set_status(std::int64_t tip_id, domain::Status status, std::optional<domain::Outcome> outcome,
                  const AuditEvent& audit) override;
  std::int64_t add_note(std::int64_t tip_id, const NewMessage& note, const AuditEvent& audit) override;
  ReplyRoute reply_to_reporter(std::int64_t tip_id, const std::string& text, std::int64_t now,
                               const AuditEvent& audit) override;
  std::vector<ReportRow> report_rows(std::int64_t start, std::int64_t end) override;

  std::optional<std::string> load_channel_secret(const std::string& name) override;
  void save_channel_secret(const std::string& name, const std::string& value, std::int64_t now) override;
  std::optional<std::int64_t> find_by_receipt(const std::string& receipt_hash) override;
  std::optional<std::int64_t> find_by_reference(const std::string& reference) override;
  std::optional<StoredTip> load_tip(std::int64_t tip_id) override;
  std::optional<ReporterWords> reporter_words(std::int64_t tip_id) override;
  std::int64_t count_tips() override;
  bool healthy() override;

  // Commits every write already queued and stops the writer; later writes throw
  // StoreError, reads keep working. Called by the destructor; safe to call twice.
  void shutdown();

  // Group-commit counters for /metrics: transactions committed, write jobs finished.
  std::uint64_t commit_count() const;
  std::uint64_t write_job_count() const;

  PragmaState pragmas();
  // Rebuilds the file without its free pages and empties the WAL (`tipline vacuum`):
  // nothing deleted stays on disk in the database's own files. Waits for the writer.
  void vacuum();

 private:
  std::string path_;
  Keyring keys_;
  std::string audit_key_;
  std::unique_ptr<Connection> writer_db_;
  std::unique_ptr<ReadPool> readers_;
  // Declared last so it stops (and drains) before the connections it uses go away.
  std::unique_ptr<WriteQueue> queue_;
};

}  // namespace tipline::storage
