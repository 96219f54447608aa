#pragma once
// Officers' accounts, sign-in attempts, sessions and settings on a given connection.
// Changes run in the caller's transaction, with their audit entries. Roles, languages
// and session stages are the vocabulary's enums, read back through known_words.hpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/officer_store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;

namespace officer_rows {

std::int64_t insert_officer(Connection& db, const NewOfficer& officer);
std::optional<Officer> find_officer(Connection& db, const Keyring& keys, const std::string& username);
std::optional<Officer> officer(Connection& db, const Keyring& keys, std::int64_t id);
std::vector<Officer> list_officers(Connection& db, const Keyring& keys);
void set_password(Connection& db, std::int64_t id, const std::string& hash, bool must_change);
void set_disabled(Connection& db, std::int64_t id, bool disabled);
void set_role(Connection& db, std::int64_t id, domain::Role role);
void set_totp(Connection& db, const Keyring& keys, std::int64_t id, const std::optional<std::string>& secret,
              std::int64_t last_step);
void set_language(Connection& db, std::int64_t id, domain::Language language);
OfficerStore::Attempt claim_attempt(Connection& db, std::int64_t id, std::int64_t now, int max_attempts, std::int64_t lock_until);
bool login_success(Connection& db, std::int64_t id, std::int64_t totp_step);
void end_sessions(Connection& db, std::int64_t officer_id);

void insert_session(Connection& db, const Session& session);
std::optional<Session> find_session(Connection& db, const std::string& token_hash);
void touch_session(Connection& db, const std::string& token_hash, std::int64_t now);
void delete_session(Connection& db, const std::string& token_hash);
std::size_t purge_sessions(Connection& db, std::int64_t idle_before, std::int64_t created_before);

std::optional<std::string> setting(Connection& db, const std::string& name);
void set_setting(Connection& db, const std::string& name, const std::string& value);

}  // namespace officer_rows
}  // namespace tipline::storage
