// The one escape behind the console's HTML and the report's SVG.
#include <catch2/catch.hpp>

#include "common/markup.hpp"

using tipline::markup::escape;

TEST_CASE("markup escape turns the five special characters into entities and keeps every other byte",
          "[markup][hostile]") {
  CHECK(escape(R"(<script>alert('x')</script>)") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(escape(R"(" onmouseover="x)") == "&quot; onmouseover=&quot;x");
  CHECK(escape("a&amp;b") == "a&amp;amp;b");  // escaped once more, never taken as already safe
  CHECK(escape("Tổ dân phố 5 — chợ") == "Tổ dân phố 5 — chợ");
  CHECK(escape(std::string("\0\x01\xff", 3)) == std::string("\0\x01\xff", 3));
  CHECK(escape("").empty());
}
