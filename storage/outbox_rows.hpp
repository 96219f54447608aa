#pragma once
// The outbox of replies and the sealed channel secrets (the Zalo token pair) on a
// given connection, inside the caller's transaction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/outbox_store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;

namespace outbox_rows {

std::int64_t insert_outbox(Connection& db, const Keyring& keys, std::optional<std::int64_t> tip_id,
                           domain::Channel channel, const std::string& reporter, domain::OutboxKind kind,
                           const std::string& text, std::int64_t now);
std::vector<OutboxEntry> due_outbox(Connection& db, const Keyring& keys, std::int64_t now, std::size_t limit);
std::optional<std::int64_t> next_outbox_due(Connection& db);
bool outbox_begin_send(Connection& db, std::int64_t id, std::int64_t now);
std::size_t outbox_settle_interrupted(Connection& db, const Keyring& keys, std::int64_t now, const std::string& reason);
void outbox_sent(Connection& db, std::int64_t id, std::int64_t now);
void outbox_retry(Connection& db, std::int64_t id, std::int64_t next_attempt_at, const std::string& reason);
void outbox_failed(Connection& db, const Keyring& keys, std::int64_t id, std::int64_t now, const std::string& reason);
std::vector<std::pair<std::string, std::int64_t>> outbox_counts(Connection& db);

std::optional<std::string> load_channel_secret(Connection& db, const Keyring& keys, const std::string& name);
void save_channel_secret(Connection& db, const Keyring& keys, const std::string& name, const std::string& value,
                         std::int64_t now);

}  // namespace outbox_rows
}  // namespace tipline::storage
