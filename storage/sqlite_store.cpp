#include "storage/sqlite_store.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "common/log.hpp"
#include "storage/outbox_rows.hpp"
#include "storage/thread_rows.hpp"
#include "storage/audit_rows.hpp"
#include "storage/officer_rows.hpp"
#include "storage/queue_rows.hpp"
#include "storage/workflow_rows.hpp"
#include "storage/delivery_rows.hpp"
#include "storage/migrations.hpp"
#include "storage/read_pool.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"
#include "storage/tip_rows.hpp"
#include "storage/write_queue.hpp"

namespace tipline::storage {

namespace {

std::unique_ptr<Connection> open_writer(const std::string& path, const SqliteOptions& options) {
  auto db = std::make_unique<Connection>(path, Connection::Mode::read_write_create);
  check(sqlite3_busy_timeout(db->get(), static_cast<int>(options.busy_timeout.count())),
        db->get(), "busy_timeout");
  {
    // journal_mode answers with the mode in force, which stays the old one when the
    // switch is refused (e.g. another connection holds the file).
    Statement wal(*db, sql::journal_mode_wal);
    if (!wal.step() || wal.column_text(0) != "wal") {
      throw StoreError("sqlite: could not switch the database to WAL mode");
    }
  }
  db->exec(sql::writer_pragmas);
  migrate(*db);
  {
    // Only someone with the file in hand can drop or change these; the server does not
    // run over an audit log that could then be rewritten without a trace.
    Statement guards(*db, sql::audit_guards);
    if (!guards.step() || guards.column_int(0) != 2)
      throw StoreError(
          "the audit log's append-only triggers are missing or altered: the database was changed outside the "
          "gateway. Restore it from a backup, or put them back with `tipline audit restore-triggers --config FILE` "
          "and check the log with `tipline audit verify`");
  }
  return db;
}

std::int64_t pragma_int(Connection& db, const char* sql) {
  Statement query(db, sql);
  query.step();
  return query.column_int(0);
}

}  // namespace

SqliteStore::SqliteStore(std::string path, Keyring keys, SqliteOptions options)
    : path_(std::move(path)),
      keys_(std::move(keys)),
      audit_key_(options.audit_key),
      writer_db_(open_writer(path_, options)),
      readers_(std::make_unique<ReadPool>(path_, options.busy_timeout, options.max_idle_readers)),
      queue_(std::make_unique<WriteQueue>(*writer_db_, WriteQueueOptions{options.max_batch})) {
  log::info("storage.opened", {{"schema", latest_schema_version()},
                               {"active_key", static_cast<unsigned long>(keys_.active_id())}});
}

SqliteStore::~SqliteStore() { shutdown(); }

void SqliteStore::shutdown() { queue_->shutdown(); }

CreatedTip SqliteStore::create_tip(const NewTip& tip) {
  tip_rows::validate(tip);
  return queue_->submit([&](Connection& db) { return tip_rows::insert_tip(db, keys_, tip); });
}

std::int64_t SqliteStore::add_message(std::int64_t tip_id, const NewMessage& message) {
  tip_rows::validate(message);
  return queue_->submit(
      [&](Connection& db) { return tip_rows::insert_message(db, keys_, tip_id, message); });
}

void SqliteStore::update_labels(std::int64_t tip_id, const Labels& labels) {
  queue_->submit([&](Connection& db) { tip_rows::update_labels(db, tip_id, labels); });
}

std::int64_t SqliteStore::add_message_with_labels(std::int64_t tip_id, const NewMessage& message,
                                                  const Labels& labels) {
  tip_rows::validate(message);
  return queue_->submit([&](Connection& db) {
    auto id = tip_rows::insert_message(db, keys_, tip_id, message);
    tip_rows::update_labels(db, tip_id, labels);
    return id;
  });
}

void SqliteStore::correct_labels(std::int64_t tip_id, const LabelCorrection& correction,
                                 const std::optional<AuditEvent>& audit) {
  if (correction.officer.empty()) throw std::invalid_argument("storage: a correction names its officer");
  queue_->submit([&](Connection& db) {
    tip_rows::insert_correction(db, tip_id, correction);
    workflow_rows::set_corrected_labels(db, tip_id, correction.labels, correction.created_at);
    if (audit) audit_rows::append_audit(db, audit_key_, *audit);
  });
}

// ---- Officers' console -----------------------------------------------------------------

std::int64_t SqliteStore::create_officer(const NewOfficer& officer, const AuditEvent& audit) {
  if (officer.username.empty() || officer.password_hash.empty())
    throw std::invalid_argument("storage: an officer needs a user name and a password hash");
  return queue_->submit([&](Connection& db) {
    auto id = officer_rows::insert_officer(db, officer);
    audit_rows::append_audit(db, audit_key_, audit);
    return id;
  });
}

std::optional<Officer> SqliteStore::find_officer(const std::string& username) {
  auto db = readers_->acquire();
  return officer_rows::find_officer(*db, keys_, username);
}

std::optional<Officer> SqliteStore::officer(std::int64_t id) {
  auto db = readers_->acquire();
  return officer_rows::officer(*db, keys_, id);
}

std::vector<Officer> SqliteStore::list_officers() {
  auto db = readers_->acquire();
  return officer_rows::list_officers(*db, keys_);
}

void SqliteStore::set_password(std::int64_t officer_id, const std::string& password_hash, bool must_change,
                               const AuditEvent& audit) {
  queue_->submit([&](Connection& db) {
    officer_rows::set_password(db, officer_id, password_hash, must_change);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

void SqliteStore::set_disabled(std::int64_t officer_id, bool disabled, const AuditEvent& audit) {
  queue_->submit([&](Connection& db) {
    officer_rows::set_disabled(db, officer_id, disabled);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

void SqliteStore::set_role(std::int64_t officer_id, domain::Role role, const AuditEvent& audit) {
  queue_->submit([&](Connection& db) {
    officer_rows::set_role(db, officer_id, role);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

void SqliteStore::set_totp(std::int64_t officer_id, const std::optional<std::string>& secret, std::int64_t last_step,
                           const AuditEvent& audit) {
  queue_->submit([&](Connection& db) {
    officer_rows::set_totp(db, keys_, officer_id, secret, last_step);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

void SqliteStore::set_language(std::int64_t officer_id, domain::Language language) {
  queue_->submit([&](Connection& db) { officer_rows::set_language(db, officer_id, language); });
}

Store::Attempt SqliteStore::claim_login_attempt(std::int64_t officer_id, std::int64_t now, int max_attempts,
                                               std::int64_t lock_until) {
  return queue_->submit(
      [&](Connection& db) { return officer_rows::claim_attempt(db, officer_id, now, max_attempts, lock_until); });
}

bool SqliteStore::record_login_success(std::int64_t officer_id, std::int64_t totp_step, const AuditEvent& audit) {
  return queue_->submit([&](Connection& db) {
    if (!officer_rows::login_success(db, officer_id, totp_step)) return false;
    audit_rows::append_audit(db, audit_key_, audit);
    return true;
  });
}

void SqliteStore::create_session(const Session& session) {
  queue_->submit([&](Connection& db) { officer_rows::insert_session(db, session); });
}

std::optional<Session> SqliteStore::find_session(const std::string& token_hash) {
  auto db = readers_->acquire();
  return officer_rows::find_session(*db, token_hash);
}

void SqliteStore::touch_session(const std::string& token_hash, std::int64_t now) {
  queue_->submit([&](Connection& db) { officer_rows::touch_session(db, token_hash, now); });
}

void SqliteStore::delete_session(const std::string& token_hash) {
  queue_->submit([&](Connection& db) { officer_rows::delete_session(db, token_hash); });
}

std::size_t SqliteStore::purge_sessions(std::int64_t idle_before, std::int64_t created_before) {
  return queue_->submit(
      [&](Connection& db) { return officer_rows::purge_sessions(db, idle_before, created_before); });
}

std::optional<std::string> SqliteStore::setting(const std::string& name) {
  auto db = readers_->acquire();
  return officer_rows::setting(*db, name);
}

void SqliteStore::set_setting(const std::string& name, const std::string& value, const AuditEvent& audit) {
  queue_->submit([&](Connection& db) {
    officer_rows::set_setting(db, name, value);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

void SqliteStore::audit(const AuditEvent& event) {
  queue_->submit([&](Connection& db) { audit_rows::append_audit(db, audit_key_, event); });
}

std::vector<AuditEntry> SqliteStore::audit_entries(const AuditFilter& filter) {
  auto db = readers_->acquire();
  return audit_rows::audit_entries(*db, filter);
}

AuditVerification SqliteStore::verify_audit() {
  auto db = readers_->acquire();
  Transaction snapshot(*db, Transaction::Kind::deferred);
  return audit_rows::verify_audit(*db, audit_key_);
}

QueuePage SqliteStore::queue(const QueueFilter& filter) {
  auto db = readers_->acquire();
  return queue_rows::queue(*db, keys_, filter);
}

std::vector<std::pair<domain::Status, std::int64_t>> SqliteStore::status_counts() {
  auto db = readers_->acquire();
  return queue_rows::status_counts(*db);
}

std::vector<OfficerLoad> SqliteStore::officer_loads(std::int64_t now) {
  auto db = readers_->acquire();
  return queue_rows::officer_loads(*db, now);
}

std::vector<QueueRow> SqliteStore::group_members(std::int64_t tip_id, std::size_t limit) {
  auto db = readers_->acquire();
  return queue_rows::group_members(*db, keys_, tip_id, limit);
}

void SqliteStore::set_group(const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group,
                            const AuditEvent& audit) {
  queue_->submit([&](Connection& db) {
    workflow_rows::set_group(db, tip_ids, group);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

void SqliteStore::assign(std::int64_t tip_id, std::optional<std::int64_t> officer_id,
                         std::optional<std::int64_t> deadline, const AuditEvent& audit) {
  queue_->submit([&](Connection& db) {
    workflow_rows::assign(db, tip_id, officer_id, deadline, audit.at);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

void SqliteStore::set_status(std::int64_t tip_id, domain::Status status, std::optional<domain::Outcome> outcome,
                             const AuditEvent& audit) {
  if (status == domain::Status::closed && !outcome)
    throw std::invalid_argument("storage: closing a tip needs an outcome");
  queue_->submit([&](Connection& db) {
    workflow_rows::set_status(db, tip_id, status, outcome, audit.at);
    audit_rows::append_audit(db, audit_key_, audit);
  });
}

std::int64_t SqliteStore::add_note(std::int64_t tip_id, const NewMessage& note, const AuditEvent& audit) {
  tip_rows::validate(note);
  return queue_->submit([&](Connection& db) {
    auto id = tip_rows::insert_message(db, keys_, tip_id, note);
    audit_rows::append_audit(db, audit_key_, audit);
    return id;
  });
}

Store::ReplyRoute SqliteStore::reply_to_reporter(std::int64_t tip_id, const std::string& text, std::int64_t now,
                                                 const AuditEvent& audit) {
  return queue_->submit([&](Connection& db) {
    auto route = workflow_rows::reply_to_reporter(db, keys_, tip_id, text, now);
    if (route != ReplyRoute::none) audit_rows::append_audit(db, audit_key_, audit);
    return route;
  });
}

std::vector<ReportRow> SqliteStore::report_rows(std::int64_t start, std::int64_t end) {
  auto db = readers_->acquire();
  return workflow_rows::report_rows(*db, start, end);
}

std::vector<std::int64_t> SqliteStore::corrected_tip_ids() {
  auto db = readers_->acquire();
  return tip_rows::corrected_tip_ids(*db);
}

std::vector<std::int64_t> SqliteStore::recent_tip_ids(std::int64_t since, std::size_t limit) {
  auto db = readers_->acquire();
  return tip_rows::recent_tip_ids(*db, since, limit);
}

void SqliteStore::keep_delivery(NewDelivery delivery, std::function<void(std::exception_ptr)> then) {
  delivery_rows::validate(delivery);
  // The job owns the delivery: the caller does not wait for it.
  queue_->submit_then(
      [this, delivery = std::move(delivery)](Connection& db) { delivery_rows::insert(db, keys_, delivery); },
      std::move(then));
}

std::vector<Delivery> SqliteStore::oldest_deliveries(std::size_t limit) {
  auto db = readers_->acquire();
  return delivery_rows::oldest(*db, keys_, limit);
}

void SqliteStore::drop_deliveries_through(std::int64_t seq) {
  queue_->submit([&](Connection& db) { delivery_rows::remove_through(db, seq); }, Priority::background);
}

void SqliteStore::set_aside_delivery(std::int64_t seq, std::int64_t now) {
  queue_->submit([&](Connection& db) { delivery_rows::set_aside(db, seq, now); }, Priority::background);
}

void SqliteStore::retry_set_aside_deliveries() {
  queue_->submit([&](Connection& db) { delivery_rows::retry_set_aside(db); }, Priority::background);
}

DeliveryCounts SqliteStore::delivery_counts() {
  auto db = readers_->acquire();
  return delivery_rows::count(*db);
}

ChatIngestResult SqliteStore::ingest_chat(const ChatIngest& event) {
  thread_rows::validate(event);
  // Only filing calls this, after the webhook's 200: it yields to requests waiting.
  return queue_->submit([&](Connection& db) { return thread_rows::ingest(db, keys_, event); }, Priority::background);
}

bool SqliteStore::inbound_seen(const std::string& dedupe_hash) {
  auto db = readers_->acquire();
  return thread_rows::inbound_seen(*db, dedupe_hash);
}

std::optional<OpenThread> SqliteStore::open_thread(const std::string& reporter, std::int64_t at,
                                                   std::int64_t quiet_window) {
  auto db = readers_->acquire();
  return thread_rows::open_thread(*db, reporter, at, quiet_window);
}

std::optional<ReplyHandle> SqliteStore::reply_handle(const std::string& reporter, std::int64_t now) {
  auto db = readers_->acquire();
  return thread_rows::reply_handle(*db, keys_, reporter, now);
}

std::optional<std::int64_t> SqliteStore::forget_reporter(const std::string& reporter, const std::string& dedupe_hash,
                                                         std::int64_t now) {
  if (reporter.empty() || dedupe_hash.empty())
    throw std::invalid_argument("storage: forgetting needs a reporter and the request's dedupe hash");
  return queue_->submit(
      [&](Connection& db) { return thread_rows::forget_reporter(db, keys_, reporter, dedupe_hash, now); });
}

std::size_t SqliteStore::purge_expired(std::int64_t now, std::int64_t dedupe_before) {
  const auto purged = queue_->submit([&](Connection& db) {
    // A delivery set aside names its sender (sealed): it goes when a reply handle would.
    delivery_rows::purge_set_aside(db, now - delivery_rows::set_aside_kept_seconds);
    return thread_rows::purge_expired(db, now, dedupe_before);
  });
  // The WAL still holds the pages as they were before the purge: checkpoint and empty it
  // (on a connection of its own: the writer's jobs run inside transactions).
  if (purged > 0) {
    try {
      Connection checkpoint(path_, Connection::Mode::read_write_create);
      sqlite3_busy_timeout(checkpoint.get(), 2000);
      checkpoint.exec(sql::checkpoint_truncate);
    } catch (const StoreError& e) {
      log::warn("storage.checkpoint_failed", {{"error", e.what()}});
    }
  }
  return purged;
}

std::vector<OutboxEntry> SqliteStore::due_outbox(std::int64_t now, std::size_t limit) {
  auto db = readers_->acquire();
  return outbox_rows::due_outbox(*db, keys_, now, limit);
}

std::optional<std::int64_t> SqliteStore::next_outbox_due() {
  auto db = readers_->acquire();
  return outbox_rows::next_outbox_due(*db);
}

bool SqliteStore::outbox_begin_send(std::int64_t id, std::int64_t now) {
  return queue_->submit([&](Connection& db) { return outbox_rows::outbox_begin_send(db, id, now); });
}

std::size_t SqliteStore::outbox_settle_interrupted(std::int64_t now, const std::string& reason) {
  return queue_->submit([&](Connection& db) { return outbox_rows::outbox_settle_interrupted(db, keys_, now, reason); });
}

void SqliteStore::outbox_sent(std::int64_t id, std::int64_t now) {
  queue_->submit([&](Connection& db) { outbox_rows::outbox_sent(db, id, now); });
}

void SqliteStore::outbox_retry(std::int64_t id, std::int64_t next_attempt_at, const std::string& reason) {
  queue_->submit([&](Connection& db) { outbox_rows::outbox_retry(db, id, next_attempt_at, reason); });
}

void SqliteStore::outbox_failed(std::int64_t id, std::int64_t now, const std::string& reason) {
  queue_->submit([&](Connection& db) { outbox_rows::outbox_failed(db, keys_, id, now, reason); });
}

std::vector<std::pair<std::string, std::int64_t>> SqliteStore::outbox_counts() {
  auto db = readers_->acquire();
  return outbox_rows::outbox_counts(*db);
}

std::optional<std::string> SqliteStore::load_channel_secret(const std::string& name) {
  auto db = readers_->acquire();
  return outbox_rows::load_channel_secret(*db, keys_, name);
}

void SqliteStore::save_channel_secret(const std::string& name, const std::string& value, std::int64_t now) {
  queue_->submit([&](Connection& db) { outbox_rows::save_channel_secret(db, keys_, name, value, now); });
}

std::optional<std::int64_t> SqliteStore::find_by_receipt(const std::string& receipt_hash) {
  auto db = readers_->acquire();
  return tip_rows::find_by_receipt(*db, receipt_hash);
}

std::optional<std::int64_t> SqliteStore::find_by_reference(const std::string& reference) {
  auto db = readers_->acquire();
  Statement query(*db, sql::find_by_reference);
  query.bind_text(1, reference);
  if (!query.step()) return std::nullopt;
  return query.column_int(0);
}

std::optional<ReporterWords> SqliteStore::reporter_words(std::int64_t tip_id) {
  auto db = readers_->acquire();
  return tip_rows::reporter_words(*db, keys_, tip_id);
}

std::optional<StoredTip> SqliteStore::load_tip(std::int64_t tip_id) {
  auto db = readers_->acquire();
  return tip_rows::load_tip(*db, keys_, tip_id);
}

std::int64_t SqliteStore::count_tips() {
  auto db = readers_->acquire();
  return tip_rows::count_tips(*db);
}

bool SqliteStore::healthy() {
  if (!queue_->running()) return false;
  try {
    auto db = readers_->acquire();
    Statement ping(*db, sql::ping);
    return ping.step() && ping.column_int(0) == 1;
  } catch (const StoreError& e) {
    log::warn("storage.unhealthy", {{"error", e.what()}});
    return false;
  }
}

std::uint64_t SqliteStore::commit_count() const { return queue_->commit_count(); }

std::uint64_t SqliteStore::write_job_count() const { return queue_->job_count(); }

void restore_audit_triggers(const std::string& path) {
  Connection db(path, Connection::Mode::read_write_create);
  sqlite3_busy_timeout(db.get(), 30000);
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(sql::restore_audit_guards);
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

void SqliteStore::vacuum() {
  // On a connection of its own: VACUUM cannot run inside the writer's transactions.
  Connection db(path_, Connection::Mode::read_write_create);
  sqlite3_busy_timeout(db.get(), 30000);
  db.exec(sql::writer_pragmas);
  db.exec("VACUUM");
  db.exec(sql::checkpoint_truncate);
}

PragmaState SqliteStore::pragmas() {
  // Read on the writer's own connection: synchronous and foreign_keys are per
  // connection, and the writer's are the ones that make commits durable.
  return queue_->submit([](Connection& db) {
    PragmaState state;
    {
      Statement mode(db, sql::read_journal_mode);
      mode.step();
      state.journal_mode = mode.column_text(0);
    }
    state.synchronous = pragma_int(db, sql::read_synchronous);
    state.foreign_keys = pragma_int(db, sql::read_foreign_keys);
    state.busy_timeout_ms = pragma_int(db, sql::read_busy_timeout);
    state.secure_delete = pragma_int(db, sql::read_secure_delete);
    state.schema_version = schema_version(db);
    return state;
  });
}

}  // namespace tipline::storage
