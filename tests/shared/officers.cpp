#include "shared/officers.hpp"

#include <chrono>

#include "common/password.hpp"
#include "storage/officer_store.hpp"

namespace tipline::testing {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t create_officer(storage::OfficerStore& store, const std::string& username, domain::Role role,
                            const std::string& password, bool must_change, const std::optional<std::string>& totp_secret) {
  const auto now = unix_now();
  storage::NewOfficer officer;
  officer.username = username;
  officer.display_name = "Cán bộ " + username;
  officer.role = role;
  officer.password_hash = password::hash_with(password, 10, 8, 1);
  officer.must_change_password = must_change;
  officer.created_at = now;
  storage::AuditEvent event;
  event.at = now;
  event.actor = "test";
  event.action = "account_created";
  event.detail = "role=" + std::string(domain::stored_name(role));
  const auto id = store.create_officer(officer, event);
  if (totp_secret) {
    storage::AuditEvent totp_event = event;
    totp_event.action = "totp_set";
    totp_event.detail = "";
    store.set_totp(id, totp_secret, 0, totp_event);
  }
  return id;
}

}  // namespace tipline::testing
