// The record a webhook delivery keeps until filing: every field of an event survives
// the round trip, and nothing else is in it.
#include <catch2/catch.hpp>

#include "handlers/channels/event_record.hpp"

using namespace tipline::channels;

TEST_CASE("kept events come back field for field, in order", "[channels][deliveries]") {
  InboundEvent text;
  text.channel = Channel::zalo;
  text.kind = EventKind::message;
  text.event_type = "anonymous_send_text";
  text.dedupe_key = "zalo:4230012345678901234:anonymous_send_text:m1";
  text.sender_id = "a1f3c9e07b2d4e6f8a10";
  text.conversation_id = "9b8e7d6c5b4a39281706";
  text.anonymous_sender = true;
  text.timestamp_ms = 1763900000123;
  text.text = "Có người bán ma túy 💊 ở hẻm \"12\"\n\\ \t\x01 end";
  Attachment place;
  place.type = "location";
  place.coordinates = Coordinates{10.776912345678901, -106.70090000000001};
  Attachment file;
  file.type = "file";
  file.url = "https://cdn.example/f?x=1";
  file.name = "ảnh.pdf";
  file.size = 12345;
  text.attachments = {place, file};
  InboundEvent tap;
  tap.channel = Channel::messenger;
  tap.kind = EventKind::postback;
  tap.event_type = "postback";
  tap.dedupe_key = "body:abc:0";
  tap.sender_id = "7012345678901234";
  tap.payload = "TIP_NEW_REPORT";

  const auto back = decode_events(encode_events({text, tap}));
  REQUIRE(back.size() == 2);
  const auto& a = back[0];
  CHECK(a.channel == Channel::zalo);
  CHECK(a.kind == EventKind::message);
  CHECK(a.event_type == text.event_type);
  CHECK(a.dedupe_key == text.dedupe_key);
  CHECK(a.sender_id == text.sender_id);
  CHECK(a.conversation_id == text.conversation_id);
  CHECK(a.anonymous_sender);
  CHECK(a.timestamp_ms == text.timestamp_ms);
  CHECK(a.text == text.text);
  REQUIRE(a.attachments.size() == 2);
  REQUIRE(a.attachments[0].coordinates);
  CHECK(a.attachments[0].coordinates->latitude == 10.776912345678901);
  CHECK(a.attachments[0].coordinates->longitude == -106.70090000000001);
  CHECK_FALSE(a.attachments[1].coordinates);
  CHECK(a.attachments[1].url == file.url);
  CHECK(a.attachments[1].name == file.name);
  CHECK(a.attachments[1].size == 12345);
  const auto& b = back[1];
  CHECK(b.channel == Channel::messenger);
  CHECK(b.kind == EventKind::postback);
  CHECK(b.payload == "TIP_NEW_REPORT");
  CHECK_FALSE(b.anonymous_sender);
  CHECK(b.attachments.empty());
}

TEST_CASE("text that is all escapes, or begins or ends with one, comes back as it was", "[channels][deliveries]") {
  for (const std::string value : {std::string("\"\\\x1f\n"), std::string("\"leading"), std::string("trailing\\"),
                                  std::string("a\"b\\c\x02d"), std::string(), std::string("\0 nul", 5)}) {
    InboundEvent event;
    event.text = value;
    event.payload = value;
    const auto back = decode_events(encode_events({event}));
    REQUIRE(back.size() == 1);
    CHECK(back[0].text == value);
    CHECK(back[0].payload == value);
  }
}

TEST_CASE("a record encode_events did not write is a PayloadError", "[channels][deliveries]") {
  CHECK(decode_events(encode_events({})).empty());
  CHECK_THROWS_AS(decode_events("{"), PayloadError);
  CHECK_THROWS_AS(decode_events("{}"), PayloadError);
  CHECK_THROWS_AS(decode_events(R"([{"channel":"telegram"}])"), PayloadError);
  CHECK_THROWS_AS(decode_events(R"([{"channel":"zalo","kind":"message"}])"), PayloadError);
}
