#include "storage/queue_rows.hpp"

#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"
#include "storage/tip_rows.hpp"

namespace tipline::storage::queue_rows {

namespace {

QueueRow queue_row_from(Statement& q, const Keyring& keys) {
  QueueRow row;
  row.id = q.column_int(0);
  row.reference = q.column_text(1);
  row.channel = column_word<domain::Channel>(q, 2);
  row.status = column_word<domain::Status>(q, 3);
  row.created_at = q.column_int(4);
  row.priority = column_word<domain::Priority>(q, 5);
  row.categories = tip_rows::split_categories(q.column_text(6));
  row.area = q.column_optional_text(7);
  row.group = q.column_optional_text(8);
  if (!q.column_is_null(9)) row.assignee_id = q.column_int(9);
  row.assignee_name = q.column_text(10);
  if (!q.column_is_null(11)) row.deadline = q.column_int(11);
  row.cursor = {q.column_int(12), row.created_at, row.id};
  if (!q.column_is_null(13)) {
    const auto key_id = static_cast<std::uint32_t>(q.column_int(13));
    row.first_message = keys.open(key_id, q.column_blob(14), tip_rows::message_aad("body", row.id, 1, key_id));
  }
  return row;
}

}  // namespace

namespace {

bool only_closed(const QueueFilter& filter) {
  return filter.statuses.size() == 1 && filter.statuses[0] == domain::Status::closed;
}

}  // namespace

std::vector<domain::Status> queue_statuses(const QueueFilter& filter) {
  std::vector<domain::Status> statuses;
  if (only_closed(filter)) return statuses;
  for (const auto s : filter.statuses)
    if (s != domain::Status::closed) statuses.push_back(s);
  return statuses;
}

std::string queue_sql(const QueueFilter& filter) {
  std::string text = sql::queue_columns;
  // The open queue has its own partial index, ordered as the page is.
  text += only_closed(filter) ? " WHERE t.status = 'closed'" : " WHERE t.status <> 'closed'";
  const auto statuses = queue_statuses(filter);
  if (!statuses.empty()) {
    text += " AND t.status IN (";
    for (std::size_t i = 0; i < statuses.size(); ++i) text += (i ? ", ?" : "?") + std::to_string(20 + i);
    text += ")";
  }
  if (filter.category)
    text += " AND (',' || coalesce(t.corrected_categories, t.categories) || ',') LIKE ('%,' || ?1 || ',%')";
  if (filter.area) text += " AND coalesce(t.corrected_area, t.area) = ?2";
  if (filter.channel) text += " AND t.channel = ?3";
  if (filter.assignee_id) text += " AND t.assignee_id = ?4";
  if (filter.overdue_only) text += " AND t.deadline IS NOT NULL AND t.deadline < ?5";
  if (filter.after) text += " AND (t.queue_rank, t.created_at, t.id) > (?6, ?7, ?8)";
  text += " ORDER BY t.queue_rank, t.created_at, t.id LIMIT ?9";
  return text;
}

void bind_queue(Statement& q, const QueueFilter& filter, const std::vector<domain::Status>& statuses) {
  for (std::size_t i = 0; i < statuses.size(); ++i) bind_word(q, static_cast<int>(20 + i), statuses[i]);
  if (filter.category) bind_word(q, 1, *filter.category);
  if (filter.area) q.bind_text(2, *filter.area);
  if (filter.channel) bind_word(q, 3, *filter.channel);
  if (filter.assignee_id) q.bind_int(4, *filter.assignee_id);
  if (filter.overdue_only) q.bind_int(5, filter.now);
  if (filter.after) {
    q.bind_int(6, filter.after->rank);
    q.bind_int(7, filter.after->created_at);
    q.bind_int(8, filter.after->id);
  }
  q.bind_int(9, static_cast<std::int64_t>(filter.limit) + 1);
}

QueuePage queue(Connection& db, const Keyring& keys, const QueueFilter& filter) {
  const auto statuses = queue_statuses(filter);
  Statement q(db, queue_sql(filter));
  bind_queue(q, filter, statuses);
  QueuePage page;
  while (q.step()) page.rows.push_back(queue_row_from(q, keys));
  if (page.rows.size() > filter.limit) {
    page.rows.pop_back();
    page.next = page.rows.back().cursor;
  }
  return page;
}

std::vector<std::pair<domain::Status, std::int64_t>> status_counts(Connection& db) {
  Statement q(db, sql::status_counts);
  std::vector<std::pair<domain::Status, std::int64_t>> out;
  while (q.step()) out.emplace_back(column_word<domain::Status>(q, 0), q.column_int(1));
  return out;
}

std::vector<OfficerLoad> officer_loads(Connection& db, std::int64_t now) {
  Statement q(db, sql::officer_loads);
  q.bind_int(1, now);
  std::vector<OfficerLoad> out;
  while (q.step()) out.push_back({q.column_int(0), q.column_text(1), q.column_int(2), q.column_int(3)});
  return out;
}

std::vector<QueueRow> group_members(Connection& db, const Keyring& keys, std::int64_t tip_id, std::size_t limit) {
  std::optional<std::string> group;
  {
    Statement g(db, sql::tip_group_of);
    g.bind_int(1, tip_id);
    if (!g.step()) return {};
    group = g.column_optional_text(0);
  }
  if (!group) return {};
  Statement q(db, std::string(sql::queue_columns) +
                      " WHERE t.group_key = ?1 AND t.id <> ?2 ORDER BY t.created_at DESC, t.id DESC LIMIT ?3");
  q.bind_text(1, *group);
  q.bind_int(2, tip_id);
  q.bind_int(3, static_cast<std::int64_t>(limit));
  std::vector<QueueRow> out;
  while (q.step()) out.push_back(queue_row_from(q, keys));
  return out;
}

}  // namespace tipline::storage::queue_rows
