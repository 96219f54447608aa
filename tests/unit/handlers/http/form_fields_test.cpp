#include "handlers/http/form_fields.hpp"

#include <catch2/catch.hpp>
#include <string>

using tipline::handlers::FormLimits;
using tipline::handlers::parse_form_fields;

namespace {

// The secret marker stands in for a reporter's words: no error may repeat them.
constexpr std::string_view secret = "BIMATXYZ";

void require_error_without_echo(std::string_view body) {
  auto result = parse_form_fields(body);
  INFO("body size " << body.size());
  REQUIRE_FALSE(result.ok());
  CHECK(result.fields.empty());
  CHECK(result.error.find(secret) == std::string::npos);
  CHECK(result.error.size() < 64);
}

}  // namespace

TEST_CASE("form: bad percent escapes are errors", "[form][hostile]") {
  for (std::string body : {"note=BIMATXYZ%", "note=BIMATXYZ%4", "note=BIMATXYZ%zz", "note=BIMATXYZ%4g",
                           "note%=BIMATXYZ", "note=%%41BIMATXYZ", "note=% 41BIMATXYZ", "note=BIMATXYZ%+1"}) {
    INFO(body);
    require_error_without_echo(body);
  }
}

TEST_CASE("form: decoded values and names must be valid UTF-8", "[form][hostile]") {
  SECTION("overlong encodings") {
    require_error_without_echo("note=BIMATXYZ%C0%AF");        // overlong '/'
    require_error_without_echo("note=BIMATXYZ%E0%80%AF");     // 3-byte overlong
    require_error_without_echo("note=BIMATXYZ%F0%80%80%AF");  // 4-byte overlong
    require_error_without_echo("note=BIMATXYZ%C1%BF");
  }
  SECTION("surrogates and out of range") {
    require_error_without_echo("note=BIMATXYZ%ED%A0%80");     // U+D800
    require_error_without_echo("note=BIMATXYZ%ED%BF%BF");     // U+DFFF
    require_error_without_echo("note=BIMATXYZ%F4%90%80%80");  // > U+10FFFF
    require_error_without_echo("note=BIMATXYZ%FF");
  }
  SECTION("truncated sequences") {
    require_error_without_echo("note=BIMATXYZ%E1%BB");  // 'ồ' cut short
    require_error_without_echo("note=BIMATXYZ%C3");
    require_error_without_echo("note=%E1%BBBIMATXYZ");
    require_error_without_echo("note=%80BIMATXYZ");  // lone continuation
  }
  SECTION("in names") {
    require_error_without_echo("n%C3=BIMATXYZ");
    require_error_without_echo("%ED%A0%80=BIMATXYZ");
  }
  SECTION("raw (unencoded) invalid bytes") {
    require_error_without_echo("note=BIMATXYZ\xc3");
    require_error_without_echo(std::string("note=BIMATXYZ\xed\xa0\x80"));
  }
}

TEST_CASE("form: NUL bytes are rejected, raw or encoded", "[form][hostile]") {
  require_error_without_echo("note=BIMATXYZ%00");
  require_error_without_echo("no%00te=BIMATXYZ");
  require_error_without_echo(std::string("note=BIMATXYZ\0x", 15));
  require_error_without_echo(std::string("no\0te=BIMATXYZ", 14));
}

TEST_CASE("form: field count and name length limits", "[form][hostile]") {
  std::string body;
  for (int i = 0; i < 64; ++i) body += (i ? "&f" : "f") + std::to_string(i) + "=BIMATXYZ";
  auto ok = parse_form_fields(body);
  REQUIRE(ok.ok());
  CHECK(ok.fields.size() == 64);

  require_error_without_echo(body + "&f64=BIMATXYZ");

  std::string name64(64, 'n');
  CHECK(parse_form_fields(name64 + "=BIMATXYZ").ok());
  require_error_without_echo(name64 + "n=BIMATXYZ");
  // Length is counted after decoding, so %6E (3 bytes) counts as one byte.
  std::string encoded_name;
  for (int i = 0; i < 64; ++i) encoded_name += "%6E";
  CHECK(parse_form_fields(encoded_name + "=x").ok());
  require_error_without_echo(encoded_name + "%6E=BIMATXYZ");
}

TEST_CASE("form: value length limit", "[form][hostile]") {
  FormLimits limits;
  limits.max_value_bytes = 8;
  CHECK(parse_form_fields("a=12345678", limits).ok());
  auto r = parse_form_fields("a=BIMATXYZ9", limits);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error.find(secret) == std::string::npos);
}

TEST_CASE("form: many empty pairs do not count as fields but stay bounded", "[form][hostile]") {
  std::string body(100000, '&');
  auto r = parse_form_fields(body);
  CHECK(r.ok());
  CHECK(r.fields.empty());
}

TEST_CASE("form: duplicate names are rejected", "[form][hostile]") {
  require_error_without_echo("note=a&note=BIMATXYZ");
  // Duplicates are detected after decoding.
  require_error_without_echo("note=a&no%74e=BIMATXYZ");
}

TEST_CASE("form: empty name is rejected", "[form][hostile]") {
  require_error_without_echo("=BIMATXYZ");
  require_error_without_echo("a=1&=BIMATXYZ");
}

TEST_CASE("form: decoding", "[form]") {
  auto r = parse_form_fields(
      "note=Nh%C3%B3m+thanh+ni%C3%AAn+t%E1%BB%A5+t%E1%BA%ADp&area=t%E1%BB%95+3"
      "&empty=&flag&plus=%2B&pct=100%25&eq=a%3Db=c&lower=%c3%a9");
  REQUIRE(r.ok());
  CHECK(r.fields.at("note") == "Nhóm thanh niên tụ tập");
  CHECK(r.fields.at("area") == "tổ 3");
  CHECK(r.fields.at("empty").empty());
  CHECK(r.fields.at("flag").empty());
  CHECK(r.fields.at("plus") == "+");
  CHECK(r.fields.at("pct") == "100%");
  CHECK(r.fields.at("eq") == "a=b=c");  // only the first raw '=' splits
  CHECK(r.fields.at("lower") == "é");
  CHECK(r.fields.size() == 8);
}

TEST_CASE("form: newlines from a textarea survive", "[form]") {
  auto r = parse_form_fields("note=d%C3%B2ng+1%0D%0Ad%C3%B2ng+2");
  REQUIRE(r.ok());
  CHECK(r.fields.at("note") == "dòng 1\r\ndòng 2");
}

TEST_CASE("form: empty body and stray separators", "[form]") {
  CHECK(parse_form_fields("").ok());
  CHECK(parse_form_fields("").fields.empty());
  auto r = parse_form_fields("&a=1&&b=2&");
  REQUIRE(r.ok());
  CHECK(r.fields.size() == 2);
  CHECK(r.fields.at("a") == "1");
  CHECK(r.fields.at("b") == "2");
}

TEST_CASE("form: raw UTF-8 (not percent-encoded) is accepted when valid", "[form]") {
  auto r = parse_form_fields("note=ma túy");
  REQUIRE(r.ok());
  CHECK(r.fields.at("note") == "ma túy");
}
