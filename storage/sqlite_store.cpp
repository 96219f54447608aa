#include "storage/sqlite_store.hpp"

#include <sqlite3.h>

#include "common/log.hpp"
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
