#pragma once
// Officers' accounts, sign-in attempts, sessions and the console's settings. Every
// change is audited in its own transaction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/errors.hpp"
#include "storage/audit_log.hpp"

namespace tipline::storage {

struct Officer {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::viewer;
  std::string password_hash;
  bool must_change_password = true;
  std::optional<std::string> totp_secret;  // raw bytes, decrypted; none until set up
  std::int64_t totp_last_step = 0;         // refuses a TOTP code used before
  bool disabled = false;
  int failed_logins = 0;
  std::int64_t locked_until = 0;
  std::int64_t created_at = 0;
  domain::Language language = domain::Language::vi;
};

struct NewOfficer {
  std::string username;
  std::string display_name;
  domain::Role role = domain::Role::viewer;
  std::string password_hash;
  bool must_change_password = true;
  std::int64_t created_at = 0;
};

struct Session {
  std::string token_hash;  // SHA-256 of the cookie value; the value itself is never stored
  std::int64_t officer_id = 0;
  std::string csrf_token;
  domain::SessionStage stage = domain::SessionStage::second_factor;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
};

class OfficerStore {
 public:
  virtual ~OfficerStore() = default;

  // Throws DuplicateError when the user name is taken (case-insensitively).
  virtual std::int64_t create_officer(const NewOfficer& officer, const AuditEvent& audit) = 0;
  virtual std::optional<Officer> find_officer(const std::string& username) = 0;
  virtual std::optional<Officer> officer(std::int64_t id) = 0;
  virtual std::vector<Officer> list_officers() = 0;
  // Changing the password, disabling or changing the role ends the officer's sessions.
  // Disabling the last enabled admin, or changing its role, throws LastAdminError.
  virtual void set_password(std::int64_t officer_id, const std::string& password_hash, bool must_change,
                            const AuditEvent& audit) = 0;
  virtual void set_disabled(std::int64_t officer_id, bool disabled, const AuditEvent& audit) = 0;
  virtual void set_role(std::int64_t officer_id, domain::Role role, const AuditEvent& audit) = 0;
  virtual void set_totp(std::int64_t officer_id, const std::optional<std::string>& secret, std::int64_t last_step,
                        const AuditEvent& audit) = 0;
  virtual void set_language(std::int64_t officer_id, domain::Language language) = 0;
  // Charges one sign-in attempt (password or code) before it is checked, in one
  // statement, so concurrent attempts cannot all slip under the limit: `locked` when
  // the account is locked at `now` (nothing is checked), `last` when this attempt used
  // up the allowance (the account is locked until `lock_until` unless it succeeds).
  // A success (record_login_success) clears the count and the lock.
  enum class Attempt { allowed, last, locked };
  virtual Attempt claim_login_attempt(std::int64_t officer_id, std::int64_t now, int max_attempts,
                                      std::int64_t lock_until) = 0;
  // Clears the failure count. A non-zero TOTP step must be newer than the last one
  // used: otherwise nothing is written and false is returned (a replayed code).
  virtual bool record_login_success(std::int64_t officer_id, std::int64_t totp_step, const AuditEvent& audit) = 0;

  virtual void create_session(const Session& session) = 0;
  virtual std::optional<Session> find_session(const std::string& token_hash) = 0;
  virtual void touch_session(const std::string& token_hash, std::int64_t now) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  // Sessions idle since before `idle_before` or created before `created_before`.
  virtual std::size_t purge_sessions(std::int64_t idle_before, std::int64_t created_before) = 0;

  virtual std::optional<std::string> setting(const std::string& name) = 0;
  virtual void set_setting(const std::string& name, const std::string& value, const AuditEvent& audit) = 0;
};

}  // namespace tipline::storage
