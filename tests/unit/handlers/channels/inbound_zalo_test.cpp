#include <catch2/catch.hpp>

#include "channel_fixtures.hpp"
#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "handlers/channels/inbound_zalo.hpp"

using namespace tipline;
using namespace tipline::channels;
using namespace channel_fixtures;

namespace {

const std::string user_id = "6110012345678900042";
const std::string oa_id = "5790012345678900001";
const std::string user_id_by_app = "7220012345678900099";

InboundEvent parse_one(const std::string& body) {
  auto events = parse_zalo_webhook(body, zalo_app_id);
  REQUIRE(events.size() == 1);
  return events.front();
}

InboundEvent parse_fixture(const std::string& file) { return parse_one(read_fixture(file)); }

std::string body_key(const std::string& body) { return "body:" + encoding::to_hex(crypto::sha256(body)) + ":0"; }

// Either a PayloadError or a parsed event, never another exception or a crash.
void refused_or_parsed(const std::string& body) {
  INFO(body.substr(0, 200));
  try {
    auto events = parse_zalo_webhook(body, zalo_app_id);
    CHECK(events.size() == 1);
  } catch (const PayloadError&) {
    SUCCEED();
  }
}

std::string zalo_body(const std::string& event_name, const std::string& message_json) {
  return R"({"app_id":"4230012345678901234","event_name":")" + event_name +
         R"(","sender":{"id":"6110012345678900042"},"recipient":{"id":"5790012345678900001"},"message":)" +
         message_json + R"(,"timestamp":"1767881707123"})";
}

}  // namespace

TEST_CASE("zalo user_send_text becomes a message", "[channels][zalo]") {
  auto event = parse_fixture("zalo_user_send_text.json");
  CHECK(event.channel == Channel::zalo);
  CHECK(event.kind == EventKind::message);
  CHECK(event.event_type == "user_send_text");
  CHECK(event.sender_id == user_id);
  CHECK(event.text == "Có người bán ma túy ở hẻm 12 tổ dân phố 5, tối nào cũng có");
  CHECK(event.timestamp_ms == 1767881707123);
  CHECK(event.dedupe_key == "zalo:4230012345678901234:user_send_text:8f1e2d3c4b5a69788796");
  CHECK(event.attachments.empty());
  CHECK_FALSE(event.anonymous_sender);
  CHECK(event.conversation_id.empty());
  CHECK(event.payload.empty());
  CHECK(tipline::domain::stored_name(event.channel) == "zalo");
}

TEST_CASE("zalo image with caption", "[channels][zalo]") {
  auto event = parse_fixture("zalo_user_send_image.json");
  CHECK(event.kind == EventKind::message);
  CHECK(event.sender_id == user_id);
  CHECK(event.text == "Ảnh chiếc xe máy hay đến giao hàng lúc 22 giờ");
  CHECK(event.timestamp_ms == 1767881800481);
  CHECK(event.dedupe_key == "zalo:4230012345678901234:user_send_image:8f1e2d3c4b5a69788797");
  REQUIRE(event.attachments.size() == 1);
  const auto& image = event.attachments[0];
  CHECK(image.type == "image");
  CHECK(image.url == "https://f20.photo.talk.zdn.vn/test0001a2b3c4d5e6f7.jpg");
  CHECK(image.name.empty());
  CHECK_FALSE(image.coordinates);
  CHECK_FALSE(event_mentions(event, "https://t.f20"));  // the thumbnail is not kept
}

TEST_CASE("zalo location with string coordinates", "[channels][zalo]") {
  auto event = parse_fixture("zalo_user_send_location.json");
  CHECK(event.kind == EventKind::message);
  CHECK(event.text.empty());
  REQUIRE(event.attachments.size() == 1);
  const auto& location = event.attachments[0];
  CHECK(location.type == "location");
  CHECK(location.url.empty());
  REQUIRE(location.coordinates);
  CHECK(location.coordinates->latitude == Approx(10.7626221).epsilon(1e-12));
  CHECK(location.coordinates->longitude == Approx(106.6601725).epsilon(1e-12));
}

TEST_CASE("zalo file with string size", "[channels][zalo]") {
  auto event = parse_fixture("zalo_user_send_file.json");
  CHECK(event.kind == EventKind::message);
  REQUIRE(event.attachments.size() == 1);
  const auto& file = event.attachments[0];
  CHECK(file.type == "file");
  CHECK(file.url == "https://f7-group-zf.zdn.vn/test0001/9f8e7d6c5b4a3928");
  CHECK(file.name == "ghi-chu-gio-giao-hang.docx");
  CHECK(file.size == 48213);
  CHECK(event.dedupe_key == "zalo:4230012345678901234:user_send_file:8f1e2d3c4b5a69788799");
}

TEST_CASE("zalo sticker", "[channels][zalo]") {
  auto event = parse_fixture("zalo_user_send_sticker.json");
  CHECK(event.kind == EventKind::message);
  REQUIRE(event.attachments.size() == 1);
  CHECK(event.attachments[0].type == "sticker");
  CHECK(event.attachments[0].url == "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=12345&size=130");
}

TEST_CASE("zalo follow and unfollow", "[channels][zalo]") {
  auto follow = parse_fixture("zalo_follow.json");
  CHECK(follow.kind == EventKind::follow);
  CHECK(follow.event_type == "follow");
  CHECK(follow.sender_id == user_id);
  CHECK(follow.timestamp_ms == 1767881111804);
  CHECK(follow.dedupe_key == body_key(read_fixture("zalo_follow.json")));

  auto unfollow = parse_fixture("zalo_unfollow.json");
  CHECK(unfollow.kind == EventKind::unfollow);
  CHECK(unfollow.sender_id == user_id);
  CHECK(unfollow.timestamp_ms == 1767968511804);
  CHECK(unfollow.dedupe_key != follow.dedupe_key);
}

TEST_CASE("zalo anonymous sender", "[channels][zalo]") {
  auto event = parse_fixture("zalo_anonymous_send_text.json");
  CHECK(event.kind == EventKind::message);
  CHECK(event.event_type == "anonymous_send_text");
  CHECK(event.anonymous_sender);
  CHECK(event.sender_id == "a1f3c9e07b2d4e6f8a10");
  CHECK(event.conversation_id == "9b8e7d6c5b4a39281706");
  CHECK(event.text == "Tôi không muốn để lại tên. Ở chung cư lô B có người chích ma túy ở cầu thang bộ");
  CHECK(event.dedupe_key == "zalo:4230012345678901234:anonymous_send_text:76eef2edcba822f67b01");
  CHECK_FALSE(event_mentions(event, user_id_by_app));
}

TEST_CASE("zalo echoes and receipts are skipped and keep no ids", "[channels][zalo]") {
  for (std::string file :
       {"zalo_oa_send_text.json", "zalo_user_received_message.json", "zalo_user_seen_message.json"}) {
    INFO(file);
    auto event = parse_fixture(file);
    CHECK(event.kind == EventKind::skip);
    CHECK(event.sender_id.empty());
    CHECK(event.text.empty());
    CHECK(event.attachments.empty());
    CHECK_FALSE(event_mentions(event, user_id));
  }
  auto echo = parse_fixture("zalo_oa_send_text.json");
  CHECK(echo.event_type == "oa_send_text");
  CHECK(echo.dedupe_key == "zalo:4230012345678901234:oa_send_text:e4d3c2b1a09f8e7d6c5b");
  CHECK(parse_fixture("zalo_user_received_message.json").dedupe_key ==
        "zalo:4230012345678901234:user_received_message:e4d3c2b1a09f8e7d6c5b");
  CHECK(parse_fixture("zalo_user_seen_message.json").event_type == "user_seen_message");
}

TEST_CASE("zalo user_submit_info is dropped whole", "[channels][zalo]") {
  std::string body = read_fixture("zalo_user_submit_info.json");
  auto event = parse_one(body);
  CHECK(event.kind == EventKind::drop);
  CHECK(event.event_type == "user_submit_info");
  CHECK(event.text.empty());
  CHECK(event.attachments.empty());
  CHECK(event.sender_id.empty());
  CHECK(event.payload.empty());
  CHECK(event.dedupe_key == body_key(body));
  for (const std::string& personal : std::vector<std::string>{"Nguyễn", "84900000001", "Thử Nghiệm", "Hà Nội", user_id})
    CHECK_FALSE(event_mentions(event, personal));
}

TEST_CASE("no zalo event keeps user_id_by_app or the OA id", "[channels][zalo]") {
  for (std::string file :
       {"zalo_user_send_text.json", "zalo_user_send_image.json", "zalo_user_send_location.json",
        "zalo_user_send_file.json", "zalo_user_send_sticker.json", "zalo_follow.json", "zalo_unfollow.json",
        "zalo_anonymous_send_text.json", "zalo_oa_send_text.json", "zalo_user_received_message.json",
        "zalo_user_seen_message.json", "zalo_user_submit_info.json"}) {
    INFO(file);
    auto event = parse_fixture(file);
    CHECK_FALSE(event_mentions(event, user_id_by_app));
    CHECK_FALSE(event_mentions(event, oa_id));
  }
}

TEST_CASE("zalo body for another app is refused", "[channels][zalo]") {
  for (std::string file : {"zalo_user_send_text.json", "zalo_follow.json", "zalo_user_submit_info.json"}) {
    INFO(file);
    std::string body = read_fixture(file);
    CHECK_THROWS_AS(parse_zalo_webhook(body, "4230012345678901235"), PayloadError);
    CHECK_THROWS_AS(parse_zalo_webhook(body, ""), PayloadError);
  }
  CHECK_THROWS_AS(parse_zalo_webhook(R"({"event_name":"user_send_text","timestamp":"1"})", zalo_app_id), PayloadError);
  CHECK_THROWS_AS(parse_zalo_webhook(R"({"app_id":4230012345678901234,"event_name":"follow"})", zalo_app_id),
                  PayloadError);
}

TEST_CASE("zalo event names", "[channels][zalo]") {
  auto kind_of = [](const std::string& name) {
    return parse_one(zalo_body(name, R"({"msg_id":"abc","text":"x"})")).kind;
  };
  CHECK(kind_of("user_send_link") == EventKind::message);
  CHECK(kind_of("user_send_gif") == EventKind::message);
  CHECK(kind_of("anonymous_send_image") == EventKind::message);
  CHECK(kind_of("oa_send_image") == EventKind::skip);
  CHECK(kind_of("oa_send_anonymous_text") == EventKind::skip);
  CHECK(kind_of("user_reacted_message") == EventKind::skip);
  CHECK(kind_of("user_click_chatnow") == EventKind::skip);
  CHECK(kind_of("user_withdraw") == EventKind::withdraw);
  CHECK(kind_of("add_user_to_tag") == EventKind::unknown);

  auto odd = parse_one(zalo_body(R"(user send\ntext)", R"({"msg_id":"abc","text":"x"})"));
  CHECK(odd.kind == EventKind::unknown);
  CHECK(odd.event_type == "unrecognised");
  CHECK(odd.text.empty());
}

TEST_CASE("zalo attachments by type", "[channels][zalo]") {
  SECTION("gif, link, audio, video keep their url only") {
    auto event = parse_one(zalo_body("user_send_link", R"({"msg_id":"m1","attachments":[
      {"type":"gif","payload":{"thumbnail":"https://t/g","url":"https://x/g.gif"}},
      {"type":"link","payload":{"thumbnail":"https://t/l","description":"desc","url":"https://x/l"}},
      {"type":"audio","payload":{"url":"https://x/a.amr"}},
      {"type":"video","payload":{"url":"https://x/v.mp4","thumbnail":"https://t/v","description":"d"}}]})"));
    REQUIRE(event.attachments.size() == 4);
    CHECK(event.attachments[0].type == "gif");
    CHECK(event.attachments[0].url == "https://x/g.gif");
    CHECK(event.attachments[1].url == "https://x/l");
    CHECK(event.attachments[2].url == "https://x/a.amr");
    CHECK(event.attachments[3].type == "video");
    CHECK(event.attachments[3].url == "https://x/v.mp4");
    CHECK_FALSE(event_mentions(event, "https://t/"));
    CHECK_FALSE(event_mentions(event, "desc"));
  }
  SECTION("numeric file size and coordinates") {
    auto event = parse_one(zalo_body("user_send_file", R"({"attachments":[
      {"type":"file","payload":{"size":1024,"name":"a.pdf","url":"https://x/f"}},
      {"type":"location","payload":{"coordinates":{"latitude":21.0285,"longitude":105.8542}}}]})"));
    REQUIRE(event.attachments.size() == 2);
    CHECK(event.attachments[0].size == 1024);
    REQUIRE(event.attachments[1].coordinates);
    CHECK(event.attachments[1].coordinates->latitude == Approx(21.0285));
    CHECK(event.attachments[1].coordinates->longitude == Approx(105.8542));
  }
  SECTION("unparseable sizes and coordinates are left out, not guessed") {
    auto event = parse_one(zalo_body("user_send_file", R"({"attachments":[
      {"type":"file","payload":{"size":"lots","url":"https://x/f"}},
      {"type":"file","payload":{"size":"-5"}},
      {"type":"file","payload":{"size":99999999999999999999999999}},
      {"type":"location","payload":{"coordinates":{"latitude":"north","longitude":"106.1"}}},
      {"type":"location","payload":{"coordinates":{"latitude":"91","longitude":"106.1"}}},
      {"type":"location","payload":{"coordinates":{"latitude":"10.1"}}},
      {"type":"location","payload":{}},
      {"type":"location"}]})"));
    REQUIRE(event.attachments.size() == 8);
    CHECK(event.attachments[0].size == 0);
    CHECK(event.attachments[1].size == 0);
    CHECK(event.attachments[2].size == 0);
    for (std::size_t i = 3; i < 8; ++i) CHECK_FALSE(event.attachments[i].coordinates);
  }
  SECTION("unknown attachment types keep their name only") {
    auto event = parse_one(zalo_body("user_send_text", R"({"attachments":[
      {"type":"template","payload":{"url":"https://x/secret","title":"t"}},
      {"type":"weird type!","payload":{"url":"https://x/w"}},
      {"payload":{"url":"https://x/none"}}]})"));
    REQUIRE(event.attachments.size() == 3);
    CHECK(event.attachments[0].type == "template");
    CHECK(event.attachments[1].type == "unknown");
    CHECK(event.attachments[2].type == "unknown");
    CHECK_FALSE(event_mentions(event, "https://x/"));
  }
}

TEST_CASE("zalo business cards keep only the fact that one was sent", "[channels][zalo]") {
  std::string card = R"({"msg_id":"bc1","text":"Trần Văn Người Khác","attachments":[{"type":"link","payload":{
    "thumbnail":"https://avatar/x.jpg","description":"{\"phone\":\"0900000002\",\"qrCodeUrl\":\"https://qr/x\"}",
    "url":"https://zalo.me/card"}}]})";
  auto event = parse_one(zalo_body("user_send_business_card", card));
  CHECK(event.kind == EventKind::message);
  CHECK(event.text.empty());
  REQUIRE(event.attachments.size() == 1);
  CHECK(event.attachments[0].type == "business_card");
  CHECK(event.attachments[0].url.empty());
  for (std::string kept : {"0900000002", "https://", "Trần", "qr"}) CHECK_FALSE(event_mentions(event, kept));

  auto typed = parse_one(zalo_body("user_send_text", R"({"text":"Người Khác","attachments":[
    {"type":"business_card","payload":{"description":"{\"phone\":\"0900000003\"}","url":"https://x"}}]})"));
  REQUIRE(typed.attachments.size() == 1);
  CHECK(typed.attachments[0].type == "business_card");
  CHECK_FALSE(event_mentions(typed, "0900000003"));
  CHECK_FALSE(event_mentions(typed, "Người Khác"));
}

TEST_CASE("zalo dedupe key falls back to the body hash", "[channels][zalo]") {
  std::string body = zalo_body("user_send_text", R"({"text":"không có msg_id"})");
  CHECK(parse_one(body).dedupe_key == body_key(body));
  std::string spaced = zalo_body("user_send_text", R"({"text":"x","msg_id":"has space"})");
  CHECK(parse_one(spaced).dedupe_key == body_key(spaced));
  std::string long_id = zalo_body("user_send_text", R"({"text":"x","msg_id":")" + std::string(300, 'a') + "\"}");
  CHECK(parse_one(long_id).dedupe_key == body_key(long_id));
}

TEST_CASE("zalo timestamps: string, number, or nothing usable", "[channels][zalo]") {
  auto with_timestamp = [](const std::string& value) {
    return parse_one(R"({"app_id":"4230012345678901234","event_name":"follow","follower":{"id":"1"},"timestamp":)" +
                     value + "}")
        .timestamp_ms;
  };
  CHECK(with_timestamp(R"("1767881707123")") == 1767881707123);
  CHECK(with_timestamp("1767881707123") == 1767881707123);
  CHECK(with_timestamp("1767881707123.0") == 1767881707123);
  CHECK(with_timestamp(R"("99999999999999999999999")") == 0);
  CHECK(with_timestamp("99999999999999999999999") == 0);
  CHECK(with_timestamp("-5") == 0);
  CHECK(with_timestamp(R"("soon")") == 0);
  CHECK(with_timestamp("null") == 0);
  CHECK(with_timestamp("[1]") == 0);
  CHECK(with_timestamp("1.5") == 0);
}

TEST_CASE("hostile zalo bodies are refused or handled, never a crash", "[channels][zalo][hostile]") {
  SECTION("not JSON, not an object, not UTF-8") {
    for (std::string body :
         {"", "{", "}", "[]", "null", "42", "\"text\"", "{\"app_id\":", "{\"app_id\":\"4230012345678901234\",}",
          "{'app_id':'x'}", R"([{"app_id":"4230012345678901234","event_name":"user_send_text"}])"}) {
      INFO(body);
      CHECK_THROWS_AS(parse_zalo_webhook(body, zalo_app_id), PayloadError);
    }
    std::string valid = read_fixture("zalo_user_send_text.json");
    for (std::string bad :
         {std::string("\xff"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"), std::string("\xe1\xbb")}) {
      std::string body = valid;
      body.insert(body.find("Có") + 3, bad);
      CHECK_THROWS_AS(parse_zalo_webhook(body, zalo_app_id), PayloadError);
    }
    std::string with_nul = valid;
    with_nul.insert(10, 1, '\0');
    CHECK_THROWS_AS(parse_zalo_webhook(with_nul, zalo_app_id), PayloadError);
  }
  SECTION("wrong types are refused") {
    for (std::string message :
         {R"({"text":42})", R"({"text":["a"]})", R"("just a string")", R"({"attachments":{"type":"image"}})",
          R"({"attachments":["image"]})", R"({"attachments":[{"type":7}]})",
          R"({"attachments":[{"type":"image","payload":"url"}]})",
          R"({"attachments":[{"type":"image","payload":{"url":5}}]})",
          R"({"attachments":[{"type":"file","payload":{"name":{}}}]})"}) {
      INFO(message);
      CHECK_THROWS_AS(parse_zalo_webhook(zalo_body("user_send_text", message), zalo_app_id), PayloadError);
    }
    CHECK_THROWS_AS(parse_zalo_webhook(R"({"app_id":"4230012345678901234","event_name":7})", zalo_app_id),
                    PayloadError);
    CHECK_THROWS_AS(parse_zalo_webhook(R"({"app_id":"4230012345678901234"})", zalo_app_id), PayloadError);
  }
  SECTION("a message without a sender is refused") {
    CHECK_THROWS_AS(parse_zalo_webhook(R"({"app_id":"4230012345678901234","event_name":"user_send_text",
      "message":{"text":"x"}})",
                                       zalo_app_id),
                    PayloadError);
    CHECK_THROWS_AS(parse_zalo_webhook(R"({"app_id":"4230012345678901234","event_name":"user_send_text",
      "sender":"6110012345678900042","message":{"text":"x"}})",
                                       zalo_app_id),
                    PayloadError);
    CHECK_THROWS_AS(parse_zalo_webhook(R"({"app_id":"4230012345678901234","event_name":"user_send_text",
      "sender":{"id":{"x":1}},"message":{"text":"x"}})",
                                       zalo_app_id),
                    PayloadError);
  }
  SECTION("missing optional parts are tolerated") {
    auto bare = parse_one(R"({"app_id":"4230012345678901234","event_name":"user_send_text",
      "sender":{"id":6110012345678900042}})");
    CHECK(bare.kind == EventKind::message);
    CHECK(bare.sender_id == user_id);  // numeric id becomes its digits
    CHECK(bare.text.empty());
    CHECK(bare.timestamp_ms == 0);

    auto anonymous = parse_one(R"({"app_id":"4230012345678901234","event_name":"anonymous_send_text",
      "sender":{"id":"a1"},"message":{"text":"x"}})");
    CHECK(anonymous.anonymous_sender);
    CHECK(anonymous.conversation_id.empty());

    auto follow = parse_one(R"({"app_id":"4230012345678901234","event_name":"follow"})");
    CHECK(follow.kind == EventKind::follow);
    CHECK(follow.sender_id.empty());

    auto nulls = parse_one(zalo_body("user_send_text", R"({"text":null,"attachments":null,"msg_id":null})"));
    CHECK(nulls.kind == EventKind::message);
    CHECK(nulls.text.empty());
  }
  SECTION("an odd user_submit_info is still dropped without reading it") {
    auto event = parse_one(R"({"app_id":"4230012345678901234","event_name":"user_submit_info",
      "sender":{"id":{"weird":true}},"info":"Nguyễn Văn Thử 0900000001","message":42})");
    CHECK(event.kind == EventKind::drop);
    CHECK_FALSE(event_mentions(event, "0900000001"));
  }
  SECTION("huge numbers, deep nesting, long strings") {
    refused_or_parsed(zalo_body("user_send_text", R"({"text":"x","n":1e400})"));
    refused_or_parsed(zalo_body("user_send_text", R"({"text":"x","n":-1e400})"));
    refused_or_parsed(zalo_body("user_send_text", R"({"text":"x","n":123456789012345678901234567890})"));
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    refused_or_parsed(zalo_body("user_send_text", R"({"text":"x","deep":)" + deep + "}"));
    refused_or_parsed(std::string(100000, '['));
    std::string long_text(1 << 20, 'a');
    auto event = parse_one(zalo_body("user_send_text", R"({"text":")" + long_text + "\"}"));
    CHECK(event.text.size() == long_text.size());
  }
  SECTION("escapes decode to valid UTF-8; a lone surrogate is refused") {
    auto event = parse_one(zalo_body("user_send_text", R"({"text":"T\u1ed1i \ud83d\ude4f \/"})"));
    CHECK(event.text == "Tối 🙏 /");
    CHECK_THROWS_AS(parse_zalo_webhook(zalo_body("user_send_text", R"({"text":"\ud83d"})"), zalo_app_id),
                    PayloadError);
    // An escaped NUL decodes to a NUL byte: stored sealed as the reporter wrote it,
    // and escaped like any other character wherever it is shown.
    auto nul = parse_one(zalo_body("user_send_text", R"({"text":"a\u0000b"})"));
    CHECK(nul.text == std::string("a\0b", 3));
  }
}

TEST_CASE("zalo user_withdraw names the user to forget, nothing else", "[channels][zalo]") {
  const std::string body =
      R"({"app_id":"4230012345678901234","oa_id":"5790012345678900001","user_id":"6110012345678900042",)"
      R"("user_id_by_app":"7220012345678900099","event_name":"user_withdraw","timestamp":"1767990000000"})";
  auto events = parse_zalo_webhook(body, zalo_app_id);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == EventKind::withdraw);
  CHECK(events[0].sender_id == "6110012345678900042");
  CHECK_FALSE(event_mentions(events[0], "7220012345678900099"));
}
