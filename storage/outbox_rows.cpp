#include "storage/outbox_rows.hpp"

#include <stdexcept>

#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"
#include "storage/tip_rows.hpp"

namespace tipline::storage::outbox_rows {

std::int64_t insert_outbox(Connection& db, const Keyring& keys, std::optional<std::int64_t> tip_id,
                           domain::Channel channel, const std::string& reporter, domain::OutboxKind kind,
                           const std::string& text, std::int64_t now) {
  const std::uint32_t key_id = keys.active_id();
  {
    Statement insert(db, sql::insert_outbox);
    if (tip_id) insert.bind_int(1, *tip_id); else insert.bind_null(1);
    bind_word(insert, 2, channel);
    insert.bind_text(3, reporter);
    bind_word(insert, 4, kind);
    insert.bind_int(5, key_id);
    insert.bind_int(6, now);
    insert.run();
  }
  const std::int64_t id = db.last_insert_rowid();
  const SealedValue body = keys.seal(text, sealed_row_aad("outbox", std::to_string(id), key_id));
  Statement set(db, sql::set_outbox_body);
  set.bind_int(1, id);
  set.bind_blob(2, body.bytes);
  set.run();
  return id;
}

std::vector<OutboxEntry> due_outbox(Connection& db, const Keyring& keys, std::int64_t now, std::size_t limit) {
  Statement query(db, sql::due_outbox);
  query.bind_int(1, now);
  query.bind_int(2, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> entries;
  while (query.step()) {
    OutboxEntry entry;
    entry.id = query.column_int(0);
    if (!query.column_is_null(1)) entry.tip_id = query.column_int(1);
    entry.reporter = query.column_text(3);
    const auto key_id = static_cast<std::uint32_t>(query.column_int(5));
    try {
      entry.channel = column_word<domain::Channel>(query, 2);
      entry.kind = column_word<domain::OutboxKind>(query, 4);
      entry.text = keys.open(key_id, query.column_blob(6), sealed_row_aad("outbox", std::to_string(entry.id), key_id));
    } catch (const StoreError&) {
      entry.unreadable = true;  // reported per entry: one bad row must not stop every reply
    }
    entry.attempts = static_cast<int>(query.column_int(7));
    entry.next_attempt_at = query.column_int(8);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<std::int64_t> next_outbox_due(Connection& db) {
  Statement query(db, sql::next_outbox_due);
  if (!query.step() || query.column_is_null(0)) return std::nullopt;
  return query.column_int(0);
}

bool outbox_begin_send(Connection& db, std::int64_t id, std::int64_t now) {
  Statement update(db, sql::outbox_begin_send);
  update.bind_int(1, id);
  update.bind_int(2, now);
  update.run();
  return db.changes() == 1;
}

std::size_t outbox_settle_interrupted(Connection& db, const Keyring& keys, std::int64_t now, const std::string& reason) {
  std::vector<std::int64_t> ids;
  {
    Statement query(db, sql::outbox_in_flight);
    while (query.step()) ids.push_back(query.column_int(0));
  }
  for (const auto id : ids) outbox_failed(db, keys, id, now, reason);
  return ids.size();
}

void outbox_sent(Connection& db, std::int64_t id, std::int64_t now) {
  Statement update(db, sql::outbox_sent);
  update.bind_int(1, id);
  update.bind_int(2, now);
  update.run();
}

void outbox_retry(Connection& db, std::int64_t id, std::int64_t next_attempt_at, const std::string& reason) {
  Statement update(db, sql::outbox_retry);
  update.bind_int(1, id);
  update.bind_int(2, next_attempt_at);
  update.bind_text(3, reason);
  update.run();
}

void outbox_failed(Connection& db, const Keyring& keys, std::int64_t id, std::int64_t now, const std::string& reason) {
  std::optional<std::int64_t> tip_id;
  {
    Statement update(db, sql::outbox_failed);
    update.bind_int(1, id);
    update.bind_int(2, now);
    update.bind_text(3, reason);
    if (!update.step() || update.column_is_null(0)) return;
    tip_id = update.column_int(0);
    while (update.step()) {
    }
  }
  NewMessage note;
  note.author = domain::Author::system;
  note.kind = domain::MessageKind::reply_failed;
  note.created_at = now;
  note.body = reason;
  tip_rows::insert_message(db, keys, *tip_id, note);
}

std::vector<std::pair<std::string, std::int64_t>> outbox_counts(Connection& db) {
  Statement query(db, sql::outbox_status_counts);
  std::vector<std::pair<std::string, std::int64_t>> counts;
  while (query.step()) counts.emplace_back(query.column_text(0), query.column_int(1));
  return counts;
}

std::optional<std::string> load_channel_secret(Connection& db, const Keyring& keys, const std::string& name) {
  Statement query(db, sql::select_channel_secret);
  query.bind_text(1, name);
  if (!query.step()) return std::nullopt;
  const auto key_id = static_cast<std::uint32_t>(query.column_int(0));
  return keys.open(key_id, query.column_blob(1), sealed_row_aad("channel_secrets", name, key_id));
}

void save_channel_secret(Connection& db, const Keyring& keys, const std::string& name, const std::string& value,
                         std::int64_t now) {
  const std::uint32_t key_id = keys.active_id();
  const SealedValue sealed = keys.seal(value, sealed_row_aad("channel_secrets", name, key_id));
  Statement upsert(db, sql::upsert_channel_secret);
  upsert.bind_text(1, name);
  upsert.bind_int(2, key_id);
  upsert.bind_blob(3, sealed.bytes);
  upsert.bind_int(4, now);
  upsert.run();
}

}  // namespace tipline::storage::outbox_rows
