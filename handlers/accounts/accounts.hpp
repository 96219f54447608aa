#pragma once
// Officer accounts as both the console's accounts page and `tipline officer` create
// and reset them: the same rules for names and roles, and one-time passwords that
// must be changed at first sign-in.
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"
#include "storage/officer_store.hpp"

namespace tipline::handlers {

// 3 to 32 of a-z 0-9 . _ -
bool valid_username(std::string_view name);
// 1 to 80 characters of valid UTF-8, not blank, no control characters.
bool valid_display_name(std::string_view name);

// Creates the account with a fresh one-time password and returns it (shown once).
// Throws storage::DuplicateError when the name is taken.
std::string create_with_one_time_password(storage::OfficerStore& store, const std::string& username,
                                          const std::string& display_name, domain::Role role,
                                          std::int64_t now, const storage::AuditEvent& audit);

// Replaces the password with a fresh one-time password (which also ends the account's
// sessions and lifts a lockout) and returns it.
std::string reset_to_one_time_password(storage::OfficerStore& store, std::int64_t officer_id,
                                       const storage::AuditEvent& audit);

}  // namespace tipline::handlers
