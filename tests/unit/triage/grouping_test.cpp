#include <catch2/catch.hpp>

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
