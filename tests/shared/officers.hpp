#pragma once
// Accounts arranged directly in a store, past the console, for tests of either the
// real server or the console in process.
#include <cstdint>
#include <optional>
#include <string>

#include "common/domain.hpp"

namespace tipline::storage {
class OfficerStore;
}

namespace tipline::testing {

std::int64_t unix_now();

// Creates an account with a fast password hash and the display name "Cán bộ
// <username>". `totp_secret` is the raw secret (totp::new_secret()), enrolled with
// last step 0. Returns its id.
std::int64_t create_officer(storage::OfficerStore& store, const std::string& username, domain::Role role,
                            const std::string& password, bool must_change = false,
                            const std::optional<std::string>& totp_secret = std::nullopt);

}  // namespace tipline::testing
