#include "storage/sqlite_store.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "common/log.hpp"
#include "storage/chat_rows.hpp"
#include "storage/migrations.hpp"
#include "storage/read_pool.hpp"
#include "storage/schema_sql.hpp"
#include "storage/sqlite_handle.hpp"
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
  tip_rows::validate(labels);
  queue_->submit([&](Connection& db) { tip_rows::update_labels(db, tip_id, labels); });
}

std::int64_t SqliteStore::add_message_with_labels(std::int64_t tip_id, const NewMessage& message,
                                                  const Labels& labels) {
  tip_rows::validate(message);
  tip_rows::validate(labels);
  return queue_->submit([&](Connection& db) {
    auto id = tip_rows::insert_message(db, keys_, tip_id, message);
    tip_rows::update_labels(db, tip_id, labels);
    return id;
  });
}

void SqliteStore::correct_labels(std::int64_t tip_id, const LabelCorrection& correction) {
  tip_rows::validate(correction.labels);
  if (correction.officer.empty()) throw std::invalid_argument("storage: a correction names its officer");
  queue_->submit([&](Connection& db) { tip_rows::insert_correction(db, tip_id, correction); });
}

std::vector<std::int64_t> SqliteStore::recent_tip_ids(std::int64_t since, std::size_t limit) {
  auto db = readers_->acquire();
  return tip_rows::recent_tip_ids(*db, since, limit);
}

ChatIngestResult SqliteStore::ingest_chat(const ChatIngest& event) {
  chat_rows::validate(event);
  return queue_->submit([&](Connection& db) { return chat_rows::ingest(db, keys_, event); });
}

bool SqliteStore::inbound_seen(const std::string& dedupe_hash) {
  auto db = readers_->acquire();
  return chat_rows::inbound_seen(*db, dedupe_hash);
}

std::optional<OpenThread> SqliteStore::open_thread(const std::string& reporter, std::int64_t at,
                                                   std::int64_t quiet_window) {
  auto db = readers_->acquire();
  return chat_rows::open_thread(*db, reporter, at, quiet_window);
}

std::optional<ReplyHandle> SqliteStore::reply_handle(const std::string& reporter, std::int64_t now) {
  auto db = readers_->acquire();
  return chat_rows::reply_handle(*db, keys_, reporter, now);
}

std::size_t SqliteStore::purge_expired(std::int64_t now, std::int64_t dedupe_before) {
  return queue_->submit([&](Connection& db) { return chat_rows::purge_expired(db, now, dedupe_before); });
}

std::vector<OutboxEntry> SqliteStore::due_outbox(std::int64_t now, std::size_t limit) {
  auto db = readers_->acquire();
  return chat_rows::due_outbox(*db, keys_, now, limit);
}

std::optional<std::int64_t> SqliteStore::next_outbox_due() {
  auto db = readers_->acquire();
  return chat_rows::next_outbox_due(*db);
}

void SqliteStore::outbox_sent(std::int64_t id, std::int64_t now) {
  queue_->submit([&](Connection& db) { chat_rows::outbox_sent(db, id, now); });
}

void SqliteStore::outbox_retry(std::int64_t id, std::int64_t next_attempt_at, const std::string& reason) {
  queue_->submit([&](Connection& db) { chat_rows::outbox_retry(db, id, next_attempt_at, reason); });
}

void SqliteStore::outbox_failed(std::int64_t id, std::int64_t now, const std::string& reason) {
  queue_->submit([&](Connection& db) { chat_rows::outbox_failed(db, keys_, id, now, reason); });
}

std::vector<std::pair<std::string, std::int64_t>> SqliteStore::outbox_counts() {
  auto db = readers_->acquire();
  return chat_rows::outbox_counts(*db);
}

std::optional<std::string> SqliteStore::load_channel_secret(const std::string& name) {
  auto db = readers_->acquire();
  return chat_rows::load_channel_secret(*db, keys_, name);
}

void SqliteStore::save_channel_secret(const std::string& name, const std::string& value, std::int64_t now) {
  queue_->submit([&](Connection& db) { chat_rows::save_channel_secret(db, keys_, name, value, now); });
}

std::optional<std::int64_t> SqliteStore::find_by_receipt(const std::string& receipt_hash) {
  auto db = readers_->acquire();
  return tip_rows::find_by_receipt(*db, receipt_hash);
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
    state.schema_version = schema_version(db);
    return state;
  });
}

}  // namespace tipline::storage
