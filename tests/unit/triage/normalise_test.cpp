#include <catch2/catch.hpp>

#include "triage/normalise.hpp"

using namespace tipline::triage;

TEST_CASE("precomposed and decomposed Vietnamese give the same words") {
  auto pre = tokenize("Chợ Hòa Bình đá");
  auto dec = tokenize("Cho\xcc\x9b\xcc\xa3 Ho\xcc\x80" "a Bi\xcc\x80nh d\xcc\x81" "a");  // combining marks
  REQUIRE(pre.size() == 4);
  REQUIRE(dec.size() == 4);
  CHECK(pre[0].folded == "cho");
  CHECK(pre[0].marked == dec[0].marked);
  CHECK(pre[1].marked == dec[1].marked);
  CHECK(pre[0].has_marks);
}

TEST_CASE("folding strips marks, đ and case") {
  CHECK(fold("ĐÁ BÓNG ở Sân Thành Công") == "da bong o san thanh cong");
  CHECK(fold("Plơi Ơi") == "ploi oi");
}

TEST_CASE("marks tell words apart that fold the same") {
  auto a = tokenize("đá dạ da");
  REQUIRE(a.size() == 3);
  CHECK(a[0].folded == a[1].folded);
  CHECK(a[0].marked != a[1].marked);
  CHECK_FALSE(a[2].has_marks);
}

TEST_CASE("repeated letters collapse, punctuation and emoji separate words, offsets are bytes") {
  auto t = tokenize("nhanhhhh!!! 🚨đá...");
  REQUIRE(t.size() == 2);
  CHECK(t[0].folded == "nhanh");
  CHECK(t[1].folded == "da");
  CHECK(t[1].start == std::string("nhanhhhh!!! 🚨").size());
  CHECK(t[1].end == t[1].start + std::string("đá").size());
}

TEST_CASE("invalid UTF-8 is a separator, not an error") {
  auto t = tokenize(std::string("ab\xff\xfe" "cd"));
  REQUIRE(t.size() == 2);
  CHECK(t[1].folded == "cd");
}

TEST_CASE("capitalisation and numbers are recorded") {
  auto t = tokenize("Nguyễn VĂN 0912");
  CHECK(t[0].capitalised);
  CHECK_FALSE(t[0].all_upper);
  CHECK(t[1].all_upper);
  CHECK(t[2].numeric);
}
