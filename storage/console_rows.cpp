#include "storage/console_rows.hpp"

#include <stdexcept>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "storage/chat_rows.hpp"
#include "storage/keyring.hpp"
#include "storage/known_words.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"
#include "storage/tip_rows.hpp"

namespace tipline::storage::console_rows {

namespace {

std::string totp_aad(std::int64_t officer_id, std::uint32_t key_id) {
  return "tipline/officers/totp/v1:" + std::to_string(officer_id) + ":" + std::to_string(key_id);
}

Officer officer_from(Statement& q, const Keyring& keys) {
  Officer o;
  o.id = q.column_int(0);
  o.username = q.column_text(1);
  o.display_name = q.column_text(2);
  o.role = q.column_text(3);
  o.password_hash = q.column_text(4);
  o.must_change_password = q.column_int(5) != 0;
  if (!q.column_is_null(6) && !q.column_is_null(7)) {
    const auto key_id = static_cast<std::uint32_t>(q.column_int(6));
    o.totp_secret = keys.open(key_id, q.column_blob(7), totp_aad(o.id, key_id));
  }
  o.totp_last_step = q.column_int(8);
  o.disabled = q.column_int(9) != 0;
  o.failed_logins = static_cast<int>(q.column_int(10));
  o.locked_until = q.column_int(11);
  o.created_at = q.column_int(12);
  o.language = q.column_text(13);
  return o;
}

bool enabled_admin(Connection& db, std::int64_t id) {
  Statement q(db, sql::is_enabled_admin);
  q.bind_int(1, id);
  return q.step();
}

// After a change to an account that was an enabled admin: some enabled admin must be
// left. The writer's savepoint rolls the change back when this throws.
void require_an_admin(Connection& db) {
  Statement count(db, sql::enabled_admins);
  count.step();
  if (count.column_int(0) == 0) throw LastAdminError("storage: the last enabled admin must stay an enabled admin");
}

void require_change(Connection& db, const char* what, std::int64_t id) {
  if (db.changes() == 0) throw StoreError(std::string("storage: no ") + what + " " + std::to_string(id));
}

void bind_optional_int(Statement& s, int index, std::optional<std::int64_t> value) {
  if (value) s.bind_int(index, *value); else s.bind_null(index);
}

// The fields an audit hash covers, unambiguously framed: each is length-prefixed.
std::string audit_material(std::int64_t id, const AuditEvent& e, const std::string& prev_hash) {
  std::string m = prev_hash;
  auto field = [&m](const std::string& value) {
    m += std::to_string(value.size());
    m += ':';
    m += value;
  };
  field(std::to_string(id));
  field(std::to_string(e.at));
  field(e.officer_id ? std::to_string(*e.officer_id) : "");
  field(e.actor);
  field(e.action);
  field(e.tip_id ? std::to_string(*e.tip_id) : "");
  field(e.detail);
  return m;
}

AuditEntry audit_from(Statement& q) {
  AuditEntry entry;
  entry.id = q.column_int(0);
  entry.event.at = q.column_int(1);
  if (!q.column_is_null(2)) entry.event.officer_id = q.column_int(2);
  entry.event.actor = q.column_text(3);
  entry.event.action = q.column_text(4);
  if (!q.column_is_null(5)) entry.event.tip_id = q.column_int(5);
  entry.event.detail = q.column_text(6);
  entry.prev_hash = q.column_blob(7);
  entry.hash = q.column_blob(8);
  return entry;
}

QueueRow queue_row_from(Statement& q, const Keyring& keys) {
  QueueRow row;
  row.id = q.column_int(0);
  row.reference = q.column_text(1);
  row.channel = q.column_text(2);
  row.status = q.column_text(3);
  row.created_at = q.column_int(4);
  row.priority = q.column_text(5);
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

std::int64_t insert_officer(Connection& db, const NewOfficer& officer) {
  Statement insert(db, sql::insert_officer);
  insert.bind_text(1, officer.username);
  insert.bind_text(2, officer.display_name);
  insert.bind_text(3, officer.role);
  insert.bind_text(4, officer.password_hash);
  insert.bind_int(5, officer.must_change_password ? 1 : 0);
  insert.bind_int(6, officer.created_at);
  if (insert.insert_or_duplicate() == InsertOutcome::duplicate)
    throw DuplicateError("storage: user name already taken");
  return db.last_insert_rowid();
}

std::optional<Officer> find_officer(Connection& db, const Keyring& keys, const std::string& username) {
  Statement q(db, std::string(sql::officer_columns) + "WHERE username = ?1");
  q.bind_text(1, username);
  if (!q.step()) return std::nullopt;
  return officer_from(q, keys);
}

std::optional<Officer> officer(Connection& db, const Keyring& keys, std::int64_t id) {
  Statement q(db, std::string(sql::officer_columns) + "WHERE id = ?1");
  q.bind_int(1, id);
  if (!q.step()) return std::nullopt;
  return officer_from(q, keys);
}

std::vector<Officer> list_officers(Connection& db, const Keyring& keys) {
  Statement q(db, std::string(sql::officer_columns) + "ORDER BY disabled, display_name, id");
  std::vector<Officer> out;
  while (q.step()) out.push_back(officer_from(q, keys));
  return out;
}

void end_sessions(Connection& db, std::int64_t officer_id) {
  Statement del(db, sql::delete_officer_sessions);
  del.bind_int(1, officer_id);
  del.run();
}

void set_password(Connection& db, std::int64_t id, const std::string& hash, bool must_change) {
  Statement u(db, sql::set_password);
  u.bind_int(1, id);
  u.bind_text(2, hash);
  u.bind_int(3, must_change ? 1 : 0);
  u.run();
  require_change(db, "officer", id);
  end_sessions(db, id);
}

void set_disabled(Connection& db, std::int64_t id, bool disabled) {
  const bool was_admin = enabled_admin(db, id);
  Statement u(db, sql::set_disabled);
  u.bind_int(1, id);
  u.bind_int(2, disabled ? 1 : 0);
  u.run();
  require_change(db, "officer", id);
  if (disabled) {
    if (was_admin) require_an_admin(db);
    end_sessions(db, id);
  }
}

void set_role(Connection& db, std::int64_t id, const std::string& role) {
  const bool was_admin = enabled_admin(db, id);
  Statement u(db, sql::set_role);
  u.bind_int(1, id);
  u.bind_text(2, role);
  u.run();
  require_change(db, "officer", id);
  if (was_admin) require_an_admin(db);
  end_sessions(db, id);
}

void set_totp(Connection& db, const Keyring& keys, std::int64_t id, const std::optional<std::string>& secret,
              std::int64_t last_step) {
  Statement u(db, sql::set_totp);
  u.bind_int(1, id);
  std::optional<std::string> sealed;
  if (secret) {
    const auto key_id = keys.active_id();
    sealed = keys.seal(*secret, totp_aad(id, key_id)).bytes;
    u.bind_int(2, key_id);
  } else {
    u.bind_null(2);
  }
  u.bind_blob(3, sealed);
  u.bind_int(4, last_step);
  u.run();
  require_change(db, "officer", id);
}

void set_language(Connection& db, std::int64_t id, const std::string& language) {
  Statement u(db, sql::set_language);
  u.bind_int(1, id);
  u.bind_text(2, language);
  u.run();
}

Store::Attempt claim_attempt(Connection& db, std::int64_t id, std::int64_t now, int max_attempts,
                             std::int64_t lock_until) {
  Statement u(db, sql::claim_login_attempt);
  u.bind_int(1, id);
  u.bind_int(2, max_attempts);
  u.bind_int(3, now);
  u.bind_int(4, lock_until);
  if (!u.step()) return Store::Attempt::locked;
  const bool last = u.column_int(0) != 0;
  u.reset();
  return last ? Store::Attempt::last : Store::Attempt::allowed;
}

bool login_success(Connection& db, std::int64_t id, std::int64_t totp_step) {
  Statement u(db, totp_step > 0 ? sql::login_success_with_code : sql::login_success);
  u.bind_int(1, id);
  if (totp_step > 0) u.bind_int(2, totp_step);
  u.run();
  return db.changes() > 0;
}

void insert_session(Connection& db, const Session& session) {
  Statement insert(db, sql::insert_session);
  insert.bind_blob(1, session.token_hash);
  insert.bind_int(2, session.officer_id);
  insert.bind_text(3, session.csrf_token);
  insert.bind_text(4, session.stage);
  insert.bind_int(5, session.created_at);
  insert.run();
}

std::optional<Session> find_session(Connection& db, const std::string& token_hash) {
  Statement q(db, sql::select_session);
  q.bind_blob(1, token_hash);
  if (!q.step()) return std::nullopt;
  return Session{q.column_blob(0), q.column_int(1), q.column_text(2), q.column_text(3), q.column_int(4),
                 q.column_int(5)};
}

void touch_session(Connection& db, const std::string& token_hash, std::int64_t now) {
  Statement u(db, sql::touch_session);
  u.bind_blob(1, token_hash);
  u.bind_int(2, now);
  u.run();
}

void delete_session(Connection& db, const std::string& token_hash) {
  Statement d(db, sql::delete_session);
  d.bind_blob(1, token_hash);
  d.run();
}

std::size_t purge_sessions(Connection& db, std::int64_t idle_before, std::int64_t created_before) {
  Statement d(db, sql::purge_sessions);
  d.bind_int(1, idle_before);
  d.bind_int(2, created_before);
  d.run();
  return static_cast<std::size_t>(db.changes());
}

std::optional<std::string> setting(Connection& db, const std::string& name) {
  Statement q(db, sql::select_setting);
  q.bind_text(1, name);
  if (!q.step()) return std::nullopt;
  return q.column_text(0);
}

void set_setting(Connection& db, const std::string& name, const std::string& value) {
  Statement u(db, sql::upsert_setting);
  u.bind_text(1, name);
  u.bind_text(2, value);
  u.run();
}

void append_audit(Connection& db, const std::string& audit_key, const AuditEvent& event) {
  if (audit_key.empty()) throw StoreError("storage: no audit key configured");
  std::int64_t id = 1;
  std::string prev_hash(32, '\0');
  {
    Statement last(db, sql::last_audit);
    if (last.step()) {
      id = last.column_int(0) + 1;
      prev_hash = last.column_blob(1);
    }
  }
  const std::string hash = crypto::hmac_sha256(audit_key, audit_material(id, event, prev_hash));
  Statement insert(db, sql::insert_audit);
  insert.bind_int(1, id);
  insert.bind_int(2, event.at);
  bind_optional_int(insert, 3, event.officer_id);
  insert.bind_text(4, event.actor);
  insert.bind_text(5, event.action);
  bind_optional_int(insert, 6, event.tip_id);
  insert.bind_text(7, event.detail);
  insert.bind_blob(8, prev_hash);
  insert.bind_blob(9, hash);
  insert.run();
}

std::vector<AuditEntry> audit_entries(Connection& db, const AuditFilter& filter) {
  std::string text = sql::audit_columns;
  text += "WHERE 1 = 1";
  if (filter.officer_id) text += " AND officer_id = ?1";
  if (filter.action) text += " AND action = ?2";
  if (filter.tip_id) text += " AND tip_id = ?3";
  if (filter.before_id) text += " AND id < ?4";
  text += " ORDER BY id DESC LIMIT ?5";
  Statement q(db, text);
  if (filter.officer_id) q.bind_int(1, *filter.officer_id);
  if (filter.action) q.bind_text(2, *filter.action);
  if (filter.tip_id) q.bind_int(3, *filter.tip_id);
  if (filter.before_id) q.bind_int(4, *filter.before_id);
  q.bind_int(5, static_cast<std::int64_t>(filter.limit));
  std::vector<AuditEntry> out;
  while (q.step()) out.push_back(audit_from(q));
  return out;
}

AuditVerification verify_audit(Connection& db, const std::string& audit_key) {
  AuditVerification result;
  std::string expected_prev(32, '\0');
  std::int64_t expected_id = 1;
  Statement q(db, sql::audit_in_order);
  while (q.step()) {
    auto entry = audit_from(q);
    ++result.rows;
    auto bad = [&](std::string problem) {
      result.ok = false;
      result.first_bad_id = entry.id;
      result.problem = std::move(problem);
    };
    if (entry.id != expected_id) {
      bad("rows " + std::to_string(expected_id) + " to " + std::to_string(entry.id - 1) + " are missing");
    } else if (entry.prev_hash != expected_prev) {
      bad("does not follow the row before it");
    } else if (!crypto::constant_time_equal(entry.hash,
                                            crypto::hmac_sha256(audit_key, audit_material(entry.id, entry.event,
                                                                                          entry.prev_hash)))) {
      bad("its contents were changed");
    }
    if (!result.ok) return result;
    expected_prev = entry.hash;
    expected_id = entry.id + 1;
    result.head_id = entry.id;
    result.head_hash = entry.hash;
  }
  return result;
}

std::vector<std::string> queue_statuses(const QueueFilter& filter) {
  std::vector<std::string> statuses;
  if (filter.statuses.size() == 1 && filter.statuses[0] == "closed") return statuses;
  for (const auto& s : filter.statuses)
    if (require_known<domain::Status>(s) != domain::Status::closed) statuses.push_back(s);
  return statuses;
}

std::string queue_sql(const QueueFilter& filter) {
  std::string text = sql::queue_columns;
  const bool only_closed = filter.statuses.size() == 1 && filter.statuses[0] == "closed";
  // The open queue has its own partial index, ordered as the page is.
  text += only_closed ? " WHERE t.status = 'closed'" : " WHERE t.status <> 'closed'";
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

void bind_queue(Statement& q, const QueueFilter& filter, const std::vector<std::string>& statuses) {
  for (std::size_t i = 0; i < statuses.size(); ++i) q.bind_text(static_cast<int>(20 + i), statuses[i]);
  if (filter.category) q.bind_text(1, *filter.category);
  if (filter.area) q.bind_text(2, *filter.area);
  if (filter.channel) q.bind_text(3, *filter.channel);
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

std::vector<std::pair<std::string, std::int64_t>> status_counts(Connection& db) {
  Statement q(db, sql::status_counts);
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (q.step()) out.emplace_back(q.column_text(0), q.column_int(1));
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

void set_status(Connection& db, std::int64_t tip_id, const std::string& status,
                const std::optional<std::string>& outcome, std::int64_t now) {
  Statement u(db, sql::set_tip_status);
  u.bind_int(1, tip_id);
  u.bind_text(2, status);
  u.bind_text(3, outcome);
  if (status == "closed") u.bind_int(4, now); else u.bind_null(4);
  u.bind_int(5, now);
  u.run();
  require_change(db, "tip", tip_id);
}

void set_corrected_labels(Connection& db, std::int64_t tip_id, const Labels& labels, std::int64_t now) {
  const std::string categories = tip_rows::join_categories(labels.categories);
  Statement u(db, sql::set_corrected_labels);
  u.bind_int(1, tip_id);
  u.bind_text(2, labels.priority);
  u.bind_text(3, categories);
  u.bind_text(4, labels.area);
  u.bind_int(5, now);
  u.run();
  require_change(db, "tip", tip_id);
}

Store::ReplyRoute reply_to_reporter(Connection& db, const Keyring& keys, std::int64_t tip_id, const std::string& text,
                                    std::int64_t now) {
  std::optional<std::string> reporter;
  std::string channel;
  bool has_receipt = false;
  {
    Statement q(db, sql::tip_reporter);
    q.bind_int(1, tip_id);
    if (!q.step()) throw StoreError("storage: no tip " + std::to_string(tip_id));
    reporter = q.column_optional_text(0);
    channel = q.column_text(1);
    has_receipt = q.column_int(2) != 0;
  }
  auto route = Store::ReplyRoute::none;
  if (reporter && chat_rows::reply_handle(db, keys, *reporter, now)) {
    chat_rows::insert_outbox(db, keys, tip_id, channel, *reporter, domain::OutboxKind::officer, text, now);
    route = Store::ReplyRoute::chat;
  } else if (has_receipt) {
    route = Store::ReplyRoute::web_status;
  }
  if (route == Store::ReplyRoute::none) return route;
  NewMessage message;
  message.author = stored(domain::Author::officer);
  message.kind = stored(domain::MessageKind::question);
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
    row.channel = q.column_text(1);
    row.categories = tip_rows::split_categories(q.column_text(2));
    row.priority = q.column_text(3);
    row.area = q.column_optional_text(4);
    row.status = q.column_text(5);
    row.outcome = q.column_optional_text(6);
    if (!q.column_is_null(7)) row.first_action_at = q.column_int(7);
    if (!q.column_is_null(8)) row.deadline = q.column_int(8);
    if (!q.column_is_null(9)) row.closed_at = q.column_int(9);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace tipline::storage::console_rows
