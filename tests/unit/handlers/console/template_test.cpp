#include "handlers/console/template.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

using tipline::handlers::Catalogue;
using tipline::handlers::Html;
using tipline::handlers::message_keys;
using tipline::handlers::parse_messages;
using tipline::handlers::render_view;
using tipline::handlers::View;
using tipline::handlers::ViewList;
using tipline::handlers::with_messages;

TEST_CASE("console template: text is escaped, Html is not, and a name without a value throws", "[console][template]") {
  const View view{{"text", std::string("<b>\"x\" & y</b>")}, {"html", Html::trusted("<i>ok</i>")}};
  CHECK(render_view("[{{text}}][{{html}}]", view).str() == "[&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;][<i>ok</i>]");
  CHECK_THROWS_AS(render_view("{{missing}}", view), std::logic_error);
  CHECK_THROWS_AS(render_view("{{text", view), std::logic_error);
}

TEST_CASE("console template: sections show for true, non-empty text and each item of a list", "[console][template]") {
  const View view{{"yes", true},
                  {"no", false},
                  {"word", std::string("w")},
                  {"blank", std::string()},
                  {"rows", ViewList{View{{"n", std::string("1")}}, View{{"n", std::string("2")}}}},
                  {"none", ViewList{}},
                  {"page", std::string("p")}};
  CHECK(render_view("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}{{^yes}}y{{/yes}}", view).str() == "Yn");
  CHECK(render_view("{{#word}}<{{word}}>{{/word}}{{#blank}}B{{/blank}}{{^blank}}b{{/blank}}", view).str() == "<w>b");
  CHECK(render_view("a{{! a note for whoever edits it }}b", view).str() == "ab");
  // An item's own names come first; the page's stay visible inside.
  CHECK(render_view("{{#rows}}({{n}}{{page}}){{/rows}}{{^none}}-{{/none}}{{#none}}x{{/none}}", view).str() ==
        "(1p)(2p)-");
  // The same name nested, closed by its own end tag.
  const View nested{{"a", ViewList{View{{"a", true}}}}};
  CHECK(render_view("{{#a}}[{{#a}}in{{/a}}]{{/a}}", nested).str() == "[in]");
  CHECK_THROWS_AS(render_view("{{#yes}}open", view), std::logic_error);
  CHECK_THROWS_AS(render_view("close{{/yes}}", view), std::logic_error);
  CHECK_THROWS_AS(render_view("{{rows}}", view), std::logic_error);
  CHECK_THROWS_AS(render_view("{{#missing}}x{{/missing}}", view), std::logic_error);
}

TEST_CASE("console template: what a value holds is never read as a tag", "[console][template][hostile]") {
  const View view{{"rows", ViewList{View{{"x", std::string("{{secret}}{{#rows}}")}}}}, {"secret", std::string("S")}};
  CHECK(render_view("{{#rows}}{{x}}{{/rows}}", view).str() == "{{secret}}{{#rows}}");
}

TEST_CASE("console template: messages go in escaped before the values, and may hold a value's name", "[console][template]") {
  Catalogue catalogue;
  catalogue.add("vi", parse_messages("a.title = Tiêu đề <1>\na.count = Có {{n}} tin\n"));
  catalogue.add("en", parse_messages("a.title = Title <1>\na.count = {{n}} tips\n"));
  const std::string tmpl = "<h1>{{t.a.title}}</h1><p>{{t.a.count}}</p>{{n}}";
  CHECK(with_messages(tmpl, catalogue, "vi") == "<h1>Tiêu đề &lt;1&gt;</h1><p>Có {{n}} tin</p>{{n}}");
  CHECK(render_view(with_messages(tmpl, catalogue, "en"), View{{"n", std::string("3")}}).str() ==
        "<h1>Title &lt;1&gt;</h1><p>3 tips</p>3");
  CHECK(message_keys(tmpl) == std::vector<std::string>{"a.title", "a.count"});
  CHECK_THROWS_AS(with_messages("{{t.a.missing}}", catalogue, "vi"), std::out_of_range);
  CHECK_THROWS_AS(with_messages("{{t.a.title}}", catalogue, "fr"), std::out_of_range);
}

TEST_CASE("console catalogue: malformed and repeated lines are refused with their line number", "[console][template]") {
  auto messages = parse_messages("# comment\n\nx.a = A = still A  \r\n  x.b=B\n");
  CHECK(messages.at("x.a") == "A = still A");
  CHECK(messages.at("x.b") == "B");
  for (const char* bad : {"no equals sign", "x.a =", " = text", "X.a = upper case", "x a = space", ".x = dot",
                          "x.a = 1\nx.a = 2"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_messages(bad), std::invalid_argument);
  }
  CHECK_THROWS_WITH(parse_messages("x.a = 1\n\nx.a = 2"), Catch::Contains("line 3"));
}
