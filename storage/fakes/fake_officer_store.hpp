#pragma once
// Officers, sessions and settings in memory, keeping the promises handlers rely on:
// user names unique whatever their case, the sign-in attempt count and lock charged
// as one step, a TOTP step accepted once, sessions ended by a password, role or
// disabled change, and no change that leaves no enabled admin. Changes are audited
// in the given AuditLog.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/audit_log.hpp"
#include "storage/officer_store.hpp"

namespace tipline::storage::fakes {

class FakeOfficerStore final : public OfficerStore {
 public:
  explicit FakeOfficerStore(AuditLog& audit) : audit_(audit) {}

  std::int64_t create_officer(const NewOfficer& officer, const AuditEvent& audit) override;
  std::optional<Officer> find_officer(const std::string& username) override;
  std::optional<Officer> officer(std::int64_t id) override;
  std::vector<Officer> list_officers() override;
  void set_password(std::int64_t officer_id, const std::string& password_hash, bool must_change,
                    const AuditEvent& audit) override;
  void set_disabled(std::int64_t officer_id, bool disabled, const AuditEvent& audit) override;
  void set_role(std::int64_t officer_id, domain::Role role, const AuditEvent& audit) override;
  void set_totp(std::int64_t officer_id, const std::optional<std::string>& secret, std::int64_t last_step,
                const AuditEvent& audit) override;
  void set_language(std::int64_t officer_id, domain::Language language) override;
  Attempt claim_login_attempt(std::int64_t officer_id, std::int64_t now, int max_attempts,
                              std::int64_t lock_until) override;
  bool record_login_success(std::int64_t officer_id, std::int64_t totp_step, const AuditEvent& audit) override;

  void create_session(const Session& session) override;
  std::optional<Session> find_session(const std::string& token_hash) override;
  void touch_session(const std::string& token_hash, std::int64_t now) override;
  void delete_session(const std::string& token_hash) override;
  std::size_t purge_sessions(std::int64_t idle_before, std::int64_t created_before) override;

  std::optional<std::string> setting(const std::string& name) override;
  void set_setting(const std::string& name, const std::string& value, const AuditEvent& audit) override;

  // For assertions: every live session, by token hash.
  const std::map<std::string, Session>& sessions() const { return sessions_; }

 private:
  // The officer with this id; StoreError when there is none (the real store's
  // "no row changed").
  Officer& existing(std::int64_t id);
  // Runs `change` on the officer, undoing it and throwing LastAdminError when it
  // leaves no enabled admin although the officer was one.
  template <typename Change>
  void keeping_an_admin(Officer& officer, Change change);
  void end_sessions(std::int64_t officer_id);

  AuditLog& audit_;
  std::vector<Officer> officers_;  // by id - 1
  std::map<std::string, Session> sessions_;
  std::map<std::string, std::string> settings_;
};

}  // namespace tipline::storage::fakes
