#pragma once
// Sends the outbox: replies to reporters through the platforms' send APIs, on one
// thread of its own, each at most once once the platform has taken it. The intent to
// send is committed before the call and the result after it; an entry found begun at
// start was with the platform when the process died and is given up, with a note on
// its tip, rather than sent again. Transient failures are retried with exponential
// backoff and jitter, permanent ones recorded on the tip. While the store refuses
// writes (a full disk) the loop backs off instead of spinning. The same loop purges
// reply handles whose window has closed and old deduplication records.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "gateway/https_client.hpp"
#include "storage/chat_store.hpp"
#include "storage/outbox_store.hpp"
#include "webhook-config/config.hpp"

namespace tipline::gateway {

class ZaloTokens;

class OutboxDispatcher final {
 public:
  OutboxDispatcher(storage::OutboxStore& outbox, storage::ChatStore& chats, const config::ChannelsConfig& channels);
  ~OutboxDispatcher();
  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  void start();
  // Other periodic housekeeping to run on the same thread, about once a minute
  // (the console's expired sessions).
  void set_maintenance(std::function<void(std::int64_t now)> task) { maintenance_ = std::move(task); }
  // New entries were committed: look now rather than at the next timer.
  void wake();
  // Lets a send in flight finish (bounded by the send timeout), then stops. Idempotent.
  void stop();

 private:
  void run();
  void dispatch(const storage::OutboxEntry& entry, std::int64_t now);
  // Records what the platform answered; throws when the store refuses.
  void record_outcome(const storage::OutboxEntry& entry, const channels::SendOutcome& outcome, std::int64_t after);
  channels::SendOutcome send(const channels::OutboundText& text);
  channels::SendOutcome send_once(const channels::OutboundText& text);
  std::int64_t retry_at(int attempts, std::int64_t now, std::optional<std::chrono::seconds> hint) const;
  // Records sends the platform accepted; false while the store refuses.
  bool record_unrecorded_sends();
  // Gives up entries a previous process began; false while the store refuses.
  bool settle_interrupted_sends();
  // After the store refused: how long to wait before trying again (1 s, doubling to 60 s).
  std::chrono::seconds store_backoff();

  storage::OutboxStore& outbox_;
  storage::ChatStore& chats_;  // reply handles, and purging them
  const config::ChannelsConfig& channels_;
  channels::Endpoints endpoints_;
  HttpsClient client_;
  std::unique_ptr<ZaloTokens> zalo_tokens_;
  std::function<void(std::int64_t)> maintenance_;
  // Accepted by the platform, not yet marked sent in the store (which failed): never
  // dispatched again, recorded before anything else is sent.
  std::map<std::int64_t, std::int64_t> sent_unrecorded_;  // outbox id -> sent at
  // Begun, not taken by the platform, and the store refused to record the result:
  // made due again once the store accepts writes.
  std::set<std::int64_t> begun_unrecorded_;
  bool interrupted_settled_ = false;
  int store_failures_ = 0;  // in a row
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

// Backoff before attempt `attempts + 1`: base * 2^attempts capped at `max`, then a
// random point in its upper half, so many failed entries do not retry in step.
std::chrono::seconds backoff_delay(int attempts, std::chrono::seconds base, std::chrono::seconds max);

}  // namespace tipline::gateway
