#include "storage/officer_rows.hpp"

#include <stdexcept>

#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"

namespace tipline::storage::officer_rows {

namespace {

std::string totp_aad(std::int64_t officer_id, std::uint32_t key_id) {
  return "tipline/officers/totp/v1:" + std::to_string(officer_id) + ":" + std::to_string(key_id);
}

Officer officer_from(Statement& q, const Keyring& keys) {
  Officer o;
  o.id = q.column_int(0);
  o.username = q.column_text(1);
  o.display_name = q.column_text(2);
  o.role = column_word<domain::Role>(q, 3);
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
  o.language = column_word<domain::Language>(q, 13);
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

}  // namespace

std::int64_t insert_officer(Connection& db, const NewOfficer& officer) {
  Statement insert(db, sql::insert_officer);
  insert.bind_text(1, officer.username);
  insert.bind_text(2, officer.display_name);
  bind_word(insert, 3, officer.role);
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

void set_role(Connection& db, std::int64_t id, domain::Role role) {
  const bool was_admin = enabled_admin(db, id);
  Statement u(db, sql::set_role);
  u.bind_int(1, id);
  bind_word(u, 2, role);
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

void set_language(Connection& db, std::int64_t id, domain::Language language) {
  Statement u(db, sql::set_language);
  u.bind_int(1, id);
  bind_word(u, 2, language);
  u.run();
}

OfficerStore::Attempt claim_attempt(Connection& db, std::int64_t id, std::int64_t now, int max_attempts,
                             std::int64_t lock_until) {
  Statement u(db, sql::claim_login_attempt);
  u.bind_int(1, id);
  u.bind_int(2, max_attempts);
  u.bind_int(3, now);
  u.bind_int(4, lock_until);
  if (!u.step()) return OfficerStore::Attempt::locked;
  const bool last = u.column_int(0) != 0;
  u.reset();
  return last ? OfficerStore::Attempt::last : OfficerStore::Attempt::allowed;
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
  bind_word(insert, 4, session.stage);
  insert.bind_int(5, session.created_at);
  insert.run();
}

std::optional<Session> find_session(Connection& db, const std::string& token_hash) {
  Statement q(db, sql::select_session);
  q.bind_blob(1, token_hash);
  if (!q.step()) return std::nullopt;
  return Session{q.column_blob(0), q.column_int(1), q.column_text(2), column_word<domain::SessionStage>(q, 3),
                 q.column_int(4), q.column_int(5)};
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

}  // namespace tipline::storage::officer_rows
