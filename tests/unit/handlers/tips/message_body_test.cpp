#include <catch2/catch.hpp>

#include "handlers/tips/message_body.hpp"

using namespace tipline::handlers;

TEST_CASE("a web tip's answers round-trip, and its spans point into the three lines", "[message_body]") {
  MessageBody body;
  body.answers = WebAnswers{"Bán ma túy ở hẻm 12", "hẻm 12", ""};
  body.pii = {{"phone", "subject", 3, 9}};
  auto back = decode_message_body(encode_message_body(body));
  REQUIRE(back.answers);
  REQUIRE(back.answers->what == "Bán ma túy ở hẻm 12");
  REQUIRE(back.answers->when.empty());
  REQUIRE(back.spanned_text() == "Bán ma túy ở hẻm 12\nhẻm 12\n");
  REQUIRE(back.pii.size() == 1);
  REQUIRE(back.pii[0].type == "phone");
  REQUIRE(back.pii[0].owner == "subject");
  REQUIRE(back.pii[0].start == 3);
  REQUIRE(back.pii[0].end == 9);
  // The empty answer is no piece of what triage re-reads.
  REQUIRE(back.pieces() == std::vector<std::string>{"Bán ma túy ở hẻm 12", "hẻm 12"});
}

TEST_CASE("a chat message keeps its attachment notes", "[message_body]") {
  MessageBody body;
  body.text = "xem ảnh";
  AttachmentNote where{"location", "", "", 0, 10.7626221, 106.6601725};
  AttachmentNote file{"file", "https://cdn.example/x", "ghi-chu.docx", 48213, std::nullopt, std::nullopt};
  body.attachments = {where, file};
  auto back = decode_message_body(encode_message_body(body));
  REQUIRE_FALSE(back.answers);
  REQUIRE(back.text == "xem ảnh");
  REQUIRE(back.attachments.size() == 2);
  REQUIRE(back.attachments[0].latitude == Approx(10.7626221));
  REQUIRE(back.attachments[0].longitude == Approx(106.6601725));
  REQUIRE(back.attachments[1].name == "ghi-chu.docx");
  REQUIRE(back.attachments[1].size == 48213);
  REQUIRE(back.attachments[1].url == "https://cdn.example/x");
}

TEST_CASE("bodies written before the typed record still read", "[message_body]") {
  // As the web intake and the chat intake wrote them with their own JSON.
  auto web = decode_message_body(
      R"({"pii":[{"end":5,"owner":"other","start":0,"type":"phone"}],"what":"a","when":"c","where":"b"})");
  REQUIRE(web.spanned_text() == "a\nb\nc");
  REQUIRE(web.pii.size() == 1);
  auto chat = decode_message_body(R"({"attachments":[],"pii":[],"text":"hello"})");
  REQUIRE(chat.text == "hello");
  REQUIRE(chat.attachments.empty());
}

TEST_CASE("plain text and damaged records never throw", "[message_body]") {
  REQUIRE(decode_message_body("Ghi chú của cán bộ").text == "Ghi chú của cán bộ");
  REQUIRE_FALSE(decode_message_record("Ghi chú của cán bộ"));
  REQUIRE(decode_message_body("\xff\xfe").text.empty());  // not UTF-8: shown as nothing
  auto odd = decode_message_body(R"({"text":5,"pii":[{"start":-1,"end":2},7,{"start":1,"end":2,"type":3}],
                                     "attachments":[{"type":null,"latitude":"x"}]})");
  REQUIRE(odd.text.empty());
  REQUIRE(odd.pii.size() == 1);
  REQUIRE(odd.pii[0].type == "other");
  REQUIRE(odd.attachments.size() == 1);
  REQUIRE(odd.attachments[0].type == "attachment");
  REQUIRE_FALSE(odd.attachments[0].latitude);
}

TEST_CASE("a tip's reporter text joins every record's pieces and skips officers' plain text", "[message_body]") {
  MessageBody first;
  first.answers = WebAnswers{"what", "", "when"};
  MessageBody added;
  added.text = "more";
  REQUIRE(reporter_text({encode_message_body(first), "an officer's note", encode_message_body(added)}) ==
          "what\nwhen\nmore");
}
