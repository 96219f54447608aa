// The webhooks' acceptance rules in process (handlers/chat/webhooks.cpp), over a fake
// delivery store: what is refused and how, what is acknowledged without being kept,
// and that a kept delivery is answered 200 only once its commit has called back.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "common/metrics.hpp"
#include "handlers/channels/event_record.hpp"
#include "handlers/channels/inbound_messenger.hpp"
#include "handlers/channels/inbound_zalo.hpp"
#include "handlers/chat/webhooks.hpp"
#include "shared/signed_webhooks.hpp"
#include "storage/errors.hpp"
#include "storage/fakes/fake_delivery_store.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;
namespace handlers = tipline::handlers;
namespace channels = tipline::channels;

namespace {

// Just after the latest fixture (zalo_unfollow.json), so every one is within Zalo's freshness window.
constexpr std::int64_t received_at = 1767968600;

tipline::config::ChannelsConfig both_channels() {
  tipline::config::ChannelsConfig c;
  c.zalo.emplace();
  c.zalo->app_id = zalo_app_id;
  c.zalo->oa_secret = zalo_oa_secret;
  c.messenger.emplace();
  c.messenger->app_secret = messenger_app_secret;
  c.messenger->verify_token = messenger_verify_token;
  return c;
}

// The webhooks over a fake store, each answer caught as it is given, and the log kept.
struct WebhooksInProcess {
  explicit WebhooksInProcess(tipline::config::ChannelsConfig configured = both_channels())
      : channels_config(std::move(configured)) {
    webhooks.on_delivery_kept([this] { ++kept_signals; });
    previous_sink = tipline::log::set_sink([this](std::string_view line) { log_lines.emplace_back(line); });
  }
  ~WebhooksInProcess() { tipline::log::set_sink(previous_sink); }

  static handlers::Request post(const std::string& body, const std::string& header = "",
                                const std::string& signature = "") {
    handlers::Request r;
    r.method = "POST";
    r.body = body;
    if (!header.empty()) r.headers.emplace_back(header, signature);
    r.received_at = std::chrono::system_clock::time_point(std::chrono::seconds(received_at));
    return r;
  }
  static handlers::Request signed_zalo(const std::string& body) {
    return post(body, "x-zevent-signature", zalo_signature(body));
  }
  static handlers::Request signed_messenger(const std::string& body) {
    return post(body, "x-hub-signature-256", messenger_signature(body));
  }

  // Every answer the handler has given so far (one is right; none means it waits).
  std::vector<handlers::Response> zalo(const handlers::Request& r) { return answers_to(&handlers::Webhooks::zalo, r); }
  std::vector<handlers::Response> messenger(const handlers::Request& r) {
    return answers_to(&handlers::Webhooks::messenger, r);
  }
  handlers::Response subscribe(const std::string& query) {
    handlers::Request r;
    r.method = "GET";
    r.query = query;
    return webhooks.messenger_subscribe(r);
  }
  std::vector<handlers::Response> answers_to(void (handlers::Webhooks::*handler)(const handlers::Request&,
                                                                               const handlers::Respond&),
                                             const handlers::Request& r) {
    answers = std::make_shared<std::vector<handlers::Response>>();
    (webhooks.*handler)(r, [kept = answers](handlers::Response response) { kept->push_back(std::move(response)); });
    return *answers;
  }
  std::string all_log() const {
    std::string all;
    for (const auto& line : log_lines) all += line + "\n";
    return all;
  }

  tipline::config::ChannelsConfig channels_config;
  tipline::Metrics metrics;
  tipline::storage::fakes::FakeDeliveryStore store;
  handlers::Webhooks webhooks{channels_config, store, metrics};
  std::shared_ptr<std::vector<handlers::Response>> answers;
  int kept_signals = 0;
  std::vector<std::string> log_lines;
  tipline::log::Sink previous_sink;
};

// "200 ok\n": status and body in one string, so a failure shows both.
std::string answer(const std::vector<handlers::Response>& answers) {
  if (answers.size() != 1) return std::to_string(answers.size()) + " answers";
  return std::to_string(answers[0].status) + " " + answers[0].body;
}

std::string changed(std::string body) {
  body[body.size() / 2] ^= 1;
  return body;
}

}  // namespace

TEST_CASE("webhooks: a missing or wrong signature is refused with 401 and nothing is kept", "[webhooks]") {
  WebhooksInProcess in;
  const auto zalo = channel_fixture("zalo_user_send_text.json");
  const auto messenger = channel_fixture("messenger_text.json");
  using W = WebhooksInProcess;
  CHECK(answer(in.zalo(W::post(zalo))) == "401 invalid signature\n");
  CHECK(answer(in.zalo(W::post(changed(zalo), "x-zevent-signature", zalo_signature(zalo)))) == "401 invalid signature\n");
  CHECK(answer(in.zalo(W::post(zalo + "\n", "x-zevent-signature", zalo_signature(zalo)))) == "401 invalid signature\n");
  CHECK(answer(in.zalo(W::post(zalo, "x-zevent-signature", "mac=" + std::string(64, '0')))) ==
        "401 invalid signature\n");
  CHECK(answer(in.messenger(W::post(messenger))) == "401 invalid signature\n");
  CHECK(answer(in.messenger(W::post(changed(messenger), "x-hub-signature-256", messenger_signature(messenger)))) ==
        "401 invalid signature\n");
  // The legacy SHA-1 header alone is not enough.
  CHECK(answer(in.messenger(W::post(messenger, "x-hub-signature", "sha1=f382ab02d5fff8f346f776bca5595652999b8e3f"))) ==
        "401 invalid signature\n");
  // Each platform's signature is its own.
  CHECK(answer(in.zalo(W::post(zalo, "x-hub-signature-256", messenger_signature(zalo)))) == "401 invalid signature\n");
  CHECK(in.store.kept().empty());
  CHECK(in.kept_signals == 0);

  // Refusals are counted and logged with the event's name and a hash, never the
  // body's text or the sender's id.
  const auto metrics = in.metrics.render();
  CHECK_THAT(metrics, Catch::Contains("reason=\"zalo_signature\"} 5"));
  CHECK_THAT(metrics, Catch::Contains("reason=\"messenger_signature\"} 3"));
  const auto log = in.all_log();
  CHECK_THAT(log, Catch::Contains("webhook.rejected") && Catch::Contains("event_type=user_send_text") &&
                      Catch::Contains("body_sha256="));
  CHECK_THAT(log, !Catch::Contains("Có người") && !Catch::Contains("6110012345678900042") &&
                      !Catch::Contains("7012345678901234") && !Catch::Contains("hẻm 12") &&
                      !Catch::Contains("Khu nh"));
}

TEST_CASE("webhooks: an unsigned body's event name reaches the log only as a safe word", "[webhooks]") {
  WebhooksInProcess in;
  using W = WebhooksInProcess;
  in.zalo(W::post(R"({"event_name":"user_send_text\" forged=\"1"})"));
  in.zalo(W::post(R"({"event_name":"Ng\u01b0\u1eddi"})"));
  in.zalo(W::post(R"({"no_event":1})"));
  CHECK(in.log_lines.size() == 3);
  CHECK_THAT(in.all_log(), !Catch::Contains("forged") && !Catch::Contains("Ng"));
  CHECK_THAT(in.all_log(), Catch::Contains("event_type=unknown"));
}

TEST_CASE("webhooks: a signed body that does not parse is refused with 400 and nothing is kept", "[webhooks]") {
  WebhooksInProcess in;
  using W = WebhooksInProcess;
  const std::string garbage = R"({"object":"page","entry":[{)";
  CHECK(answer(in.messenger(W::signed_messenger(garbage))) == "400 malformed event\n");
  const std::string bad_utf8 = "{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"message\":{\"text\":\"\xC3\x28\"}}]}]}";
  CHECK(answer(in.messenger(W::signed_messenger(bad_utf8))) == "400 malformed event\n");
  const std::string not_zalo = R"({"app_id":"4230012345678901234","timestamp":"1767881707123","event_name":7})";
  CHECK(answer(in.zalo(W::signed_zalo(not_zalo))) == "400 malformed event\n");
  CHECK(in.store.kept().empty());
  CHECK_THAT(in.metrics.render(), Catch::Contains("reason=\"messenger_payload\"} 2") &&
                                      Catch::Contains("reason=\"zalo_payload\"} 1"));
  CHECK_THAT(in.all_log(), Catch::Contains("webhook.malformed") && !Catch::Contains("\xC3\x28"));
}

TEST_CASE("webhooks: Zalo's unsigned \"{}\" when the URL is saved is answered 200 and kept nowhere", "[webhooks]") {
  WebhooksInProcess in;
  using W = WebhooksInProcess;
  CHECK(answer(in.zalo(W::post("{}"))) == "200 ok\n");
  // Signed wrongly, the same body is a forgery like any other.
  CHECK(answer(in.zalo(W::post("{}", "x-zevent-signature", "mac=00"))) == "401 invalid signature\n");
  CHECK(in.store.kept().empty());
  CHECK(in.kept_signals == 0);
}

TEST_CASE("webhooks: every fixture is acknowledged, and only events worth filing are kept", "[webhooks]") {
  struct Expected {
    const char* file;
    bool zalo;
    std::size_t kept_events;  // 0: acknowledged and kept nowhere
  };
  const auto expected = GENERATE(values<Expected>({
      {"zalo_follow.json", true, 0},
      {"zalo_unfollow.json", true, 0},
      {"zalo_oa_send_text.json", true, 0},            // echo of our reply
      {"zalo_user_received_message.json", true, 0},   // receipt
      {"zalo_user_seen_message.json", true, 0},       // receipt
      {"zalo_user_send_sticker.json", true, 0},       // a sticker alone says nothing
      {"zalo_user_submit_info.json", true, 0},        // a profile form: dropped whole
      {"zalo_user_send_text.json", true, 1},
      {"zalo_user_send_image.json", true, 1},
      {"zalo_user_send_location.json", true, 1},
      {"zalo_user_send_file.json", true, 1},
      {"zalo_anonymous_send_text.json", true, 1},
      {"messenger_echo.json", false, 0},
      {"messenger_delivery_read.json", false, 0},
      {"messenger_text.json", false, 1},
      {"messenger_batch.json", false, 3},
      {"messenger_image.json", false, 1},
      {"messenger_location.json", false, 1},
      {"messenger_quick_reply.json", false, 1},       // a button tap: answered with a prompt
      {"messenger_postback.json", false, 1},          // TIP_NEW_REPORT
  }));
  INFO(expected.file);
  WebhooksInProcess in;
  const auto body = channel_fixture(expected.file);
  REQUIRE_FALSE(body.empty());
  const auto answers = expected.zalo ? in.zalo(WebhooksInProcess::signed_zalo(body))
                                     : in.messenger(WebhooksInProcess::signed_messenger(body));
  CHECK(answer(answers) == "200 ok\n");
  if (expected.kept_events == 0) {
    CHECK(in.store.kept().empty());
    CHECK(in.kept_signals == 0);
    CHECK_THAT(in.all_log(), Catch::Contains("webhook.ignored"));
    return;
  }
  REQUIRE(in.store.kept().size() == 1);
  CHECK(in.kept_signals == 1);
  const auto& kept = in.store.kept()[0];
  CHECK(kept.channel == (expected.zalo ? domain::Channel::zalo : domain::Channel::messenger));
  CHECK(kept.received_at == received_at);
  // What is kept is the parsed events, never the raw body.
  CHECK(kept.body != body);
  const auto events = channels::decode_events(kept.body);
  CHECK(events.size() == expected.kept_events);
  const auto parsed = expected.zalo ? channels::parse_zalo_webhook(body, zalo_app_id)
                                    : channels::parse_messenger_webhook(body);
  for (const auto& event : events) {
    bool found = false;
    for (const auto& p : parsed) found = found || (p.dedupe_key == event.dedupe_key && p.text == event.text);
    CHECK(found);
  }
}

TEST_CASE("webhooks: a delivery is answered 200 only after its commit, and 500 when the commit fails",
          "[webhooks]") {
  WebhooksInProcess in;
  const auto request = WebhooksInProcess::signed_messenger(channel_fixture("messenger_text.json"));

  SECTION("committed") {
    in.store.hold_commits();
    CHECK(in.messenger(request).empty());  // no answer while the commit is pending
    CHECK(in.store.held() == 1);
    CHECK(in.kept_signals == 0);
    in.store.commit_held();
    CHECK(answer(*in.answers) == "200 ok\n");
    CHECK(in.store.kept().size() == 1);
    CHECK(in.kept_signals == 1);
  }

  SECTION("failed: the platform must deliver again") {
    in.store.fail_keeps(std::make_exception_ptr(tipline::storage::StoreError("disk full")));
    CHECK(answer(in.messenger(request)) == "500 not stored, retry\n");
    CHECK(in.store.kept().empty());
    CHECK(in.kept_signals == 0);
  }

  SECTION("failed after a wait") {
    in.store.hold_commits();
    in.store.fail_keeps(std::make_exception_ptr(tipline::storage::StoreError("disk full")));
    CHECK(in.messenger(request).empty());
    in.store.commit_held();
    CHECK(answer(*in.answers) == "500 not stored, retry\n");
    CHECK(in.kept_signals == 0);
  }
}

TEST_CASE("webhooks: Messenger's subscription handshake echoes the challenge only for our token", "[webhooks]") {
  WebhooksInProcess in;
  auto ok = in.subscribe("hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1158201444");
  CHECK(ok.status == 200);
  CHECK(ok.body == "1158201444");
  CHECK_THAT(ok.content_type, Catch::StartsWith("text/plain"));
  for (const char* refused : {"hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
                              "hub.mode=unsubscribe&hub.verify_token=test-verify-token&hub.challenge=1",
                              "hub.mode=subscribe&hub.challenge=1",
                              "hub.mode=subscribe&hub.verify_token=test-verify-token",
                              "hub.verify_token=test-verify-token&hub.challenge=1"}) {
    INFO(refused);
    auto r = in.subscribe(refused);
    CHECK(r.status == 403);
    CHECK(r.body == "forbidden\n");
  }
  CHECK(in.subscribe("hub.mode=%zz").status == 400);
  CHECK_THAT(in.metrics.render(), Catch::Contains("reason=\"messenger_verify_token\"} 5"));
  CHECK_THAT(in.all_log(), !Catch::Contains("test-verify-token"));
}

TEST_CASE("webhooks: a channel left out of the config has no webhook", "[webhooks]") {
  WebhooksInProcess in(tipline::config::ChannelsConfig{});
  CHECK(answer(in.zalo(WebhooksInProcess::signed_zalo(channel_fixture("zalo_user_send_text.json")))) ==
        "404 not found\n");
  CHECK(answer(in.zalo(WebhooksInProcess::post("{}"))) == "404 not found\n");
  CHECK(answer(in.messenger(WebhooksInProcess::signed_messenger(channel_fixture("messenger_text.json")))) ==
        "404 not found\n");
  CHECK(in.subscribe("hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=1").status == 404);
  CHECK(in.store.kept().empty());
}

TEST_CASE("webhooks: a signed Zalo body dated outside the freshness window is a replay, refused and not kept",
          "[webhooks][hostile]") {
  WebhooksInProcess in;
  in.channels_config.zalo->freshness = std::chrono::hours(48);
  // zalo_user_send_text.json is dated 1767881707 (a day before received_at): fresh.
  const auto body = channel_fixture("zalo_user_send_text.json");
  CHECK(answer(in.zalo(WebhooksInProcess::signed_zalo(body))) == "200 ok\n");
  // The same signed body a month later.
  auto replayed = WebhooksInProcess::signed_zalo(body);
  replayed.received_at += std::chrono::hours(24 * 30);
  CHECK(answer(in.zalo(replayed)) == "400 event outside the freshness window\n");
  // And one dated an hour ahead of the clock.
  auto early = WebhooksInProcess::signed_zalo(body);
  early.received_at -= std::chrono::hours(25);
  CHECK(answer(in.zalo(early)) == "400 event outside the freshness window\n");
  CHECK(in.kept_signals == 1);
  CHECK_THAT(in.metrics.render(), Catch::Contains("reason=\"zalo_stale\"} 2"));
}
