#include "storage/fakes/fake_officer_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace tipline::storage::fakes {

namespace {

// User names compare as SQLite's NOCASE does: ASCII letters only.
std::string folded(std::string text) {
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

bool enabled_admin(const Officer& officer) { return officer.role == domain::Role::admin && !officer.disabled; }

}  // namespace

Officer& FakeOfficerStore::existing(std::int64_t id) {
  if (id < 1 || id > static_cast<std::int64_t>(officers_.size()))
    throw StoreError("storage fake: no officer " + std::to_string(id));
  return officers_[static_cast<std::size_t>(id - 1)];
}

template <typename Change>
void FakeOfficerStore::keeping_an_admin(Officer& officer, Change change) {
  const Officer before = officer;
  change(officer);
  if (enabled_admin(before) && std::none_of(officers_.begin(), officers_.end(), enabled_admin)) {
    officer = before;
    throw LastAdminError("storage fake: the last enabled admin must stay an enabled admin");
  }
}

void FakeOfficerStore::end_sessions(std::int64_t officer_id) {
  std::erase_if(sessions_, [officer_id](const auto& entry) { return entry.second.officer_id == officer_id; });
}

std::int64_t FakeOfficerStore::create_officer(const NewOfficer& officer, const AuditEvent& audit) {
  if (officer.username.empty() || officer.password_hash.empty())
    throw std::invalid_argument("storage fake: an officer needs a user name and a password hash");
  if (find_officer(officer.username)) throw DuplicateError("storage fake: user name already taken");
  Officer o;
  o.id = static_cast<std::int64_t>(officers_.size()) + 1;
  o.username = officer.username;
  o.display_name = officer.display_name;
  o.role = officer.role;
  o.password_hash = officer.password_hash;
  o.must_change_password = officer.must_change_password;
  o.created_at = officer.created_at;
  officers_.push_back(o);
  audit_.audit(audit);
  return o.id;
}

std::optional<Officer> FakeOfficerStore::find_officer(const std::string& username) {
  for (const auto& o : officers_)
    if (folded(o.username) == folded(username)) return o;
  return std::nullopt;
}

std::optional<Officer> FakeOfficerStore::officer(std::int64_t id) {
  if (id < 1 || id > static_cast<std::int64_t>(officers_.size())) return std::nullopt;
  return officers_[static_cast<std::size_t>(id - 1)];
}

std::vector<Officer> FakeOfficerStore::list_officers() {
  auto out = officers_;
  std::sort(out.begin(), out.end(), [](const Officer& a, const Officer& b) {
    return std::tie(a.disabled, a.display_name, a.id) < std::tie(b.disabled, b.display_name, b.id);
  });
  return out;
}

void FakeOfficerStore::set_password(std::int64_t officer_id, const std::string& password_hash, bool must_change,
                                    const AuditEvent& audit) {
  auto& o = existing(officer_id);
  o.password_hash = password_hash;
  o.must_change_password = must_change;
  o.failed_logins = 0;
  o.locked_until = 0;
  end_sessions(officer_id);
  audit_.audit(audit);
}

void FakeOfficerStore::set_disabled(std::int64_t officer_id, bool disabled, const AuditEvent& audit) {
  auto& o = existing(officer_id);
  keeping_an_admin(o, [disabled](Officer& changed) { changed.disabled = disabled; });
  if (disabled) end_sessions(officer_id);
  audit_.audit(audit);
}

void FakeOfficerStore::set_role(std::int64_t officer_id, domain::Role role, const AuditEvent& audit) {
  auto& o = existing(officer_id);
  keeping_an_admin(o, [role](Officer& changed) { changed.role = role; });
  end_sessions(officer_id);
  audit_.audit(audit);
}

void FakeOfficerStore::set_totp(std::int64_t officer_id, const std::optional<std::string>& secret,
                                std::int64_t last_step, const AuditEvent& audit) {
  auto& o = existing(officer_id);
  o.totp_secret = secret;
  o.totp_last_step = last_step;
  audit_.audit(audit);
}

void FakeOfficerStore::set_language(std::int64_t officer_id, domain::Language language) {
  // Like the real store's UPDATE, an unknown id changes nothing and says nothing.
  if (officer(officer_id)) existing(officer_id).language = language;
}

OfficerStore::Attempt FakeOfficerStore::claim_login_attempt(std::int64_t officer_id, std::int64_t now,
                                                            int max_attempts, std::int64_t lock_until) {
  if (!officer(officer_id)) return Attempt::locked;
  auto& o = existing(officer_id);
  if (o.locked_until > now) return Attempt::locked;
  // Using up the allowance locks the account and starts the next count afresh.
  if (o.failed_logins + 1 >= max_attempts) {
    o.failed_logins = 0;
    o.locked_until = lock_until;
    return Attempt::last;
  }
  ++o.failed_logins;
  return Attempt::allowed;
}

bool FakeOfficerStore::record_login_success(std::int64_t officer_id, std::int64_t totp_step,
                                            const AuditEvent& audit) {
  if (!officer(officer_id)) return false;
  auto& o = existing(officer_id);
  if (totp_step > 0 && totp_step <= o.totp_last_step) return false;
  o.failed_logins = 0;
  o.locked_until = 0;
  if (totp_step > 0) o.totp_last_step = totp_step;
  audit_.audit(audit);
  return true;
}

void FakeOfficerStore::create_session(const Session& session) {
  Session stored = session;
  stored.last_seen_at = session.created_at;
  sessions_[session.token_hash] = stored;
}

std::optional<Session> FakeOfficerStore::find_session(const std::string& token_hash) {
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

void FakeOfficerStore::touch_session(const std::string& token_hash, std::int64_t now) {
  auto it = sessions_.find(token_hash);
  if (it != sessions_.end()) it->second.last_seen_at = std::max(it->second.last_seen_at, now);
}

void FakeOfficerStore::delete_session(const std::string& token_hash) { sessions_.erase(token_hash); }

std::size_t FakeOfficerStore::purge_sessions(std::int64_t idle_before, std::int64_t created_before) {
  return std::erase_if(sessions_, [&](const auto& entry) {
    return entry.second.last_seen_at < idle_before || entry.second.created_at < created_before;
  });
}

std::optional<std::string> FakeOfficerStore::setting(const std::string& name) {
  auto it = settings_.find(name);
  if (it == settings_.end()) return std::nullopt;
  return it->second;
}

void FakeOfficerStore::set_setting(const std::string& name, const std::string& value, const AuditEvent& audit) {
  settings_[name] = value;
  audit_.audit(audit);
}

}  // namespace tipline::storage::fakes
