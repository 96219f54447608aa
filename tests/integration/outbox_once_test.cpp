// Replies are sent at most once once the platform has taken them, whenever the process
// is killed: the intent to send is committed before the call, and an entry a dead
// process had begun is given up with a note on its tip rather than sent again.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <csignal>
#include <map>
#include <random>
#include <thread>

#include "gateway/cli/store_access.hpp"
#include "storage/sqlite_store.hpp"
#include "support/channels.hpp"
#include "support/https_client.hpp"
#include "support/test_server.hpp"
#include "webhook-config/config_loader.hpp"

using namespace tipline::testing;
using namespace std::chrono_literals;
namespace domain = tipline::domain;

namespace {

std::unique_ptr<tipline::storage::SqliteStore> open_store(const TestDataDir& data) {
  const auto config = tipline::config::load_config(data.config_file);
  return std::make_unique<tipline::storage::SqliteStore>(config.database_file.string(),
                                                         tipline::commands::keyring_of(config));
}

// The outbox entry a send was for: the gateway puts "tipline:ID" in its metadata.
std::string entry_of(const FakePlatform::Recorded& send) {
  const auto body = nlohmann::json::parse(send.body);
  return body["message"].value("metadata", "");
}

}  // namespace

TEST_CASE("a reply the platform held when the process was killed is not sent again, and officers are told",
          "[outbox][process]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  auto slow = reply(200, R"({"recipient_id":"1","message_id":"m_1"})");
  slow.delay = 3s;  // the platform takes the reply and answers late
  platform.set_default("/graph/", slow);
  TestDataDir data(channels_config(platform));
  {
    ServerProcess server(data);
    TlsClient client(server.port());
    REQUIRE(post_messenger(client, messenger_text_body("71000000000001", "m_once_1", now_ms(),
                                                       "Có người bán ma túy ở hẻm 12"))
                .status == 200);
    REQUIRE(platform.wait_for("/graph/", 1, 10s));
    server.signal(SIGKILL);  // while the platform holds the send
    server.wait_exit();
  }
  platform.set_default("/graph/", reply(200, R"({"recipient_id":"1","message_id":"m_2"})"));
  {
    ServerProcess restarted(data);
    std::this_thread::sleep_for(3s);  // time enough to resend, were it to
    restarted.signal(SIGTERM);
    REQUIRE(restarted.wait_exit() == 0);
  }
  CHECK(platform.requests_to("/graph/").size() == 1);
  auto store = open_store(data);
  const auto tip = store->load_tip(1);
  REQUIRE(tip);
  bool told = false;
  for (const auto& m : tip->messages)
    told = told || (m.kind == domain::MessageKind::reply_failed &&
                    m.body.find("may or may not have reached the reporter") != std::string::npos);
  CHECK(told);
}

TEST_CASE("killed again and again while replying, the gateway never sends one reply twice", "[outbox][process]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  auto quick = reply(200, R"({"recipient_id":"1","message_id":"m_1"})");
  quick.delay = 30ms;  // long enough for kills to land while a send is with the platform
  platform.set_default("/graph/", quick);
  TestDataDir data(channels_config(platform));
  std::mt19937 random(20261203);
  constexpr int rounds = 6, per_round = 12;
  int posted = 0;
  for (int round = 0; round < rounds; ++round) {
    ServerProcess server(data);
    TlsClient client(server.port());
    for (int i = 0; i < per_round; ++i, ++posted)
      REQUIRE(post_messenger(client, messenger_text_body("7200000000" + std::to_string(1000 + posted),
                                                         "m_loop_" + std::to_string(posted), now_ms(),
                                                         "Có người bán ma túy ở hẻm " + std::to_string(posted)))
                  .status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 400)(random)));
    server.signal(SIGKILL);
    server.wait_exit();
  }
  {
    ServerProcess last(data);  // settles and sends what is left
    std::this_thread::sleep_for(3s);
    last.signal(SIGTERM);
    REQUIRE(last.wait_exit() == 0);
  }
  std::map<std::string, int> sends_per_entry;
  for (const auto& send : platform.requests_to("/graph/")) ++sends_per_entry[entry_of(send)];
  int duplicates = 0;
  for (const auto& [entry, sends] : sends_per_entry) {
    INFO(entry);
    CHECK_FALSE(entry.empty());
    duplicates += sends > 1;
  }
  CHECK(duplicates == 0);
  auto store = open_store(data);
  CHECK(store->count_tips() == posted);  // every acknowledged message is a tip
  std::int64_t sent = 0, failed = 0, pending = 0;
  for (const auto& [status, n] : store->outbox_counts())
    (status == "sent" ? sent : status == "failed" ? failed : pending) += n;
  CHECK(pending == 0);
  // Each entry recorded as sent was sent, once; the rest were given up as unknown.
  CHECK(sent >= 1);
  CHECK(sent <= static_cast<std::int64_t>(sends_per_entry.size()));
}
