#pragma once
// Text made safe to place between HTML or XML tags and inside quoted attributes: the
// console's pages and the report's SVG charts share one escape.
#include <string>
#include <string_view>

namespace tipline::markup {

// & < > " ' become entities; every other byte is kept as it is.
std::string escape(std::string_view text);

}  // namespace tipline::markup
