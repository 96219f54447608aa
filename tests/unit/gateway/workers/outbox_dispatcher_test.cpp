// The outbox's loop against a store that refuses every write (a disk that stays full):
// it must wait, doubling the wait, instead of trying again as fast as it can.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/clock.hpp"
#include "gateway/workers/outbox_dispatcher.hpp"
#include "handlers/channels/routing.hpp"
#include "storage/errors.hpp"

using namespace tipline;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void full() { throw storage::StoreError("database or disk is full"); }

// One reply always due; every write refused and counted.
class FullDiskOutbox final : public storage::OutboxStore {
 public:
  std::atomic<int> writes{0};
  std::vector<storage::OutboxEntry> due_outbox(std::int64_t now, std::size_t) override {
    storage::OutboxEntry entry;
    entry.id = 1;
    entry.channel = domain::Channel::messenger;
    entry.reporter = "reporter";
    entry.text = "Đã nhận tin báo";
    entry.next_attempt_at = now;
    return {entry};
  }
  std::optional<std::int64_t> next_outbox_due() override { return unix_now(); }
  bool outbox_begin_send(std::int64_t, std::int64_t) override { ++writes; full(); }
  std::size_t outbox_settle_interrupted(std::int64_t, const std::string&) override { ++writes; full(); }
  void outbox_sent(std::int64_t, std::int64_t) override { ++writes; full(); }
  void outbox_retry(std::int64_t, std::int64_t, const std::string&) override { ++writes; full(); }
  void outbox_failed(std::int64_t, std::int64_t, const std::string&) override { ++writes; full(); }
  std::vector<std::pair<std::string, std::int64_t>> outbox_counts() override { return {}; }
  std::optional<std::string> load_channel_secret(const std::string&) override { return std::nullopt; }
  void save_channel_secret(const std::string&, const std::string&, std::int64_t) override { full(); }
};

class OneReporterChats final : public storage::ChatStore {
 public:
  storage::ChatIngestResult ingest_chat(const storage::ChatIngest&) override { full(); }
  bool inbound_seen(const std::string&) override { return false; }
  std::optional<storage::OpenThread> open_thread(const std::string&, std::int64_t, std::int64_t) override {
    return std::nullopt;
  }
  std::optional<storage::ReplyHandle> reply_handle(const std::string&, std::int64_t now) override {
    return storage::ReplyHandle{domain::Channel::messenger, channels::encode_routing({"psid-1", "", false}), now + 3600};
  }
  std::optional<std::int64_t> forget_reporter(const std::string&, const std::string&, std::int64_t) override {
    full();
  }
  std::size_t purge_expired(std::int64_t, std::int64_t) override { full(); }
};

}  // namespace

TEST_CASE("a store that refuses every write makes the outbox wait longer each time, not spin", "[outbox][hostile]") {
  FullDiskOutbox outbox;
  OneReporterChats chats;
  config::ChannelsConfig channels;
  channels.messenger = config::MessengerChannelConfig{};
  channels.messenger->page_access_token = "token";
  channels.messenger->api_base = "https://127.0.0.1:9";  // never reached: nothing is begun
  gateway::OutboxDispatcher dispatcher(outbox, chats, channels);
  dispatcher.start();
  // Replies keep being queued meanwhile, each waking the loop: no reason to hurry.
  std::atomic<bool> done{false};
  std::thread waker([&] {
    while (!done) {
      dispatcher.wake();
      std::this_thread::sleep_for(1ms);
    }
  });
  std::this_thread::sleep_for(3500ms);
  done = true;
  waker.join();
  dispatcher.stop();
  // Waits of 1, 2 and 4 s: three or four tries in 3.5 s, where a loop without a pause
  // makes thousands.
  CHECK(outbox.writes >= 2);
  CHECK(outbox.writes <= 6);
}
