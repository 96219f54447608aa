#include <catch2/catch.hpp>

#include "common/utf8.hpp"

using tipline::utf8::is_valid;

TEST_CASE("well-formed UTF-8 is accepted", "[utf8]") {
  REQUIRE(is_valid(""));
  REQUIRE(is_valid("Tổ dân phố 3"));
  REQUIRE(is_valid("to\xcc\x82"));             // decomposed: o + combining circumflex
  REQUIRE(is_valid("\xf0\x9f\x98\x80"));       // emoji
  REQUIRE(tipline::utf8::length("Tổ 3") == 4);
}

TEST_CASE("malformed UTF-8 is refused", "[utf8]") {
  REQUIRE_FALSE(is_valid("\xc0\xaf"));          // overlong '/'
  REQUIRE_FALSE(is_valid("\xe0\x80\xaf"));      // overlong, 3 bytes
  REQUIRE_FALSE(is_valid("\xed\xa0\x80"));      // surrogate U+D800
  REQUIRE_FALSE(is_valid("\xf4\x90\x80\x80"));  // above U+10FFFF
  REQUIRE_FALSE(is_valid("abc\xe1\xbb"));       // truncated
  REQUIRE_FALSE(is_valid("\x80"));              // lone continuation
  REQUIRE_FALSE(is_valid("\xff"));
}
