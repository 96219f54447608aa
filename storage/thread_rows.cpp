#include "storage/thread_rows.hpp"

#include <stdexcept>

#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"
#include "storage/tip_rows.hpp"
#include "storage/outbox_rows.hpp"

namespace tipline::storage::thread_rows {

namespace {

std::string with_reference(std::string text, const std::string& reference) {
  static constexpr std::string_view placeholder = "{reference}";
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + reference.size()))
    text.replace(at, placeholder.size(), reference);
  return text;
}

struct ThreadRow {
  std::int64_t tip_id = 0;
  std::int64_t last_message_at = 0;
  bool closed = false;
  std::string reference;
  domain::Status status = domain::Status::new_;
};

std::optional<ThreadRow> thread_row(Connection& db, const std::string& reporter) {
  Statement query(db, sql::select_thread);
  query.bind_text(1, reporter);
  if (!query.step()) return std::nullopt;
  return ThreadRow{query.column_int(0), query.column_int(1), query.column_int(2) != 0, query.column_text(3),
                   column_word<domain::Status>(query, 4)};
}

// A tip takes further chat messages until officers have finished verifying it.
bool tip_open(domain::Status status) {
  return status == domain::Status::new_ || status == domain::Status::verifying;
}

bool joinable(const ThreadRow& thread, std::int64_t at, std::int64_t quiet_window) {
  // A late message (reordered or redelivered) whose own time falls inside the
  // thread's span joins as well: arrival order must not change which tip it is in.
  return !thread.closed && tip_open(thread.status) && at <= thread.last_message_at + quiet_window;
}

bool has_pending_reply(Connection& db, std::int64_t tip_id) {
  Statement query(db, sql::pending_outbox_for_tip);
  query.bind_int(1, tip_id);
  return query.step();
}

void upsert_thread(Connection& db, const ChatIngest& event, std::int64_t tip_id, bool closed) {
  Statement upsert(db, sql::upsert_thread);
  upsert.bind_text(1, event.reporter);
  bind_word(upsert, 2, event.channel);
  upsert.bind_int(3, tip_id);
  upsert.bind_int(4, event.message_at);
  upsert.bind_int(5, closed ? 1 : 0);
  upsert.run();
}

void close_thread(Connection& db, const std::string& reporter) {
  Statement close(db, sql::close_thread);
  close.bind_text(1, reporter);
  close.run();
}

void upsert_reply_handle(Connection& db, const Keyring& keys, const ChatIngest& event) {
  const std::uint32_t key_id = keys.active_id();
  const SealedValue sealed = keys.seal(event.reply_handle, sealed_row_aad("reply_handles", event.reporter, key_id));
  Statement upsert(db, sql::upsert_reply_handle);
  upsert.bind_text(1, event.reporter);
  bind_word(upsert, 2, event.channel);
  upsert.bind_int(3, key_id);
  upsert.bind_blob(4, sealed.bytes);
  upsert.bind_int(5, event.reply_handle_expires_at);
  upsert.run();
}

}  // namespace

void validate(const ChatIngest& event) {
  require_chat_channel(event.channel);
  if (event.dedupe_hash.empty() || event.reporter.empty())
    throw std::invalid_argument("storage: chat event without dedupe hash or reporter");
  if (event.quiet_window <= 0) throw std::invalid_argument("storage: quiet window must be positive");
  if (event.message) tip_rows::validate(*event.message);
}

ChatIngestResult ingest(Connection& db, const Keyring& keys, const ChatIngest& event) {
  ChatIngestResult result;
  {
    Statement dedupe(db, sql::insert_inbound_event);
    dedupe.bind_blob(1, event.dedupe_hash);
    dedupe.bind_int(2, event.received_at);
    dedupe.bind_null(3);
    if (dedupe.insert_or_duplicate() == InsertOutcome::duplicate) {
      result.duplicate = true;
      return result;
    }
  }
  upsert_reply_handle(db, keys, event);

  auto thread = thread_row(db, event.reporter);
  const bool thread_live = thread && joinable(*thread, event.message_at, event.quiet_window);
  std::string reply;
  auto reply_kind = domain::OutboxKind::prompt;
  if (event.message) {
    NewMessage message = *event.message;
    if (message.created_at == 0) message.created_at = event.message_at;
    // Join only the thread the caller triaged against; otherwise its labels are stale.
    if (thread_live && event.thread_tip == thread->tip_id && event.labels_if_joined) {
      result.tip_id = thread->tip_id;
      result.reference = thread->reference;
      tip_rows::insert_message(db, keys, thread->tip_id, message);
      tip_rows::update_labels(db, thread->tip_id, *event.labels_if_joined);
      if (!has_pending_reply(db, thread->tip_id)) {
        reply = event.reply_if_joined;
        reply_kind = domain::OutboxKind::received;
      }
    } else {
      NewTip tip;
      tip.channel = event.channel;
      tip.received_at = event.received_at;
      tip.reference_month = event.reference_month;
      tip.reporter = event.reporter;
      tip.labels = event.labels_if_new;
      tip.first_message = message;
      auto created = tip_rows::insert_tip(db, keys, tip);
      result.tip_id = created.id;
      result.reference = created.reference;
      result.new_tip = true;
      reply = event.reply_if_new;
      reply_kind = domain::OutboxKind::ack;
    }
    upsert_thread(db, event, *result.tip_id, event.close_thread);
    Statement link(db, sql::set_inbound_event_tip);
    link.bind_blob(1, event.dedupe_hash);
    link.bind_int(2, *result.tip_id);
    link.run();
  } else {
    if (event.close_thread) close_thread(db, event.reporter);
    if (thread_live) {
      result.tip_id = thread->tip_id;
      result.reference = thread->reference;
    }
    reply = event.reply_without_message;
  }
  if (!reply.empty()) {
    result.outbox_id = outbox_rows::insert_outbox(db, keys, result.tip_id, event.channel, event.reporter, reply_kind,
                                     with_reference(reply, result.reference), event.received_at);
  }
  return result;
}

bool inbound_seen(Connection& db, const std::string& dedupe_hash) {
  Statement query(db, sql::inbound_event_seen);
  query.bind_blob(1, dedupe_hash);
  return query.step();
}

std::optional<OpenThread> open_thread(Connection& db, const std::string& reporter, std::int64_t at,
                                      std::int64_t quiet_window) {
  auto thread = thread_row(db, reporter);
  if (!thread || !joinable(*thread, at, quiet_window)) return std::nullopt;
  return OpenThread{thread->tip_id, thread->reference, thread->last_message_at};
}

std::optional<ReplyHandle> reply_handle(Connection& db, const Keyring& keys, const std::string& reporter,
                                        std::int64_t now) {
  Statement query(db, sql::select_reply_handle);
  query.bind_text(1, reporter);
  query.bind_int(2, now);
  if (!query.step()) return std::nullopt;
  ReplyHandle handle;
  handle.channel = column_word<domain::Channel>(query, 0);
  const auto key_id = static_cast<std::uint32_t>(query.column_int(1));
  handle.routing = keys.open(key_id, query.column_blob(2), sealed_row_aad("reply_handles", reporter, key_id));
  handle.expires_at = query.column_int(3);
  return handle;
}

std::optional<std::int64_t> forget_reporter(Connection& db, const Keyring& keys, const std::string& reporter,
                                            const std::string& dedupe_hash, std::int64_t now) {
  {
    Statement dedupe(db, sql::insert_inbound_event);
    dedupe.bind_blob(1, dedupe_hash);
    dedupe.bind_int(2, now);
    dedupe.bind_null(3);
    if (dedupe.insert_or_duplicate() == InsertOutcome::duplicate) return std::nullopt;
  }
  std::vector<std::int64_t> pending;
  {
    Statement q(db, sql::pending_outbox_of_reporter);
    q.bind_text(1, reporter);
    while (q.step()) pending.push_back(q.column_int(0));
  }
  for (auto id : pending) outbox_rows::outbox_failed(db, keys, id, now, "reporter asked to be forgotten");
  for (const char* statement : {sql::delete_reply_handle, sql::delete_thread}) {
    Statement d(db, statement);
    d.bind_text(1, reporter);
    d.run();
  }
  Statement unlink(db, sql::unlink_reporter_tips);
  unlink.bind_text(1, reporter);
  unlink.run();
  const auto unlinked = db.changes();
  Statement outbox(db, sql::unlink_reporter_outbox);
  outbox.bind_text(1, reporter);
  outbox.run();
  return unlinked;
}

std::size_t purge_expired(Connection& db, std::int64_t now, std::int64_t dedupe_before) {
  std::size_t purged = 0;
  {
    Statement purge(db, sql::purge_reply_handles);
    purge.bind_int(1, now);
    purge.run();
    purged = static_cast<std::size_t>(db.changes());
  }
  Statement purge(db, sql::purge_inbound_events);
  purge.bind_int(1, dedupe_before);
  purge.run();
  return purged;
}

}  // namespace tipline::storage::thread_rows
