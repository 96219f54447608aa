#include <catch2/catch.hpp>

#include "channel_fixtures.hpp"
#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/utf8.hpp"
#include "handlers/channels/inbound_messenger.hpp"

using namespace tipline;
using namespace tipline::channels;
using namespace channel_fixtures;

namespace {

const std::string page_id = "104857600012345";
const std::string psid_a = "7012345678901234";
const std::string psid_b = "7098765432109876";

std::vector<InboundEvent> parse_fixture(const std::string& file) { return parse_messenger_webhook(read_fixture(file)); }

std::string body_key(const std::string& body, std::size_t index) {
  return "body:" + encoding::to_hex(crypto::sha256(body)) + ":" + std::to_string(index);
}

// One page entry holding the given messaging[] elements.
std::string page_body(const std::string& elements) {
  return R"({"object":"page","entry":[{"id":"104857600012345","time":1767881700000,"messaging":[)" + elements + "]}]}";
}

std::string message_element(const std::string& message_json) {
  return R"({"sender":{"id":"7012345678901234"},"recipient":{"id":"104857600012345"},"timestamp":1767881707123,)"
         R"("message":)" +
         message_json + "}";
}

InboundEvent parse_one(const std::string& body) {
  auto events = parse_messenger_webhook(body);
  REQUIRE(events.size() == 1);
  return events.front();
}

}  // namespace

TEST_CASE("messenger text message", "[channels][messenger]") {
  auto events = parse_fixture("messenger_text.json");
  REQUIRE(events.size() == 1);
  const auto& event = events[0];
  CHECK(event.channel == Channel::messenger);
  CHECK(event.kind == EventKind::message);
  CHECK(event.event_type == "message");
  CHECK(event.sender_id == psid_a);
  CHECK(event.text == "Khu nhà trọ cuối đường Trần Phú có người mua bán ma túy đá, thường từ 21h đến 23h");
  CHECK(event.timestamp_ms == 1767881707123);
  CHECK(event.dedupe_key == "messenger:m_TESTmid0001xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
  CHECK(event.attachments.empty());
  CHECK_FALSE(event.anonymous_sender);
  CHECK(event.conversation_id.empty());
  CHECK_FALSE(event_mentions(event, page_id));
  CHECK(tipline::domain::stored_name(event.channel) == "messenger");
}

TEST_CASE("messenger batch: three messages in order, escapes decoded", "[channels][messenger]") {
  auto events = parse_fixture("messenger_batch.json");
  REQUIRE(events.size() == 3);
  for (const auto& event : events) {
    CHECK(event.kind == EventKind::message);
    CHECK(utf8::is_valid(event.text));
  }
  CHECK(events[0].sender_id == psid_a);
  CHECK(events[0].text == "Cho tôi hỏi gửi tin báo có bị lộ danh tính không?");
  CHECK(events[0].timestamp_ms == 1767881800481);
  CHECK(events[0].dedupe_key == "messenger:m_TESTmid0002xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
  CHECK(events[1].sender_id == psid_a);
  CHECK(events[1].text == "Nhóm này đi xe máy không biển số, hay đậu trước quán nước đầu hẻm");
  CHECK(events[1].dedupe_key == "messenger:m_TESTmid0003xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
  CHECK(events[2].sender_id == psid_b);
  CHECK(events[2].text == "Tối qua lại thấy họ giao hàng ở bãi xe chợ 🙏");
  CHECK(events[2].timestamp_ms == 1767881801777);
  CHECK(events[2].dedupe_key == "messenger:m_TESTmid0004xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
  // The surrogate pair \ud83d\ude4f is U+1F64F, four bytes of UTF-8, not two CESU halves.
  const std::string folded_hands = "\xF0\x9F\x99\x8F";
  REQUIRE(events[2].text.size() >= 4);
  CHECK(events[2].text.substr(events[2].text.size() - 4) == folded_hands);
  CHECK(events[2].text.find("\\u") == std::string::npos);
}

TEST_CASE("messenger image with an escaped signed URL", "[channels][messenger]") {
  auto events = parse_fixture("messenger_image.json");
  REQUIRE(events.size() == 1);
  const auto& event = events[0];
  CHECK(event.kind == EventKind::message);
  CHECK(event.text.empty());
  REQUIRE(event.attachments.size() == 1);
  CHECK(event.attachments[0].type == "image");
  CHECK(event.attachments[0].url ==
        "https://scontent.xx.fbcdn.net/v/t1.15752-9/"
        "test_0001_n.jpg?_nc_cat=1&ccb=1-7&_nc_sid=test&oh=03_TEST&oe=69000000");
}

TEST_CASE("messenger location keeps coordinates only", "[channels][messenger]") {
  auto events = parse_fixture("messenger_location.json");
  REQUIRE(events.size() == 1);
  const auto& event = events[0];
  CHECK(event.kind == EventKind::message);
  REQUIRE(event.attachments.size() == 1);
  const auto& location = event.attachments[0];
  CHECK(location.type == "location");
  CHECK(location.url.empty());
  CHECK(location.name.empty());
  REQUIRE(location.coordinates);
  CHECK(location.coordinates->latitude == Approx(10.7626221).epsilon(1e-12));
  CHECK(location.coordinates->longitude == Approx(106.6601725).epsilon(1e-12));
  for (std::string dropped :
       {"Location", "Nguy", "Nguyễn Văn Thử", "Th\xe1\xbb\xad", "facebook.com", "bing", "http", "10.76"}) {
    INFO(dropped);
    CHECK_FALSE(event_mentions(event, dropped));
  }
}

TEST_CASE("messenger echo is skipped", "[channels][messenger]") {
  auto events = parse_fixture("messenger_echo.json");
  REQUIRE(events.size() == 1);
  const auto& event = events[0];
  CHECK(event.kind == EventKind::skip);
  CHECK(event.event_type == "message_echo");
  CHECK(event.text.empty());
  CHECK(event.sender_id.empty());
  CHECK(event.dedupe_key == "messenger:m_TESTmid0007xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
  CHECK_FALSE(event_mentions(event, psid_a));
}

TEST_CASE("messenger postback and quick reply", "[channels][messenger]") {
  auto postbacks = parse_fixture("messenger_postback.json");
  REQUIRE(postbacks.size() == 1);
  CHECK(postbacks[0].kind == EventKind::postback);
  CHECK(postbacks[0].event_type == "postback");
  CHECK(postbacks[0].payload == "TIP_NEW_REPORT");
  CHECK(postbacks[0].text == "Báo tin mới");
  CHECK(postbacks[0].sender_id == psid_b);
  CHECK(postbacks[0].timestamp_ms == 1767882000444);
  CHECK(postbacks[0].dedupe_key == "messenger:m_TESTmid0008xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");

  auto quick = parse_fixture("messenger_quick_reply.json");
  REQUIRE(quick.size() == 1);
  CHECK(quick[0].kind == EventKind::postback);
  CHECK(quick[0].payload == "TIP_ADD_INFO");
  CHECK(quick[0].text == "Gửi thêm thông tin");
  CHECK(quick[0].sender_id == psid_a);
  CHECK(quick[0].attachments.empty());
  CHECK(quick[0].dedupe_key == "messenger:m_TESTmid0009xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");
}

TEST_CASE("messenger delivery and read are skipped", "[channels][messenger]") {
  std::string body = read_fixture("messenger_delivery_read.json");
  auto events = parse_messenger_webhook(body);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == EventKind::skip);
  CHECK(events[0].event_type == "delivery");
  CHECK(events[0].timestamp_ms == 1767881765000);  // no timestamp of its own: the entry's time
  CHECK(events[0].dedupe_key == body_key(body, 0));
  CHECK(events[1].kind == EventKind::skip);
  CHECK(events[1].event_type == "read");
  CHECK(events[1].timestamp_ms == 1767881764870);
  CHECK(events[1].dedupe_key == body_key(body, 1));
  for (const auto& event : events) CHECK(event.sender_id.empty());
}

TEST_CASE("messenger body shape", "[channels][messenger]") {
  SECTION("object must be page") {
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":"user","entry":[]})"), PayloadError);
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":"instagram","entry":[]})"), PayloadError);
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"entry":[]})"), PayloadError);
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":1,"entry":[]})"), PayloadError);
    CHECK(parse_messenger_webhook(R"({"object":"page","entry":[]})").empty());
  }
  SECTION("entries must be a list of objects") {
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":"page"})"), PayloadError);
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":"page","entry":{}})"), PayloadError);
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":"page","entry":[1]})"), PayloadError);
    CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":"page","entry":[{"messaging":{}}]})"), PayloadError);
    CHECK(parse_messenger_webhook(R"({"object":"page","entry":[{"id":"1"}]})").empty());
  }
  SECTION("not JSON, not an object, not UTF-8") {
    for (std::string body :
         std::vector<std::string>{"", "{", "[]", "null", "\"page\"", "{\"object\":\"page\",\"entry\":[}",
                                  R"([{"object":"page","entry":[]}])", std::string("{\"object\":\"page\xff\"}"),
                                  R"({"object":"page","entry":[{"messaging":[{"message":{"text":"\ud83d"}}]}]})"}) {
      INFO(body);
      CHECK_THROWS_AS(parse_messenger_webhook(body), PayloadError);
    }
  }
}

TEST_CASE("messenger elements", "[channels][messenger]") {
  SECTION("standby and messaging interleave with a running index") {
    std::string body = R"({"object":"page","entry":[)"
                       R"({"id":"1","time":5,"messaging":[{"sender":{"id":"7"},"message":{"text":"a"}}],)"
                       R"("standby":[{"sender":{"id":"7"},"message":{"mid":"m_s","text":"ignored"}}]},)"
                       R"({"id":"1","time":6,"messaging":[{"sender":{"id":"8"},"message":{"text":"b"}}]}]})";
    auto events = parse_messenger_webhook(body);
    REQUIRE(events.size() == 3);
    CHECK(events[0].text == "a");
    CHECK(events[0].dedupe_key == body_key(body, 0));
    CHECK(events[0].timestamp_ms == 5);
    CHECK(events[1].kind == EventKind::skip);
    CHECK(events[1].event_type == "standby");
    CHECK(events[1].text.empty());
    CHECK(events[1].sender_id.empty());
    CHECK(events[1].dedupe_key == body_key(body, 1));
    CHECK(events[2].text == "b");
    CHECK(events[2].sender_id == "8");
    CHECK(events[2].dedupe_key == body_key(body, 2));
    CHECK(events[2].timestamp_ms == 6);
  }
  SECTION("chat plugin users have a user_ref") {
    auto event = parse_one(page_body(R"({"sender":{"user_ref":"ref-123"},"message":{"mid":"m1","text":"x"}})"));
    CHECK(event.sender_id == "ref-123");
  }
  SECTION("reply_to and referral are never kept") {
    auto message =
        parse_one(page_body(message_element(R"({"mid":"m1","text":"x","reply_to":{"mid":"m_previous_SECRET"}})")));
    CHECK_FALSE(event_mentions(message, "SECRET"));
    auto postback = parse_one(page_body(
        R"({"sender":{"id":"7"},"postback":{"title":"T","payload":"P","referral":{"ref":"ad-SECRET","source":"ADS","ad_id":"99"}}})"));
    CHECK(postback.kind == EventKind::postback);
    CHECK(postback.payload == "P");
    CHECK_FALSE(event_mentions(postback, "SECRET"));
    CHECK_FALSE(event_mentions(postback, "ADS"));
  }
  SECTION("attachments by type") {
    auto event = parse_one(page_body(message_element(R"({"mid":"m1","attachments":[
      {"type":"video","payload":{"url":"https:\/\/v"}},
      {"type":"audio","payload":{"url":"https://a"}},
      {"type":"file","payload":{"url":"https://f"}},
      {"type":"sticker","payload":{"url":"https://s","sticker_id":369239263222822}},
      {"type":"fallback","title":"A page title SECRET","url":"https://shared","payload":null},
      {"type":"fallback","payload":{"url":"https://shared2","title":"SECRET"}},
      {"type":"reel","payload":{"url":"https://reel","reel_video_id":1}},
      {"type":"template","payload":{"template_type":"generic"}}]})")));
    REQUIRE(event.attachments.size() == 8);
    CHECK(event.attachments[0].type == "video");
    CHECK(event.attachments[0].url == "https://v");
    CHECK(event.attachments[1].url == "https://a");
    CHECK(event.attachments[2].url == "https://f");
    CHECK(event.attachments[3].type == "sticker");
    CHECK(event.attachments[3].url == "https://s");
    CHECK(event.attachments[4].type == "link");
    CHECK(event.attachments[4].url == "https://shared");
    CHECK(event.attachments[5].url == "https://shared2");
    CHECK(event.attachments[6].type == "reel");
    CHECK(event.attachments[6].url.empty());
    CHECK(event.attachments[7].type == "template");
    CHECK_FALSE(event_mentions(event, "SECRET"));
  }
  SECTION("location given as strings or off the globe") {
    auto event = parse_one(page_body(message_element(R"({"mid":"m1","attachments":[
      {"type":"location","payload":{"coordinates":{"lat":"21.0285","long":"105.8542"}}},
      {"type":"location","payload":{"coordinates":{"lat":200,"long":105}}},
      {"type":"location","payload":null}]})")));
    REQUIRE(event.attachments.size() == 3);
    REQUIRE(event.attachments[0].coordinates);
    CHECK(event.attachments[0].coordinates->latitude == Approx(21.0285));
    CHECK_FALSE(event.attachments[1].coordinates);
    CHECK_FALSE(event.attachments[2].coordinates);
  }
  SECTION("reactions and other events are unknown") {
    auto reaction = parse_one(
        page_body(R"({"sender":{"id":"7"},"timestamp":1,"reaction":{"mid":"m1","action":"react","emoji":"x"}})"));
    CHECK(reaction.kind == EventKind::unknown);
    CHECK(reaction.event_type == "reaction");
    auto optin = parse_one(page_body(R"({"sender":{"id":"7"},"timestamp":1,"optin":{"ref":"x"}})"));
    CHECK(optin.kind == EventKind::unknown);
    CHECK(optin.event_type == "optin");
    auto empty = parse_one(page_body(R"({"sender":{"id":"7"}})"));
    CHECK(empty.kind == EventKind::unknown);
    CHECK(empty.event_type == "unrecognised");
  }
  SECTION("an echo is skipped whatever else it carries") {
    auto event = parse_one(page_body(message_element(R"({"is_echo":true,"mid":"m1","quick_reply":{"payload":"P"}})")));
    CHECK(event.kind == EventKind::skip);
    CHECK(event.payload.empty());
  }
  SECTION("a message without a mid uses the body key") {
    std::string body = page_body(message_element(R"({"text":"x"})"));
    CHECK(parse_one(body).dedupe_key == body_key(body, 0));
  }
  SECTION("timestamps fall back to the entry's time, then 0") {
    CHECK(parse_one(page_body(R"({"sender":{"id":"7"},"timestamp":"1767881707123","message":{"text":"x"}})"))
              .timestamp_ms == 1767881707123);
    CHECK(parse_one(page_body(R"({"sender":{"id":"7"},"timestamp":1e300,"message":{"text":"x"}})")).timestamp_ms ==
          1767881700000);
    // Beyond a double's range the JSON parser itself refuses the body.
    CHECK_THROWS_AS(parse_messenger_webhook(page_body(R"({"sender":{"id":"7"},"timestamp":1e400})")), PayloadError);
    CHECK(parse_one(page_body(R"({"sender":{"id":"7"},"timestamp":-3,"message":{"text":"x"}})")).timestamp_ms ==
          1767881700000);
    CHECK(parse_one(R"({"object":"page","entry":[{"time":"x","messaging":[{"sender":{"id":"7"},"message":{}}]}]})")
              .timestamp_ms == 0);
  }
}

TEST_CASE("malformed messenger elements do not sink the batch", "[channels][messenger][hostile]") {
  const std::string good = message_element(R"({"mid":"m_good","text":"tin báo"})");
  for (std::string bad :
       {std::string("42"), std::string("\"x\""), std::string("[]"), message_element(R"({"mid":"m1","text":42})"),
        message_element(R"("text")"), message_element(R"({"mid":"m1","attachments":{}})"),
        message_element(R"({"mid":"m1","attachments":[7]})"),
        message_element(R"({"mid":"m1","attachments":[{"type":"image","payload":{"url":1}}]})"),
        message_element(R"({"mid":"m1","quick_reply":{"payload":5}})"),
        std::string(R"({"message":{"mid":"m1","text":"no sender"}})"),
        std::string(R"({"sender":{"id":[1]},"message":{"text":"x"}})"),
        std::string(R"({"sender":{"id":"7"},"postback":{"payload":{}}})")}) {
    INFO(bad);
    std::string body = page_body(good + "," + bad + "," + good);
    auto events = parse_messenger_webhook(body);
    REQUIRE(events.size() == 3);
    CHECK(events[0].kind == EventKind::message);
    CHECK(events[0].text == "tin báo");
    CHECK(events[1].kind == EventKind::unknown);
    CHECK(events[1].event_type == "malformed");
    CHECK(events[1].text.empty());
    CHECK(events[1].sender_id.empty());
    CHECK(events[1].dedupe_key == body_key(body, 1));
    CHECK(events[2].kind == EventKind::message);
  }
}

TEST_CASE("hostile messenger bodies never crash", "[channels][messenger][hostile]") {
  // A number that overflows to infinity is refused; one merely too long for an integer
  // is read as a double and the message beside it still counts.
  CHECK_THROWS_AS(parse_messenger_webhook(page_body(message_element(R"({"text":"x","n":1e400})"))), PayloadError);
  CHECK(parse_one(page_body(message_element(R"({"text":"x","n":123456789012345678901234567890})"))).text == "x");
  // Nesting past 64 levels, and a body that never closes, are refused without recursing
  // through them.
  CHECK_THROWS_AS(parse_messenger_webhook(page_body(std::string(100000, '[') + std::string(100000, ']'))),
                  PayloadError);
  CHECK_THROWS_AS(parse_messenger_webhook(std::string(100000, '{')), PayloadError);
  // A repeated key: the parser keeps the last value, which is not "page": refused.
  CHECK_THROWS_AS(parse_messenger_webhook(R"({"object":"page","object":"user","entry":[]})"), PayloadError);
  auto big_id = parse_one(page_body(R"({"sender":{"id":18446744073709551615},"message":{"text":"x"}})"));
  CHECK(big_id.sender_id == "18446744073709551615");

  // A batch of a thousand events, each with its own key.
  std::string elements;
  for (int i = 0; i < 1000; ++i) {
    if (i) elements += ",";
    elements += message_element(R"({"mid":"m_)" + std::to_string(i) + R"(","text":"t"})");
  }
  auto events = parse_messenger_webhook(page_body(elements));
  REQUIRE(events.size() == 1000);
  CHECK(events[999].dedupe_key == "messenger:m_999");
}
