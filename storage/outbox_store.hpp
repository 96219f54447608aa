#pragma once
// Replies waiting to be sent through the platforms, and the small sealed values the
// gateway maintains itself (the Zalo token pair).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/errors.hpp"

namespace tipline::storage {

struct OutboxEntry {
  std::int64_t id = 0;
  std::optional<std::int64_t> tip_id;
  domain::Channel channel = domain::Channel::zalo;
  std::string reporter;
  domain::OutboxKind kind = domain::OutboxKind::ack;
  std::string text;  // decrypted
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  // The sealed text would not open (its key left the ring), or the row names a channel
  // or kind the vocabulary does not know (a damaged row): it cannot be sent.
  bool unreadable = false;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  virtual std::vector<OutboxEntry> due_outbox(std::int64_t now, std::size_t limit) = 0;
  virtual std::optional<std::int64_t> next_outbox_due() = 0;
  // Commits that the entry is about to be handed to the platform, before the call: an
  // entry so marked is never due again. False when it is no longer waiting (already
  // begun, sent or given up): then it must not be sent.
  virtual bool outbox_begin_send(std::int64_t id, std::int64_t now) = 0;
  // Entries begun but never settled (the process died while the platform had them):
  // each is given up with `reason` on its tip, never sent again. Returns how many.
  virtual std::size_t outbox_settle_interrupted(std::int64_t now, const std::string& reason) = 0;
  // The three below also end a begun send.
  virtual void outbox_sent(std::int64_t id, std::int64_t now) = 0;
  virtual void outbox_retry(std::int64_t id, std::int64_t next_attempt_at, const std::string& reason) = 0;
  // Gives up on an entry and records why on its tip, as a system message officers see.
  virtual void outbox_failed(std::int64_t id, std::int64_t now, const std::string& reason) = 0;
  // {"pending": n, "sent": n, "failed": n}
  virtual std::vector<std::pair<std::string, std::int64_t>> outbox_counts() = 0;

  // Small sealed values the gateway maintains itself (the Zalo token pair).
  virtual std::optional<std::string> load_channel_secret(const std::string& name) = 0;
  virtual void save_channel_secret(const std::string& name, const std::string& value, std::int64_t now) = 0;
};

}  // namespace tipline::storage
