#include <catch2/catch.hpp>

#include "handlers/report/svg.hpp"

using namespace tipline::report;

namespace {

std::size_t occurrences(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string_view::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// Every '<' opens one of the elements the chart uses, so nothing from a label got in
// as markup, and each element that has content is closed.
void check_markup(std::string_view svg) {
  REQUIRE(svg.substr(0, 4) == "<svg");
  REQUIRE(svg.ends_with("</svg>"));
  for (auto pos = svg.find('<'); pos != std::string_view::npos; pos = svg.find('<', pos + 1)) {
    auto rest = svg.substr(pos + 1);
    bool known = false;
    for (std::string_view tag : {"svg ", "/svg>", "title>", "/title>", "desc>", "/desc>", "text ", "/text>", "rect ",
                                 "line "})
      known = known || rest.starts_with(tag);
    INFO(rest.substr(0, 20));
    CHECK(known);
  }
  CHECK(occurrences(svg, "<text ") == occurrences(svg, "</text>"));
  CHECK(occurrences(svg, "<title>") == 1);
  CHECK(occurrences(svg, "</title>") == 1);
  CHECK(occurrences(svg, "/>") == occurrences(svg, "<rect ") + occurrences(svg, "<line "));
}

void check_inline_safe(std::string_view svg) {
  CHECK(svg.find("<script") == std::string_view::npos);
  CHECK(svg.find("style=") == std::string_view::npos);
  CHECK(svg.find("<style") == std::string_view::npos);
  CHECK(svg.find("href") == std::string_view::npos);
  CHECK(svg.find("url(") == std::string_view::npos);
  CHECK(svg.find(" on") == std::string_view::npos);  // no event handler attributes
  CHECK(occurrences(svg, "http") == 1);              // the namespace name, never fetched
}

Count exact(std::string key, std::int64_t n) { return {std::move(key), n, std::to_string(n), false}; }
Count small(std::string key) { return {std::move(key), 0, "<3", true}; }

std::string by_key(std::string_view key) { return std::string(key); }

}  // namespace

TEST_CASE("a bar chart of counts", "[report][svg]") {
  auto svg = bar_chart_svg({exact("dealing", 10), exact("use", 5), exact("youth", 1)}, "Theo loại tin",
                           [](std::string_view key) -> std::string { return key == "dealing" ? "Mua bán" : ""; });
  check_markup(svg);
  check_inline_safe(svg);
  CHECK(svg.find("width=\"640\"") != std::string::npos);
  CHECK(svg.find("role=\"img\"") != std::string::npos);
  CHECK(svg.find("<title>Theo loại tin</title>") != std::string::npos);
  CHECK(svg.find(">Mua bán</text>") != std::string::npos);
  CHECK(svg.find(">use</text>") != std::string::npos);  // no name: the key
  CHECK(svg.find(">10</text>") != std::string::npos);
  // The largest fills the bar width (640 less margins and room for the number).
  CHECK(svg.find("width=\"576\"") != std::string::npos);
  CHECK(svg.find("width=\"288\"") != std::string::npos);
  CHECK(svg.find("width=\"57\"") != std::string::npos);
  CHECK(occurrences(svg, "<rect ") == 3);
  CHECK(svg.find("<desc>Mua bán: 10; use: 5; youth: 1</desc>") != std::string::npos);
}

TEST_CASE("chart text is escaped", "[report][svg]") {
  auto svg = bar_chart_svg({exact("x", 3)}, "<b>\"A&B\"</b>",
                           [](std::string_view) -> std::string { return "<script>alert('&')</script>"; });
  check_markup(svg);
  check_inline_safe(svg);
  CHECK(svg.find("&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;") != std::string::npos);
  CHECK(svg.find("&lt;script&gt;alert(&#39;&amp;&#39;)&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("text that would break the XML is replaced", "[report][svg]") {
  CHECK(escape_xml("Tổ 3") == "Tổ 3");
  CHECK(escape_xml("a\x01" "b\nc") == "a b c");
  CHECK(escape_xml("bad\xff") == "bad\xEF\xBF\xBD");
  CHECK(escape_xml("cut\xe1\xbb") == "cut\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(escape_xml("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  auto svg = bar_chart_svg({exact("k\xc0", 3)}, "t\x7f", by_key);
  check_markup(svg);
}

TEST_CASE("suppressed rows get a short hatched bar, not their size", "[report][svg][privacy]") {
  auto svg = bar_chart_svg({exact("tdp-1", 4), small("tdp-2"), small("tdp-3")}, "Theo địa bàn", by_key);
  check_markup(svg);
  check_inline_safe(svg);
  CHECK(svg.find("width=\"576\"") != std::string::npos);  // 4 is the largest: <3 rows don't count
  CHECK(occurrences(svg, "width=\"20\" height=\"12\" fill=\"#bdbdbd\"") == 2);
  CHECK(occurrences(svg, ">&lt;3</text>") == 2);
  CHECK(occurrences(svg, "<line ") > 0);

  // Only suppressed rows: still drawn, nothing scaled from a hidden value.
  auto only_small = bar_chart_svg({small("tdp-2")}, "t", by_key);
  check_markup(only_small);
  CHECK(occurrences(only_small, "<rect ") == 1);
}

TEST_CASE("an empty chart is still a valid image", "[report][svg]") {
  auto svg = bar_chart_svg({}, "Không có tin", nullptr);
  check_markup(svg);
  check_inline_safe(svg);
  CHECK(svg.find("<title>Không có tin</title>") != std::string::npos);
  CHECK(occurrences(svg, "<rect ") == 0);

  auto zero = bar_chart_svg({exact("a", 0)}, "t", by_key);
  check_markup(zero);
  CHECK(occurrences(zero, "<rect ") == 0);
}

TEST_CASE("the chart grows with its rows", "[report][svg]") {
  std::vector<Count> rows;
  for (int i = 0; i < 10; ++i) rows.push_back(exact("k" + std::to_string(i), i + 1));
  auto svg = bar_chart_svg(rows, "t", by_key);
  check_markup(svg);
  CHECK(svg.find("height=\"" + std::to_string(36 + 10 * 34 + 8) + "\"") != std::string::npos);
}
