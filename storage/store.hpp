#pragma once
// The one storage interface. Handlers and the intake use case talk to a Store; the
// SQLite implementation lives in sqlite_store.hpp (PostgreSQL may follow).
//
// Every write method returns (keep_delivery: calls back) only after its transaction is
// durably committed, so a caller may acknowledge the reporter as soon as it returns. Message bodies and
// attachments are plaintext here and encrypted inside the store; triage labels,
// status and timestamps stay in clear so the officers' queue can be queried.
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "storage/console_types.hpp"

namespace tipline::storage {

// Machine triage labels kept in clear on the tip row.
struct Labels {
  bool drug_related = true;
  std::vector<std::string> categories;  // domain::Category stored names, e.g. {"dealing", "youth"}
  std::string priority = "normal";      // a domain::Priority stored name
  std::optional<std::string> area;      // ward area id such as "tdp-3"
  std::optional<std::string> group;     // duplicate-group key suggested by triage
};

struct NewMessage {
  std::string author = "reporter";  // a domain::Author stored name
  std::string kind = "text";        // a domain::MessageKind stored name
  std::int64_t created_at = 0;      // unix seconds
  std::string body;                 // plaintext; sealed with the active data key
  std::optional<std::string> attachment;       // plaintext bytes (a stripped photo)
  std::optional<std::string> attachment_type;  // "image/jpeg" | "image/png"
};

struct NewTip {
  std::string channel = "web";      // a domain::Channel stored name
  std::int64_t received_at = 0;     // unix seconds
  std::string reference_month;      // "YYMM" in the ward's local time, e.g. "2511"
  std::optional<std::string> receipt_hash;  // slow hash of the receipt code (web tips)
  std::optional<std::string> reporter;      // keyed pseudonym of a chat reporter
  Labels labels;
  NewMessage first_message;
};

struct CreatedTip {
  std::int64_t id = 0;
  std::string reference;  // "TL-2511-0042"
};

struct StoredMessage {
  std::int64_t id = 0;
  std::string author;
  std::string kind;
  std::int64_t created_at = 0;
  std::string body;
  std::optional<std::string> attachment;
  std::optional<std::string> attachment_type;
};

// An officer's view of what a tip is about, kept apart from the machine's labels so
// the triage can be measured against it.
struct LabelCorrection {
  std::string officer;
  std::int64_t created_at = 0;
  Labels labels;  // group is not corrected here: merging and splitting is its own action
};

struct StoredTip {
  std::int64_t id = 0;
  std::string reference;
  std::string channel;
  std::string status;  // "new" on creation
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  Labels labels;                              // the machine's
  std::optional<LabelCorrection> correction;  // the latest officer's, if any
  Workflow workflow;
  bool from_chat = false;     // a chat reporter (replies go through the outbox)
  bool has_receipt = false;   // a web reporter (replies wait on the status page)
  std::vector<StoredMessage> messages;        // oldest first
};

// What triage re-reads of a tip when more is added or the grouping index is rebuilt:
// the machine's labels and the reporter's own messages, without officers' notes,
// system messages or attachments.
struct ReporterWords {
  std::int64_t id = 0;
  std::int64_t created_at = 0;
  Labels labels;
  std::vector<std::string> bodies;  // the reporter's message bodies, decrypted, oldest first
};

// ---- Chat channels -------------------------------------------------------------------

// One inbound chat event for ingest_chat(): deduplicated, threaded into a tip and
// answered, all in one transaction, so the webhook's 200 means all of it is durable.
struct ChatIngest {
  std::string channel;      // a chat channel's stored name (domain::is_chat)
  std::string dedupe_hash;  // keyed hash of the platform's message key
  std::string reporter;     // keyed pseudonym
  std::int64_t received_at = 0;  // server clock, unix seconds
  std::int64_t message_at = 0;   // the platform's time of the message, unix seconds
  std::int64_t quiet_window = 30 * 60;
  // The message to file. Without one (a button tap, a closing word with no open tip)
  // only the thread state, the reply handle and the reply are written.
  std::optional<NewMessage> message;
  // Triage of the message alone (used when it starts a tip), and of the thread's
  // text with it (used when it joins `thread_tip`, the thread the caller read; if the
  // thread changed meanwhile the message starts a tip instead).
  Labels labels_if_new;
  std::optional<std::int64_t> thread_tip;
  std::optional<Labels> labels_if_joined;
  bool close_thread = false;  // after this event, the next message starts a new tip
  std::string reference_month;
  // The raw platform routing data (sealed here) and when the platform's reply window closes.
  std::string reply_handle;
  std::int64_t reply_handle_expires_at = 0;
  // Reply texts; "{reference}" becomes the tip's reference. Empty: no reply. A
  // reply to a joined message is skipped while an earlier reply to the tip is pending,
  // so a burst of messages gets one answer.
  std::string reply_if_new;
  std::string reply_if_joined;
  std::string reply_without_message;
};

// The events of a webhook whose signature checked out, kept from its 200 until they
// are filed. The body names the sender's platform id (for the reply handle), so it is
// sealed with the active data key and lives only until it is filed.
struct NewDelivery {
  std::string channel;           // a chat channel's stored name (domain::is_chat)
  std::int64_t received_at = 0;  // server clock, unix seconds
  std::string body;              // the parsed events' record (handlers/channels/event_record.hpp)
};

struct Delivery {
  std::int64_t seq = 0;  // arrival order
  std::string channel;
  std::int64_t received_at = 0;
  std::string body;         // opened
  bool unreadable = false;  // its data key is not loaded: no body
};

struct DeliveryCounts {
  std::int64_t waiting = 0;
  std::int64_t set_aside = 0;  // could not be filed; deleted after the longest reply window
};

struct ChatIngestResult {
  bool duplicate = false;  // seen before: nothing was written
  std::optional<std::int64_t> tip_id;
  std::string reference;
  bool new_tip = false;
  std::optional<std::int64_t> outbox_id;
};

// The tip a reporter's next message would join, as the caller reads it before triage.
struct OpenThread {
  std::int64_t tip_id = 0;
  std::string reference;
  std::int64_t last_message_at = 0;
};

struct ReplyHandle {
  std::string channel;
  std::string routing;  // decrypted routing data, as given to ingest_chat
  std::int64_t expires_at = 0;
};

struct OutboxEntry {
  std::int64_t id = 0;
  std::optional<std::int64_t> tip_id;
  std::string channel;
  std::string reporter;
  std::string kind;  // a domain::OutboxKind stored name
  std::string text;  // decrypted
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  bool unreadable = false;  // the sealed text would not open (its key left the ring)
};

// Thrown when the database cannot be opened, migrated or written. what() is an
// internal message for the operator's log; it never contains tip content.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when a write collides with a unique key (e.g. a receipt hash already in
// use). Writes whose collisions are expected report them as a result instead.
class DuplicateError : public StoreError {
 public:
  using StoreError::StoreError;
};

// Thrown when a change would leave no enabled admin account (disabling the last one,
// or giving it another role). Checked in the change's own transaction.
class LastAdminError : public StoreError {
 public:
  using StoreError::StoreError;
};

// Thrown when a sealed value cannot be opened: wrong or missing key, or tampering.
class DecryptError : public StoreError {
 public:
  using StoreError::StoreError;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates a tip with its first message and assigns the next reference of its month.
  virtual CreatedTip create_tip(const NewTip& tip) = 0;

  // Appends a message to an existing tip and bumps its updated_at. Returns the id.
  virtual std::int64_t add_message(std::int64_t tip_id, const NewMessage& message) = 0;

  // Appends a message and replaces the machine labels in one commit (the reporter
  // added information and triage re-ran over everything).
  virtual std::int64_t add_message_with_labels(std::int64_t tip_id, const NewMessage& message,
                                               const Labels& labels) = 0;

  // Replaces the machine labels (triage re-run after the reporter added information).
  virtual void update_labels(std::int64_t tip_id, const Labels& labels) = 0;

  // Records an officer's labels for a tip; the machine's stay as they were. The
  // queue sorts and filters by the corrected labels from then on.
  virtual void correct_labels(std::int64_t tip_id, const LabelCorrection& correction,
                              const std::optional<AuditEvent>& audit = std::nullopt) = 0;

  // Ids of tips created at or after `since`, oldest first (rebuilding the grouping index).
  virtual std::vector<std::int64_t> recent_tip_ids(std::int64_t since, std::size_t limit) = 0;

  // ---- Chat channels ----

  // Keeps a verified webhook delivery and returns at once; `then` runs on the store's
  // writer thread once the delivery is durably committed (nullptr) or has failed (the
  // error). `then` must be quick and must not throw.
  virtual void keep_delivery(NewDelivery delivery, std::function<void(std::exception_ptr)> then) = 0;
  // The oldest kept deliveries waiting, in arrival order, and their removal once filed.
  virtual std::vector<Delivery> oldest_deliveries(std::size_t limit) = 0;
  virtual void drop_deliveries_through(std::int64_t seq) = 0;
  // Takes a delivery that cannot be filed out of the way of the others. It stays sealed
  // and is deleted by purge_expired() 7 days (the longest reply window) after it arrived.
  virtual void set_aside_delivery(std::int64_t seq, std::int64_t now) = 0;
  // Puts every delivery set aside back in the queue, in its place (at start: the cause
  // may have been fixed meanwhile).
  virtual void retry_set_aside_deliveries() = 0;
  virtual DeliveryCounts delivery_counts() = 0;
  std::int64_t delivery_count() { return delivery_counts().waiting; }

  // Runs as background work: it yields to writes someone is waiting on (see WriteQueue).
  virtual ChatIngestResult ingest_chat(const ChatIngest& event) = 0;
  // True when this dedupe hash has been ingested (a cheap pre-check; ingest_chat decides).
  virtual bool inbound_seen(const std::string& dedupe_hash) = 0;
  // The reporter's thread if its tip is still open and it has not been closed, and its
  // last message is within `quiet_window` of `at`.
  virtual std::optional<OpenThread> open_thread(const std::string& reporter, std::int64_t at,
                                                std::int64_t quiet_window) = 0;
  virtual std::optional<ReplyHandle> reply_handle(const std::string& reporter, std::int64_t now) = 0;
  // A reporter asked the platform to have us forget them: their reply handle and thread
  // go, their tips lose the pseudonym that linked them, and replies still waiting for
  // them are recorded as failed. The tips' content stays (it names no reporter).
  // Returns the number of tips unlinked.
  // `dedupe_hash` marks the request itself, so one filed twice (redelivered, or in a batch
  // filed again after a crash) is carried out once: nullopt the second time, when it
  // would otherwise forget messages that came after it.
  virtual std::optional<std::int64_t> forget_reporter(const std::string& reporter, const std::string& dedupe_hash,
                                                      std::int64_t now) = 0;
  // Deletes reply handles whose window has closed and dedupe records older than
  // `dedupe_before`. Returns the number of reply handles deleted.
  virtual std::size_t purge_expired(std::int64_t now, std::int64_t dedupe_before) = 0;

  virtual std::vector<OutboxEntry> due_outbox(std::int64_t now, std::size_t limit) = 0;
  virtual std::optional<std::int64_t> next_outbox_due() = 0;
  virtual void outbox_sent(std::int64_t id, std::int64_t now) = 0;
  virtual void outbox_retry(std::int64_t id, std::int64_t next_attempt_at, const std::string& reason) = 0;
  // Gives up on an entry and records why on its tip, as a system message officers see.
  virtual void outbox_failed(std::int64_t id, std::int64_t now, const std::string& reason) = 0;
  // {"pending": n, "sent": n, "failed": n}
  virtual std::vector<std::pair<std::string, std::int64_t>> outbox_counts() = 0;

  // ---- Officers' console (every change is audited in its own transaction) ----

  // Throws DuplicateError when the user name is taken (case-insensitively).
  virtual std::int64_t create_officer(const NewOfficer& officer, const AuditEvent& audit) = 0;
  virtual std::optional<Officer> find_officer(const std::string& username) = 0;
  virtual std::optional<Officer> officer(std::int64_t id) = 0;
  virtual std::vector<Officer> list_officers() = 0;
  // Changing the password, disabling or changing the role ends the officer's sessions.
  // Disabling the last enabled admin, or changing its role, throws LastAdminError.
  virtual void set_password(std::int64_t officer_id, const std::string& password_hash, bool must_change,
                            const AuditEvent& audit) = 0;
  virtual void set_disabled(std::int64_t officer_id, bool disabled, const AuditEvent& audit) = 0;
  virtual void set_role(std::int64_t officer_id, const std::string& role, const AuditEvent& audit) = 0;
  virtual void set_totp(std::int64_t officer_id, const std::optional<std::string>& secret, std::int64_t last_step,
                        const AuditEvent& audit) = 0;
  virtual void set_language(std::int64_t officer_id, const std::string& language) = 0;
  // Charges one sign-in attempt (password or code) before it is checked, in one
  // statement, so concurrent attempts cannot all slip under the limit: `locked` when
  // the account is locked at `now` (nothing is checked), `last` when this attempt used
  // up the allowance (the account is locked until `lock_until` unless it succeeds).
  // A success (record_login_success) clears the count and the lock.
  enum class Attempt { allowed, last, locked };
  virtual Attempt claim_login_attempt(std::int64_t officer_id, std::int64_t now, int max_attempts,
                                      std::int64_t lock_until) = 0;
  // Clears the failure count. A non-zero TOTP step must be newer than the last one
  // used: otherwise nothing is written and false is returned (a replayed code).
  virtual bool record_login_success(std::int64_t officer_id, std::int64_t totp_step, const AuditEvent& audit) = 0;

  virtual void create_session(const Session& session) = 0;
  virtual std::optional<Session> find_session(const std::string& token_hash) = 0;
  virtual void touch_session(const std::string& token_hash, std::int64_t now) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  // Sessions idle since before `idle_before` or created before `created_before`.
  virtual std::size_t purge_sessions(std::int64_t idle_before, std::int64_t created_before) = 0;

  virtual std::optional<std::string> setting(const std::string& name) = 0;
  virtual void set_setting(const std::string& name, const std::string& value, const AuditEvent& audit) = 0;

  // Appends to the hash-chained audit log (views, reveals, logins, exports).
  virtual void audit(const AuditEvent& event) = 0;
  virtual std::vector<AuditEntry> audit_entries(const AuditFilter& filter) = 0;
  virtual AuditVerification verify_audit() = 0;

  virtual QueuePage queue(const QueueFilter& filter) = 0;
  virtual std::vector<std::pair<std::string, std::int64_t>> status_counts() = 0;
  virtual std::vector<OfficerLoad> officer_loads(std::int64_t now) = 0;
  // Other tips sharing the tip's duplicate group, newest first.
  virtual std::vector<QueueRow> group_members(std::int64_t tip_id, std::size_t limit) = 0;
  // Puts the tips in one group (merge) or, with nullopt, gives each a group of its own (split).
  virtual void set_group(const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group,
                         const AuditEvent& audit) = 0;

  virtual void assign(std::int64_t tip_id, std::optional<std::int64_t> officer_id, std::optional<std::int64_t> deadline,
                      const AuditEvent& audit) = 0;
  // Closing needs an outcome (std::invalid_argument otherwise).
  virtual void set_status(std::int64_t tip_id, const std::string& status, const std::optional<std::string>& outcome,
                          const AuditEvent& audit) = 0;
  virtual std::int64_t add_note(std::int64_t tip_id, const NewMessage& note, const AuditEvent& audit) = 0;
  enum class ReplyRoute { chat, web_status, none };
  // A question or answer to the reporter: through the chat outbox while the reply
  // handle lives, else kept for the receipt holder's status page.
  virtual ReplyRoute reply_to_reporter(std::int64_t tip_id, const std::string& text, std::int64_t now,
                                       const AuditEvent& audit) = 0;

  virtual std::vector<ReportRow> report_rows(std::int64_t start, std::int64_t end) = 0;

  // Small sealed values the gateway maintains itself (the Zalo token pair).
  virtual std::optional<std::string> load_channel_secret(const std::string& name) = 0;
  virtual void save_channel_secret(const std::string& name, const std::string& value, std::int64_t now) = 0;

  // The tip whose receipt hash matches exactly, if any.
  virtual std::optional<std::int64_t> find_by_receipt(const std::string& receipt_hash) = 0;

  // The tip with this reference ("TL-2511-0042"), if any.
  virtual std::optional<std::int64_t> find_by_reference(const std::string& reference) = 0;

  // The tip's labels and the reporter's messages only (no attachment is opened).
  virtual std::optional<ReporterWords> reporter_words(std::int64_t tip_id) = 0;

  // The tip with its messages decrypted, if it exists.
  virtual std::optional<StoredTip> load_tip(std::int64_t tip_id) = 0;

  virtual std::int64_t count_tips() = 0;

  // True when the database answers a trivial query.
  virtual bool healthy() = 0;
};

}  // namespace tipline::storage
