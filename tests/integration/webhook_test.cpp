// Zalo OA and Messenger webhooks against the real server, with a fake platform on
// loopback receiving the acknowledgements: filing, threading, the outbox, restarts.
// Which deliveries are accepted, refused or kept is tested in process
// (tests/unit/handlers/chat/webhooks_test.cpp).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <csignal>
#include <future>
#include <memory>
#include <set>
#include <thread>

#include "gateway/cli/store_access.hpp"
#include "gateway/https_client.hpp"
#include "gateway/workers/zalo_tokens.hpp"
#include "handlers/channels/event_record.hpp"
#include "handlers/channels/inbound_messenger.hpp"
#include "common/utf8.hpp"
#include "handlers/chat/chat_intake.hpp"
#include "handlers/tips/message_body.hpp"
#include "storage/sqlite_store.hpp"
#include "support/channels.hpp"
#include "support/https_client.hpp"
#include "support/test_server.hpp"
#include "webhook-config/config_loader.hpp"

using namespace tipline::testing;
using namespace std::chrono_literals;
namespace domain = tipline::domain;

namespace {

struct Delivery {
  const char* file;
  bool zalo;
  int tips_after;  // cumulative number of tips after posting this file, in this order
};

// Every inbound fixture, in an order where each expected count is unambiguous.
const std::vector<Delivery> all_fixtures{
    {"zalo_follow.json", true, 0},
    {"zalo_user_send_text.json", true, 1},
    {"zalo_oa_send_text.json", true, 1},            // echo of our reply: skipped
    {"zalo_user_received_message.json", true, 1},   // receipt: skipped
    {"zalo_user_seen_message.json", true, 1},       // receipt: skipped
    {"zalo_user_send_image.json", true, 1},         // same user, within the window: joins
    {"zalo_user_send_location.json", true, 1},
    {"zalo_user_send_file.json", true, 1},
    {"zalo_user_send_sticker.json", true, 1},       // a sticker alone files nothing
    {"zalo_user_submit_info.json", true, 1},        // dropped whole
    {"zalo_anonymous_send_text.json", true, 2},     // another sender
    {"zalo_unfollow.json", true, 2},
    {"messenger_text.json", false, 3},
    {"messenger_batch.json", false, 4},             // 3 messages, 2 senders, one of them new
    {"messenger_image.json", false, 4},
    {"messenger_location.json", false, 4},
    {"messenger_echo.json", false, 4},
    {"messenger_delivery_read.json", false, 4},
    {"messenger_quick_reply.json", false, 4},       // a button tap: a prompt, no tip content
    {"messenger_postback.json", false, 4},          // TIP_NEW_REPORT: closes the thread
};

std::int64_t outbox(tipline::storage::SqliteStore& store, const std::string& status) {
  for (const auto& [s, n] : store.outbox_counts())
    if (s == status) return n;
  return 0;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

std::string sent_text(const FakePlatform::Recorded& request) {
  auto body = nlohmann::json::parse(request.body);
  return body["message"]["text"].get<std::string>();
}

std::unique_ptr<tipline::storage::SqliteStore> open_store(const tipline::config::Config& config) {
  return std::make_unique<tipline::storage::SqliteStore>(config.database_file.string(),
                                                         tipline::commands::keyring_of(config));
}

// The record the gateway keeps for a verified Messenger body.
std::string record_of(const std::string& body) {
  return tipline::channels::encode_events(tipline::channels::parse_messenger_webhook(body));
}

// Kept deliveries (arrival time, record) as a crash between their 200 and their filing
// leaves them, written before the gateway starts.
void keep_before_start(const tipline::config::Config& config,
                       const std::vector<std::pair<std::int64_t, std::string>>& deliveries) {
  auto store = open_store(config);
  for (const auto& [arrived, record] : deliveries) {
    std::promise<std::exception_ptr> kept;
    store->keep_delivery({domain::Channel::messenger, arrived, record},
                         [&](std::exception_ptr e) { kept.set_value(e); });
    REQUIRE_FALSE(kept.get_future().get());
  }
  REQUIRE(store->count_tips() == 0);
}

// A gateway's data directory whose replies go to a fake platform that accepts them,
// for tests that keep deliveries before the gateway starts; `t` is now, in ms.
struct GatewayWithKeptDeliveries {
  GatewayWithKeptDeliveries() { answer_sends_ok(platform); }
  FakePlatform platform;
  TestDataDir data{channels_config(platform)};
  const tipline::config::Config config = tipline::config::load_config(data.config_file);
  const std::int64_t t = now_ms();
};

// Zalo's answer to a token refresh: the pair access-NAME, refresh-NAME, living `seconds`.
FakePlatform::Reply zalo_token_pair(const std::string& name, int seconds) {
  return reply(200, R"({"access_token":"access-)" + name + R"(","refresh_token":"refresh-)" + name +
                        R"(","expires_in":")" + std::to_string(seconds) + R"("})");
}

// Polls the gateway's /metrics until no webhook delivery waits to be filed.
bool wait_until_filed(TlsClient& client, std::chrono::seconds limit = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (client.request("GET", "/metrics").body.find("\ntipline_store_deliveries_waiting 0\n") != std::string::npos)
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

}  // namespace

TEST_CASE("every inbound fixture is handled as the spec's table says", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  for (const auto& delivery : all_fixtures) {
    INFO(delivery.file);
    const auto body = channel_fixture(delivery.file);
    auto result = delivery.zalo ? post_zalo(client, body) : post_messenger(client, body);
    CHECK(result.status == 200);
    CHECK(server.store().count_tips() == delivery.tips_after);
  }
  // Zalo user: text + image + location + file in one tip.
  auto zalo_tip = server.store().load_tip(1);
  REQUIRE(zalo_tip);
  CHECK(zalo_tip->channel == domain::Channel::zalo);
  CHECK(zalo_tip->messages.size() == 4);
  // Messenger: the batch's emoji decoded, the location's coordinates kept.
  std::string messenger_text;
  for (auto id : {3, 4}) {
    const auto tip = server.store().load_tip(id);
    for (const auto& m : tip->messages) messenger_text += m.body;
  }
  CHECK_THAT(messenger_text, Catch::Contains("\xF0\x9F\x99\x8F"));  // U+1F64F
  CHECK_THAT(messenger_text, Catch::Contains("10.7626221"));
  CHECK_THAT(messenger_text, !Catch::Contains("Location"));  // the title names the sender

  // One acknowledgement per tip, prompts for the two button taps; echoes and
  // receipts never answered. Later messages are answered once the ack has gone.
  REQUIRE(platform.wait_for("/graph/", 4, 10s));
  REQUIRE(platform.wait_for("/zalo/", 2, 10s));
  std::this_thread::sleep_for(500ms);
  auto anonymous = platform.requests_to("/zalo/v2.0/oa/message");
  REQUIRE(anonymous.size() == 1);
  auto anon_body = nlohmann::json::parse(anonymous[0].body);
  CHECK(anon_body["recipient"]["anonymous_id"] == "a1f3c9e07b2d4e6f8a10");
  CHECK(anon_body["recipient"]["conversation_id"] == "9b8e7d6c5b4a39281706");
  const auto replies = platform.requests_to("/zalo/v3.0/oa/message/cs");
  REQUIRE_FALSE(replies.empty());
  for (const auto& request : replies) {
    CHECK(request.header("access_token") == "zalo-access-token-1");
    CHECK(nlohmann::json::parse(request.body)["recipient"]["user_id"] == "6110012345678900042");
  }
  CHECK(outbox(server.store(), "failed") == 0);
}

TEST_CASE("duplicated, batched and reordered deliveries make the same tips", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  const auto t = now_ms() - 60000;
  const auto m1 = messenger_text_body("7000000000000001", "m_order_1", t, "Có người bán ma túy ở hẻm 12");
  const auto m2 = messenger_text_body("7000000000000001", "m_order_2", t + 20000, "Chiều nào cũng bán");
  const auto m3 = messenger_text_body("7000000000000001", "m_order_3", t + 40000, "Xe máy biển 59X1-12345");
  auto run = [&](const std::vector<const std::string*>& order) {
    TestServer server(channels_config(platform));
    TlsClient client(server.port());
    for (const auto* body : order) REQUIRE(post_messenger(client, *body).status == 200);
    std::vector<std::string> texts;
    const auto tip = server.store().load_tip(1);
    for (const auto& m : tip->messages)
      texts.push_back(nlohmann::json::parse(m.body)["text"].get<std::string>());
    std::sort(texts.begin(), texts.end());
    return std::make_pair(server.store().count_tips(), texts);
  };
  const auto in_order = run({&m1, &m2, &m3});
  CHECK(in_order.first == 1);
  CHECK(in_order.second.size() == 3);
  CHECK(run({&m3, &m1, &m2}) == in_order);
  CHECK(run({&m1, &m1, &m2, &m3, &m2, &m3, &m1}) == in_order);
}

TEST_CASE("a redelivered message is filed and acknowledged once", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  const auto body = channel_fixture("messenger_text.json");
  for (int i = 0; i < 3; ++i) REQUIRE(post_messenger(client, body).status == 200);
  CHECK(server.store().count_tips() == 1);
  CHECK(server.store().load_tip(1)->messages.size() == 1);
  REQUIRE(platform.wait_for("/graph/", 1, 10s));
  std::this_thread::sleep_for(1500ms);
  CHECK(platform.requests_to("/graph/").size() == 1);
}

TEST_CASE("messages thread by the quiet window and a closing word", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform, 30));
  TlsClient client(server.port());
  const std::string psid = "7000000000000002";
  const auto t = now_ms() - 3 * 3600 * 1000;
  REQUIRE(post_messenger(client, messenger_text_body(psid, "m_w1", t, "Nhà số 5 có người tụ tập chích hút")).status == 200);
  REQUIRE(post_messenger(client, messenger_text_body(psid, "m_w2", t + 29 * 60000, "Tối nào cũng vậy")).status == 200);
  CHECK(server.store().count_tips() == 1);
  // 31 minutes of quiet: a new tip.
  REQUIRE(post_messenger(client, messenger_text_body(psid, "m_w3", t + 60 * 60000, "Có thêm một điểm ở chợ")).status == 200);
  CHECK(server.store().count_tips() == 2);
  // A closing word ends that tip at once; the next message starts another.
  REQUIRE(post_messenger(client, messenger_text_body(psid, "m_w4", t + 61 * 60000, "Hết.")).status == 200);
  CHECK(server.store().count_tips() == 2);
  REQUIRE(post_messenger(client, messenger_text_body(psid, "m_w5", t + 62 * 60000, "Thêm: ở cổng trường có người bán")).status == 200);
  CHECK(server.store().count_tips() == 3);
  CHECK(server.store().load_tip(1)->messages.size() == 2);
  CHECK(server.store().load_tip(2)->messages.size() == 1);
  // Each tip was triaged: the first is about a place where people use.
  CHECK(server.store().load_tip(1)->labels.drug_related);
}

TEST_CASE("the acknowledgement names the tip, the platform's knowledge and 113; later messages get a short note",
          "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  const std::string psid = "7000000000000003";
  const auto t = now_ms() - 60000;
  REQUIRE(post_messenger(client, messenger_text_body(psid, "m_a1", t, "Có người bán ma túy ở hẻm 12")).status == 200);
  REQUIRE(platform.wait_for("/graph/", 1, 10s));
  auto ack = platform.requests_to("/graph/")[0];
  CHECK(ack.query == "access_token=page-token-1");
  auto ack_body = nlohmann::json::parse(ack.body);
  CHECK(ack_body["recipient"]["id"] == psid);
  CHECK(ack_body["messaging_type"] == "RESPONSE");
  const auto text = sent_text(ack);
  const auto reference = server.store().load_tip(1)->reference;
  CHECK_THAT(text, Catch::Contains(reference));
  CHECK_THAT(text, Catch::Contains("Facebook biết"));
  CHECK_THAT(text, Catch::Contains("biểu mẫu"));
  CHECK_THAT(text, Catch::Contains("113"));
  // The acknowledgement has gone; the next message gets the short note.
  REQUIRE(eventually([&] { return outbox(server.store(), "sent") == 1; }));
  REQUIRE(post_messenger(client, messenger_text_body(psid, "m_a2", t + 1000, "Thêm: xe máy màu đen")).status == 200);
  REQUIRE(platform.wait_for("/graph/", 2, 10s));
  const auto later = sent_text(platform.requests_to("/graph/")[1]);
  CHECK_THAT(later, Catch::StartsWith("Đã nhận"));
  CHECK_THAT(later, Catch::Contains(reference));
}

TEST_CASE("a send that fails twice is retried and succeeds on the third attempt", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  platform.script("/graph/", {reply(503, "{}"), dropped()});  // a 503, then a dropped connection
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  REQUIRE(post_messenger(client, channel_fixture("messenger_text.json")).status == 200);
  REQUIRE(platform.wait_for("/graph/", 3, 20s));
  REQUIRE(eventually([&] { return outbox(server.store(), "sent") == 1; }));
  std::this_thread::sleep_for(1500ms);
  CHECK(platform.requests_to("/graph/").size() == 3);
}

TEST_CASE("a send the platform accepted but the store could not record is recorded later, never sent again",
          "[webhooks][hostile]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  auto slow_acceptance = reply(200, channel_fixture("messenger_send_ok.json"));
  slow_acceptance.delay = 1500ms;  // time to take the lock; under the 2 s send timeout
  platform.script("/graph/", {slow_acceptance});
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  REQUIRE(post_messenger(client, channel_fixture("messenger_text.json")).status == 200);
  REQUIRE(platform.wait_for("/graph/", 1, 10s));
  auto record_failed = [&] {
    const auto lines = server.log_lines();
    return std::any_of(lines.begin(), lines.end(),
                       [](const std::string& line) { return line.find("outbox.record_sent_failed") != std::string::npos; });
  };
  {
    // Another connection takes the database's write lock before the platform accepts
    // and holds it past the store's 5 s busy timeout: marking the entry sent fails.
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(server.config().database_file.c_str(), &other) == SQLITE_OK);
    sqlite3_busy_timeout(other, 5000);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const bool failed = eventually(record_failed, 30s);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    REQUIRE(failed);
  }
  REQUIRE(eventually([&] { return outbox(server.store(), "sent") == 1; }));
  std::this_thread::sleep_for(2s);  // time enough for a second send, were there one
  CHECK(platform.requests_to("/graph/").size() == 1);
}

TEST_CASE("a permanent send error is recorded on the tip and not retried", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  platform.set_default("/graph/", reply(400, channel_fixture("messenger_send_error_window.json")));
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  REQUIRE(post_messenger(client, channel_fixture("messenger_text.json")).status == 200);
  REQUIRE(eventually([&] { return outbox(server.store(), "failed") == 1; }));
  auto tip = server.store().load_tip(1);
  REQUIRE(tip->messages.size() == 2);
  CHECK(tip->messages[1].author == domain::Author::system);
  CHECK(tip->messages[1].kind == domain::MessageKind::reply_failed);
  CHECK_THAT(tip->messages[1].body, Catch::Contains("messenger"));
  std::this_thread::sleep_for(2s);
  CHECK(platform.requests_to("/graph/").size() == 1);
}

TEST_CASE("an invalid Zalo token is refreshed, saved, and the send retried once", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  platform.script("/zalo/", {reply(200, channel_fixture("zalo_send_error_token.json"))});
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  REQUIRE(post_zalo(client, channel_fixture("zalo_user_send_text.json")).status == 200);
  REQUIRE(platform.wait_for("/zalo/", 2, 10s));
  REQUIRE(eventually([&] { return outbox(server.store(), "sent") == 1; }));
  auto refresh = platform.requests_to("/oauth/v4/oa/access_token");
  REQUIRE(refresh.size() == 1);
  CHECK(refresh[0].header("secret_key") == "test-zalo-app-secret");
  CHECK_THAT(refresh[0].body, Catch::Contains("refresh_token=zalo-refresh-token-1"));
  CHECK_THAT(refresh[0].body, Catch::Contains("grant_type=refresh_token"));
  const auto new_token = nlohmann::json::parse(channel_fixture("zalo_token_refresh_ok.json"))["access_token"];
  auto sends = platform.requests_to("/zalo/");
  CHECK(sends[0].header("access_token") == "zalo-access-token-1");
  CHECK(sends[1].header("access_token") == new_token.get<std::string>());
  // The new pair is kept, sealed, for the next start.
  auto saved = server.store().load_channel_secret("zalo_tokens");
  REQUIRE(saved);
  CHECK_THAT(*saved, Catch::Contains(new_token.get<std::string>()));
}

TEST_CASE("a Zalo token the gateway refreshed is refreshed again before the send that finds it due",
          "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  platform.script("/zalo/", {reply(200, channel_fixture("zalo_send_error_token.json"))});
  // Each new pair lives 2 s, so it is due for refresh 1 s after it was issued.
  platform.script("/oauth/v4/oa/access_token", {zalo_token_pair("A", 2), zalo_token_pair("B", 2)});
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  const std::string first = channel_fixture("zalo_user_send_text.json");
  REQUIRE(post_zalo(client, first).status == 200);
  REQUIRE(platform.wait_for("/zalo/", 2, 10s));  // refused, then sent with pair A
  std::this_thread::sleep_for(1500ms);
  std::string second = first;
  second.replace(second.find("8f1e2d3c4b5a69788796"), 20, "8f1e2d3c4b5a69788797");
  REQUIRE(post_zalo(client, second).status == 200);
  REQUIRE(platform.wait_for("/zalo/", 3, 10s));
  const auto refresh = platform.requests_to("/oauth/v4/oa/access_token");
  REQUIRE(refresh.size() == 2);
  CHECK_THAT(refresh[1].body, Catch::Contains("refresh_token=refresh-A"));
  const auto sends = platform.requests_to("/zalo/");
  REQUIRE(sends.size() == 3);
  CHECK(sends[1].header("access_token") == "access-A");
  CHECK(sends[2].header("access_token") == "access-B");  // refreshed before sending, not after a refusal
}

TEST_CASE("a Zalo token pair is due for refresh at 80% of the life Zalo gave it", "[webhooks]") {
  FakePlatform platform;
  platform.script("/oauth/v4/oa/access_token", {zalo_token_pair("A", 1000), zalo_token_pair("B", 1000)});
  TestDataDir data(channels_config(platform));
  const auto config = tipline::config::load_config(data.config_file);
  auto store = open_store(config);
  tipline::gateway::HttpsClient::Options options;
  options.extra_ca_file = platform.ca_file();
  tipline::gateway::HttpsClient client(options);
  tipline::channels::Endpoints endpoints;
  endpoints.zalo_api_base = config.channels.zalo->api_base;
  endpoints.zalo_oauth_base = config.channels.zalo->oauth_base;
  tipline::gateway::ZaloTokens tokens(*store, *config.channels.zalo, endpoints, client);

  const std::int64_t t = 1'800'000'000;
  // The config's pair has no known lifetime: it is refreshed only when Zalo refuses it.
  CHECK(tokens.access_token(t + 1'000'000) == "zalo-access-token-1");
  REQUIRE(tokens.refresh(t));
  CHECK(tokens.access_token(t + 799) == "access-A");
  CHECK(platform.requests_to("/oauth/").size() == 1);
  CHECK(tokens.access_token(t + 800) == "access-B");
  REQUIRE(platform.requests_to("/oauth/").size() == 2);
  CHECK_THAT(platform.requests_to("/oauth/")[1].body, Catch::Contains("refresh_token=refresh-A"));
}

TEST_CASE("replies pending when the server is killed are sent after restart, once each", "[webhooks][process]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  platform.set_default("/graph/", dropped());  // the platform is unreachable for now
  TestDataDir data(channels_config(platform));
  std::size_t before = 0;
  {
    ServerProcess server(data);
    TlsClient client(server.port());
    for (int i = 0; i < 3; ++i)
      REQUIRE(post_messenger(client, messenger_text_body("70000000000001" + std::to_string(i), "m_kill_" +
                                                          std::to_string(i), now_ms(), "Có người bán ma túy")).status == 200);
    REQUIRE(platform.wait_for("/graph/", 3, 10s));
    // Killed once each failure is recorded: a send still with the platform at the kill
    // would be given up, not resent (outbox_once_test.cpp).
    REQUIRE(eventually([&] {
      const auto log = server.log();
      std::size_t retries = 0;
      for (auto at = log.find("outbox.retry"); at != std::string::npos; at = log.find("outbox.retry", at + 1)) ++retries;
      return retries >= 3;
    }));
    server.signal(SIGKILL);
    server.wait_exit();
    before = platform.requests_to("/graph/").size();
  }
  platform.set_default("/graph/", reply(200, channel_fixture("messenger_send_ok.json")));
  ServerProcess restarted(data);
  REQUIRE(platform.wait_for("/graph/", before + 3, 20s));
  std::this_thread::sleep_for(2s);
  auto sends = platform.requests_to("/graph/");
  REQUIRE(sends.size() == before + 3);
  std::set<std::string> recipients;
  for (std::size_t i = before; i < sends.size(); ++i)
    recipients.insert(nlohmann::json::parse(sends[i].body)["recipient"]["id"].get<std::string>());
  CHECK(recipients.size() == 3);
}

TEST_CASE_METHOD(GatewayWithKeptDeliveries, "deliveries acknowledged but not yet filed when the gateway stopped are filed, once, at its next start",
          "[webhooks][process]") {
  const std::string psid = "7000000000000077";
  // What a crash between the 200s and their filing leaves: one of them a redelivery.
  keep_before_start(config,
                    {{t / 1000, record_of(messenger_text_body(psid, "m_kept_1", t, "Có người bán ma túy ở hẻm 12"))},
                     {t / 1000, record_of(messenger_text_body(psid, "m_kept_1", t, "Có người bán ma túy ở hẻm 12"))},
                     {t / 1000, record_of(messenger_text_body(psid, "m_kept_2", t + 1000, "Thêm: xe máy màu đen"))}});
  {
    ServerProcess server(data);
    TlsClient client(server.port());
    REQUIRE(wait_until_filed(client));
    server.signal(SIGTERM);
    REQUIRE(server.wait_exit() == 0);
  }
  auto store = open_store(config);
  CHECK(store->delivery_count() == 0);
  REQUIRE(store->count_tips() == 1);  // one tip; the redelivery added nothing
  auto tip = store->load_tip(1);
  REQUIRE(tip);
  CHECK(tip->messages.size() == 2);
  CHECK(tip->created_at == t / 1000);  // as of its arrival, not of its filing
}

TEST_CASE_METHOD(GatewayWithKeptDeliveries, "a kept delivery that cannot be filed is set aside and the ones after it are filed",
          "[webhooks][process]") {
  keep_before_start(config, {{t / 1000, R"([{"not":"an event"}])"},
                             {t / 1000, record_of(messenger_text_body("7000000000000088", "m_after_bad", t,
                                                                      "Có người bán ma túy ở chợ"))}});
  {
    ServerProcess server(data);
    REQUIRE(platform.wait_for("/graph/", 1, 10s));  // the good one was filed and answered
    server.signal(SIGTERM);
    REQUIRE(server.wait_exit() == 0);
    CHECK_THAT(server.log(), Catch::Contains("webhook.delivery_set_aside"));
  }
  auto store = open_store(config);
  CHECK(store->count_tips() == 1);
  CHECK(store->delivery_counts().waiting == 0);
  CHECK(store->delivery_counts().set_aside == 1);
}

TEST_CASE_METHOD(GatewayWithKeptDeliveries, "a kept delivery whose filing keeps failing is retried, then set aside; the next one is filed",
          "[webhooks][process]") {
  // The first is readable, but filing it throws every time: an arrival time before
  // year 0 has no reference month.
  keep_before_start(config, {{-70'000'000'000, record_of(messenger_text_body("7000000000000091", "m_never", t,
                                                                               "Có người bán ma túy ở bến xe"))},
                             {t / 1000, record_of(messenger_text_body("7000000000000092", "m_fine", t,
                                                                      "Có người bán ma túy ở chợ"))}});
  {
    ServerProcess server(data);
    TlsClient client(server.port());
    REQUIRE(wait_until_filed(client, 60s));
    server.signal(SIGTERM);
    REQUIRE(server.wait_exit() == 0);
    const auto log = server.log();
    CHECK_THAT(log, Catch::Contains("webhook.filing_failed"));
    CHECK_THAT(log, Catch::Contains("reason=\"filing failed repeatedly\""));
  }
  auto store = open_store(config);
  CHECK(store->count_tips() == 1);
  CHECK(store->delivery_counts().set_aside == 1);
}

TEST_CASE("every message answered 200 before a SIGKILL becomes a tip after the restart, answered once",
          "[webhooks][process]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  // Unreachable until the restart, so no acknowledgement is accepted before the kill. One
  // that was being tried at the kill is given up after it, with a note on its tip (the
  // gateway cannot know the platform refused it); every other one is sent once.
  platform.set_default("/graph/", dropped());
  TestDataDir data(channels_config(platform));
  constexpr std::size_t messages = 20;
  std::size_t tried_before = 0;
  {
    ServerProcess server(data);
    TlsClient client(server.port());
    for (std::size_t i = 0; i < messages; ++i)
      REQUIRE(post_messenger(client, messenger_text_body("70000000000002" + std::to_string(10 + i),
                                                         "m_sigkill_" + std::to_string(i), now_ms(),
                                                         "Có người bán ma túy ở hẻm " + std::to_string(i)))
                  .status == 200);
    server.signal(SIGKILL);  // some deliveries are filed by now, some only kept
    server.wait_exit();
    tried_before = platform.requests_to("/graph/").size();
  }
  platform.set_default("/graph/", reply(200, channel_fixture("messenger_send_ok.json")));
  {
    ServerProcess restarted(data);
    REQUIRE(platform.wait_for("/graph/", tried_before + messages - 1, 20s));
    std::this_thread::sleep_for(1s);
    restarted.signal(SIGTERM);
    REQUIRE(restarted.wait_exit() == 0);
  }
  const auto sends = platform.requests_to("/graph/");
  std::set<std::string> recipients;
  for (std::size_t i = tried_before; i < sends.size(); ++i)
    recipients.insert(nlohmann::json::parse(sends[i].body)["recipient"]["id"].get<std::string>());
  CHECK(recipients.size() == sends.size() - tried_before);  // none twice
  auto store = open_store(tipline::config::load_config(data.config_file));
  CHECK(store->delivery_count() == 0);
  CHECK(store->count_tips() == static_cast<std::int64_t>(messages));
  std::int64_t sent = 0, given_up = 0;
  for (const auto& [status, n] : store->outbox_counts()) (status == "sent" ? sent : given_up) += n;
  CHECK(sent == static_cast<std::int64_t>(recipients.size()));
  CHECK(given_up <= 1);  // at most the one being tried at the kill
  CHECK(sent + given_up == static_cast<std::int64_t>(messages));  // one acknowledgement each, or a note
}

TEST_CASE("no platform id, profile name or location title reaches the database, the WAL or a log line",
          "[webhooks][anonymity]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  {
    TlsClient client(server.port());
    for (const auto& delivery : all_fixtures) {
      const auto body = channel_fixture(delivery.file);
      REQUIRE((delivery.zalo ? post_zalo(client, body) : post_messenger(client, body)).status == 200);
    }
  }
  REQUIRE(platform.wait_for("/graph/", 4, 10s));
  // The raw ids are held, sealed, for replies: the store can open them.
  REQUIRE(server.store().count_tips() == 4);
  auto logs = server.log_lines();
  server.stop();

  std::string everything;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(server.dir())) {
    if (!entry.is_regular_file() || entry.path().extension() == ".key" || entry.path().extension() == ".pem")
      continue;
    everything += read_file(entry.path());
  }
  for (const auto& line : logs) everything += line;
  REQUIRE(everything.find("TL-") != std::string::npos);  // the scan does see clear text
  for (const std::string marker :
       {"7012345678901234", "7098765432109876",            // PSIDs
        "6110012345678900042", "7220012345678900099",      // Zalo user id, user_id_by_app
        "a1f3c9e07b2d4e6f8a10", "9b8e7d6c5b4a39281706",    // Zalo anonymous id, conversation
        "Nguy\xE1\xBB\x85n V\xC4\x83n Th\xE1\xBB\xAD",     // the location title's and submit_info's name
        "84900000001", "Th\xE1\xBB\xAD Nghi\xE1\xBB\x87m"}) { // submit_info's phone and address
    INFO(marker);
    CHECK(everything.find(marker) == std::string::npos);
  }
}

TEST_CASE("a chat tip joins the duplicate group of a web tip about the same place", "[webhooks][grouping]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  auto form = client.request("GET", "/");
  auto web = multipart_form({{"what", "Karaoke Ánh Dương tối nào cũng có khách thuê phòng vip bay lắc, nhân viên bán thuốc lắc"},
                             {"form_token", hidden_field(form.body, "form_token")}});
  REQUIRE(client.request("POST", "/tips", web.body, web.content_type).status == 200);
  REQUIRE(post_messenger(client, messenger_text_body("7000000000000009", "m_group_1", now_ms(),
                                                     "karaoke anh duong o to 7, dem thu 7 nao cung co khach thue "
                                                     "phong vip su dung ma tuy")).status == 200);
  auto web_tip = server.store().load_tip(1);
  auto chat_tip = server.store().load_tip(2);
  REQUIRE(web_tip->labels.group);
  CHECK(chat_tip->channel == domain::Channel::messenger);
  CHECK(chat_tip->labels.group == web_tip->labels.group);
}

TEST_CASE("a Zalo user_withdraw forgets the reporter: handle, thread and pending replies", "[webhooks][anonymity]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  platform.set_default("/zalo/", dropped());  // the acknowledgement stays pending
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  REQUIRE(post_zalo(client, channel_fixture("zalo_user_send_text.json")).status == 200);
  auto tip = server.store().load_tip(1);
  REQUIRE(tip);
  CHECK(tip->from_chat);
  const std::string withdraw =
      R"({"app_id":"4230012345678901234","oa_id":"5790012345678900001","user_id":"6110012345678900042",)"
      R"("user_id_by_app":"7220012345678900099","event_name":"user_withdraw","timestamp":")" +
      std::to_string(now_ms()) + R"("})";
  REQUIRE(post_zalo(client, withdraw).status == 200);
  tip = server.store().load_tip(1);
  CHECK_FALSE(tip->from_chat);  // the tip no longer points at anyone
  const auto reporter = tipline::handlers::reporter_pseudonym(server.config().keys.pseudonym_key,
                                                              tipline::channels::Channel::zalo, "6110012345678900042");
  CHECK_FALSE(server.store().reply_handle(reporter, now_ms() / 1000));  // the raw id is gone
  CHECK(outbox(server.store(), "pending") == 0);
  CHECK(outbox(server.store(), "failed") == 1);
  // The next message from the same person is a stranger's: a new tip.
  auto again = channel_fixture("zalo_user_send_image.json");
  REQUIRE(post_zalo(client, again).status == 200);
  CHECK(server.store().count_tips() == 2);
  // The same request again (redelivered, or filed again after a crash) is done once: it
  // must not forget what the person wrote after it.
  REQUIRE(post_zalo(client, withdraw).status == 200);
  tip = server.store().load_tip(2);
  REQUIRE(tip);
  CHECK(tip->from_chat);
  CHECK(server.store().reply_handle(reporter, now_ms() / 1000));
}

TEST_CASE("echoes, receipts and a sticker alone are never answered", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  for (const char* file : {"zalo_oa_send_text.json", "zalo_user_received_message.json", "zalo_user_seen_message.json",
                           "zalo_user_send_sticker.json"})
    REQUIRE(post_zalo(client, channel_fixture(file)).status == 200);
  for (const char* file : {"messenger_echo.json", "messenger_delivery_read.json"})
    REQUIRE(post_messenger(client, channel_fixture(file)).status == 200);
  std::this_thread::sleep_for(1s);
  CHECK(platform.requests().empty());
  CHECK(server.store().outbox_counts().empty());  // no answer queued, not just none sent yet
  CHECK(server.store().count_tips() == 0);
}

TEST_CASE("a send that keeps failing is given up after max_send_attempts and recorded", "[webhooks]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  platform.set_default("/graph/", reply(503, "{}"));
  TestServer server(channels_config(platform, 30, 1, 2));
  TlsClient client(server.port());
  REQUIRE(post_messenger(client, channel_fixture("messenger_text.json")).status == 200);
  REQUIRE(eventually([&] { return outbox(server.store(), "failed") == 1; }, 15s));
  CHECK(platform.requests_to("/graph/").size() == 2);
  auto tip = server.store().load_tip(1);
  CHECK_THAT(tip->messages.back().body, Catch::Contains("gave up after 2 attempts"));
}

TEST_CASE("chat text is held to the form's rules: control characters out, long text cut and the reporter told, "
          "oversized sender ids not filed",
          "[webhooks][hostile]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  TlsClient client(server.port());
  const std::string with_controls = std::string("có người bán ma túy") + '\0' + "ở hẻm\x01 12\nnhanh";
  REQUIRE(post_messenger(client, messenger_text_body("73000000000001", "m_ctl", now_ms(), with_controls)).status == 200);
  std::string long_text;
  for (int i = 0; i < 6000; ++i) long_text += "ạ";
  REQUIRE(post_messenger(client, messenger_text_body("73000000000002", "m_long", now_ms(), long_text)).status == 200);
  REQUIRE(post_messenger(client, messenger_text_body(std::string(300, '7'), "m_id", now_ms(), "bán ma túy")).status ==
          200);
  server.wait_until_filed();
  auto& store = server.store();
  REQUIRE(store.count_tips() == 2);  // the oversized sender id filed nothing
  const auto first = tipline::handlers::decode_message_body(store.load_tip(1)->messages.at(0).body).text;
  CHECK(first == "có người bán ma túy ở hẻm  12\nnhanh");
  const auto second = tipline::handlers::decode_message_body(store.load_tip(2)->messages.at(0).body).text;
  CHECK(tipline::utf8::length(second) == 5000);
  REQUIRE(platform.wait_for("/graph/", 2, 10s));
  bool told = false;
  for (const auto& send : platform.requests_to("/graph/"))
    told = told || sent_text(send).find("dài hơn 5000 ký tự") != std::string::npos;
  CHECK(told);
}
