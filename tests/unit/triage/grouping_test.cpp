#include <catch2/catch.hpp>

#include <algorithm>

#include "support_engine.hpp"

using namespace tipline::triage;
using namespace tipline::triage::testing;

TEST_CASE("tips about the same point share a group, others do not") {
  const Engine& e = shipped_engine();
  Grouper g(e);
  auto a = g.assign("t1", e.classify("Karaoke Ánh Dương tối nào cũng có khách thuê phòng vip bay lắc, nhân viên bán thuốc lắc", kNow), kNow);
  auto b = g.assign("t2", e.classify("karaoke anh duong o to 7, dem thu 7 nao cung co khach thue phong vip su dung ma tuy", kNow), kNow + 60);
  auto c = g.assign("t3", e.classify("trong rẫy sau nhà rông Plei Ơi có trồng cần sa", kNow), kNow + 120);
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(*a == *b);
  CHECK(*c != *a);
  CHECK(a->rfind("g-", 0) == 0);
}

TEST_CASE("a subject's phone number links differently worded tips; the label reveals nothing") {
  const Engine& e = shipped_engine();
  Grouper g(e);
  auto a = g.assign("t1", e.classify("sđt nó 0333 481 207 bán hàng lẻ", kNow), kNow);
  auto b = g.assign("t2", e.classify("số 0333481207 chuyên giao đá ban đêm", kNow), kNow);
  REQUIRE(a);
  CHECK(a == b);
  CHECK(a->find("0333") == std::string::npos);
}

TEST_CASE("non-drug tips get no group; tips outside the window do not join") {
  const Engine& e = shipped_engine();
  Grouper g(e);
  CHECK_FALSE(g.assign("t0", e.classify("alo", kNow), kNow));
  auto a = g.assign("t1", e.classify("sđt nó 0333 481 207 bán hàng lẻ", kNow), kNow);
  auto b = g.assign("t2", e.classify("sđt nó 0333 481 207 bán hàng lẻ", kNow), kNow + 400LL * 86400);
  CHECK(a != b);
}

TEST_CASE("restore puts stored tips back under their group") {
  const Engine& e = shipped_engine();
  Grouper g(e);
  auto r = e.classify("sđt nó 0333 481 207 bán hàng lẻ", kNow);
  g.restore("t1", std::string("g-stored"), r, kNow);
  CHECK(g.assign("t2", r, kNow) == std::string("g-stored"));
}

TEST_CASE("a channel's handle and its spelled-out name are one channel") {
  const Engine& e = shipped_engine();
  Grouper g(e);
  auto a = g.assign("t1", e.classify("kênh Telegram tên @nuocvui_gialai chuyên rao bán nước vui", kNow), kNow);
  auto b = g.assign("t2", e.classify("ae cẩn thận cái kênh tele nước vui gia lai, ship trong 30p", kNow), kNow + 60);
  REQUIRE(a);
  CHECK(a == b);
}

TEST_CASE("a broad landmark alone does not join different kinds of activity") {
  const Engine& e = shipped_engine();
  Grouper g(e);
  // A dealing point and a one-off overdose at the same park are different events.
  auto a = g.assign("t1", e.classify("ở công viên Hồ Sen tối nào cũng có thằng đứng bán đá", kNow), kNow);
  auto b = g.assign("t2", e.classify("có người đang nằm co giật ở ghế đá công viên Hồ Sen, cạnh có ống tiêm", kNow), kNow + 60);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a != b);
}

TEST_CASE("two different plates are two vehicles, whatever else is shared") {
  const Engine& e = shipped_engine();
  Grouper g(e);
  auto a = g.assign("t1", e.classify("xe tải biển 81C-209.58 đang chuyển bao tải ở cổng sau KCN Hòa Bình", kNow), kNow);
  auto b = g.assign("t2", e.classify("xe tải biển 47C-186.09 chở bao tải ma túy ra cổng sau KCN Hòa Bình", kNow), kNow + 60);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a != b);
}

namespace {

// An engine on the shipped ward and rules, with one entry of the rules' "grouping" section
// replaced.
Engine engine_with_grouping(const std::string& from, const std::string& to) {
  std::string rules = read_text(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/triage-rules.json");
  auto pos = rules.find(from, rules.find("\"grouping\": {"));
  REQUIRE(pos != std::string::npos);
  rules.replace(pos, from.size(), to);
  return Engine(parse_ward(read_text(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/ward.json")),
                parse_rules(rules));
}

// Do these two tips, a minute apart (or `gap` seconds), get the same group?
bool grouped(const Engine& e, const char* first, const char* second, std::int64_t gap = 60) {
  Grouper g(e);
  auto a = g.assign("t1", e.classify(first, kNow), kNow);
  auto b = g.assign("t2", e.classify(second, kNow + gap), kNow + gap);
  REQUIRE(a);
  REQUIRE(b);
  return *a == *b;
}

constexpr const char* kKaraoke1 =
    "Karaoke Ánh Dương tối nào cũng có khách thuê phòng vip bay lắc, nhân viên bán thuốc lắc";
constexpr const char* kKaraoke2 = "karaoke anh duong o to 7, dem thu 7 nao cung co khach thue phong vip su dung ma tuy";

}  // namespace

TEST_CASE("the grouping threshold comes from the rules file") {
  CHECK(grouped(shipped_engine(), kKaraoke1, kKaraoke2));
  // Same tips, a stricter threshold: the shared venue and wording no longer reach it.
  CHECK_FALSE(grouped(engine_with_grouping("\"threshold\": 3.5", "\"threshold\": 12"), kKaraoke1, kKaraoke2));
}

TEST_CASE("the time window comes from the rules file") {
  const std::int64_t ten_days = 10 * 86400;
  CHECK(grouped(shipped_engine(), kKaraoke1, kKaraoke2, ten_days));
  CHECK_FALSE(grouped(engine_with_grouping("\"window_days\": 60", "\"window_days\": 7"), kKaraoke1, kKaraoke2, ten_days));
}

TEST_CASE("how grouping keys are made comes from the rules file") {
  const char* spelled = "ae cẩn thận cái kênh tele nước vui gia lai, ship trong 30p";
  CHECK(has(shipped_engine().classify(spelled, kNow).group_keys, "chan:nuocvuigialai"));
  // "nuocvuigialai" has 13 letters: with 14 required it is no longer a channel key.
  auto longer = engine_with_grouping("\"min_channel_key\": 8", "\"min_channel_key\": 14").classify(spelled, kNow);
  CHECK_FALSE(has(longer.group_keys, "chan:nuocvuigialai"));
  // Without "kênh" among the channel nouns, the spelled name is not read as a channel.
  auto no_noun = engine_with_grouping("\"channel_nouns\": [\"kênh\", ", "\"channel_nouns\": [").classify(spelled, kNow);
  CHECK(std::none_of(no_noun.group_keys.begin(), no_noun.group_keys.end(),
                     [](const std::string& k) { return k.rfind("chan:", 0) == 0; }));
}
