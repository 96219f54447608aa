#pragma once
// Chat threads, inbound deduplication and reply handles on a given connection. Like
// tip_rows, these run inside the caller's transaction: ingest() composes dedupe + tip
// + message + thread + handle + reply into one commit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/chat_store.hpp"

namespace tipline::storage {

class Connection;
class Keyring;

namespace thread_rows {

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

}  // namespace thread_rows
}  // namespace tipline::storage
