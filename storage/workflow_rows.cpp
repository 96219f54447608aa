#include "storage/workflow_rows.hpp"

#include <stdexcept>

#include "common/crypto.hpp"
#include "common/encoding.hpp"

#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"
#include "storage/outbox_rows.hpp"
#include "storage/thread_rows.hpp"
#include "storage/tip_rows.hpp"

namespace tipline::storage::workflow_rows {

void set_group(Connection& db, const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group) {
  for (auto id : tip_ids) {
    // Split: a label of its own, random so it says nothing about the tip.
    const std::optional<std::string> label =
        group ? group : std::optional<std::string>("g-" + encoding::to_hex(crypto::random_bytes(8)));
    Statement u(db, sql::set_tip_group);
    u.bind_int(1, id);
    u.bind_text(2, label);
    u.run();
    require_change(db, "tip", id);
  }
}

void assign(Connection& db, std::int64_t tip_id, std::optional<std::int64_t> officer_id,
            std::optional<std::int64_t> deadline, std::int64_t now) {
  Statement u(db, sql::assign_tip);
  u.bind_int(1, tip_id);
  bind_optional_int(u, 2, officer_id);
  bind_optional_int(u, 3, deadline);
  u.bind_int(4, now);
  u.run();
  require_change(db, "tip", tip_id);
}

void set_status(Connection& db, std::int64_t tip_id, domain::Status status, std::optional<domain::Outcome> outcome,
                std::int64_t now) {
  Statement u(db, sql::set_tip_status);
  u.bind_int(1, tip_id);
  bind_word(u, 2, status);
  bind_word(u, 3, outcome);
  if (status == domain::Status::closed) u.bind_int(4, now); else u.bind_null(4);
  u.bind_int(5, now);
  u.run();
  require_change(db, "tip", tip_id);
}

void set_corrected_labels(Connection& db, std::int64_t tip_id, const Labels& labels, std::int64_t now) {
  const std::string categories = tip_rows::join_categories(labels.categories);
  Statement u(db, sql::set_corrected_labels);
  u.bind_int(1, tip_id);
  bind_word(u, 2, labels.priority);
  u.bind_text(3, categories);
  u.bind_text(4, labels.area);
  u.bind_int(5, now);
  u.run();
  require_change(db, "tip", tip_id);
}

WorkflowStore::ReplyRoute reply_to_reporter(Connection& db, const Keyring& keys, std::int64_t tip_id, const std::string& text,
                                    std::int64_t now) {
  std::optional<std::string> reporter;
  auto channel = domain::Channel::web;
  bool has_receipt = false;
  {
    Statement q(db, sql::tip_reporter);
    q.bind_int(1, tip_id);
    if (!q.step()) throw StoreError("storage: no tip " + std::to_string(tip_id));
    reporter = q.column_optional_text(0);
    channel = column_word<domain::Channel>(q, 1);
    has_receipt = q.column_int(2) != 0;
  }
  auto route = WorkflowStore::ReplyRoute::none;
  if (reporter && thread_rows::reply_handle(db, keys, *reporter, now)) {
    outbox_rows::insert_outbox(db, keys, tip_id, channel, *reporter, domain::OutboxKind::officer, text, now);
    route = WorkflowStore::ReplyRoute::chat;
  } else if (has_receipt) {
    route = WorkflowStore::ReplyRoute::web_status;
  }
  if (route == WorkflowStore::ReplyRoute::none) return route;
  NewMessage message;
  message.author = domain::Author::officer;
  message.kind = domain::MessageKind::question;
  message.created_at = now;
  message.body = text;
  tip_rows::insert_message(db, keys, tip_id, message);
  return route;
}


std::vector<ReportRow> report_rows(Connection& db, std::int64_t start, std::int64_t end) {
  Statement q(db, sql::report_rows);
  q.bind_int(1, start);
  q.bind_int(2, end);
  std::vector<ReportRow> out;
  while (q.step()) {
    ReportRow row;
    row.created_at = q.column_int(0);
    row.channel = column_word<domain::Channel>(q, 1);
    row.categories = tip_rows::split_categories(q.column_text(2));
    row.priority = column_word<domain::Priority>(q, 3);
    row.area = q.column_optional_text(4);
    row.status = column_word<domain::Status>(q, 5);
    row.outcome = column_optional_word<domain::Outcome>(q, 6);
    if (!q.column_is_null(7)) row.first_action_at = q.column_int(7);
    if (!q.column_is_null(8)) row.deadline = q.column_int(8);
    if (!q.column_is_null(9)) row.closed_at = q.column_int(9);
    row.machine_categories = tip_rows::split_categories(q.column_text(10));
    row.corrected = q.column_int(11) != 0;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace tipline::storage::workflow_rows
