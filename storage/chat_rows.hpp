#pragma once
// Chat threads, inbound deduplication, reply handles, the outbox and channel secrets
// on a given connection. Like tip_rows, these run inside the caller's transaction:
// ingest() composes dedupe + tip + message + thread + handle + reply into one commit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;

namespace chat_rows {

// Throws std::invalid_argument for an event the schema cannot hold.
void validate(const ChatIngest& event);

ChatIngestResult ingest(Connection& db, const Keyring& keys, const ChatIngest& event);
bool inbound_seen(Connection& db, const std::string& dedupe_hash);
std::optional<OpenThread> open_thread(Connection& db, const std::string& reporter, std::int64_t at,
                                      std::int64_t quiet_window);
std::optional<ReplyHandle> reply_handle(Connection& db, const Keyring& keys, const std::string& reporter,
                                        std::int64_t now);
std::optional<std::int64_t> forget_reporter(Connection& db, const Keyring& keys, const std::string& reporter,
                                            const std::string& dedupe_hash, std::int64_t now);
std::size_t purge_expired(Connection& db, std::int64_t now, std::int64_t dedupe_before);

std::int64_t insert_outbox(Connection& db, const Keyring& keys, std::optional<std::int64_t> tip_id,
                           const std::string& channel, const std::string& reporter, domain::OutboxKind kind,
                           const std::string& text, std::int64_t now);
std::vector<OutboxEntry> due_outbox(Connection& db, const Keyring& keys, std::int64_t now, std::size_t limit);
std::optional<std::int64_t> next_outbox_due(Connection& db);
void outbox_sent(Connection& db, std::int64_t id, std::int64_t now);
void outbox_retry(Connection& db, std::int64_t id, std::int64_t next_attempt_at, const std::string& reason);
void outbox_failed(Connection& db, const Keyring& keys, std::int64_t id, std::int64_t now, const std::string& reason);
std::vector<std::pair<std::string, std::int64_t>> outbox_counts(Connection& db);

std::optional<std::string> load_channel_secret(Connection& db, const Keyring& keys, const std::string& name);
void save_channel_secret(Connection& db, const Keyring& keys, const std::string& name, const std::string& value,
                         std::int64_t now);

}  // namespace chat_rows
}  // namespace tipline::storage
