#include "handlers/accounts/accounts.hpp"

#include "common/password.hpp"
#include "common/utf8.hpp"

namespace tipline::handlers {

bool valid_username(std::string_view name) {
  if (name.size() < 3 || name.size() > 32) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

bool valid_display_name(std::string_view name) {
  if (!utf8::is_valid(name) || name.find_first_not_of(" \t") == std::string_view::npos) return false;
  if (utf8::length(name) > 80) return false;
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string create_with_one_time_password(storage::OfficerStore& store, const std::string& username,
                                          const std::string& display_name, domain::Role role,
                                          std::int64_t now, const storage::AuditEvent& audit) {
  const std::string one_time = password::new_one_time_password();
  storage::NewOfficer officer;
  officer.username = username;
  officer.display_name = display_name;
  officer.role = role;
  officer.password_hash = password::hash(one_time);
  officer.must_change_password = true;
  officer.created_at = now;
  store.create_officer(officer, audit);
  return one_time;
}

std::string reset_to_one_time_password(storage::OfficerStore& store, std::int64_t officer_id,
                                       const storage::AuditEvent& audit) {
  const std::string one_time = password::new_one_time_password();
  store.set_password(officer_id, password::hash(one_time), true, audit);
  return one_time;
}

}  // namespace tipline::handlers
