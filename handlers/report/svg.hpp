#pragma once
// Bar charts drawn on the server as SVG text, so the report page and its printout
// need no script. The output is safe to inline in a page served with a strict CSP:
// no script, no external references, no style attributes (presentation attributes
// such as fill="#..." only), and every piece of text escaped.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/report/report.hpp"

namespace tipline::report {

// A horizontal bar per row, in the given order: the row's name above its bar and its
// `shown` value after it. The largest count fills the full bar width. A suppressed row
// gets a short grey hatched bar of fixed length, never one drawn to its real size.
// name_of maps a key to its display name; unset or an empty answer shows the key.
// 640 wide, 34 px per row; the title is both the visible heading and the <title>
// that screen readers announce for role="img", and a <desc> lists every row.
std::string bar_chart_svg(const std::vector<Count>& rows, std::string_view title,
                          const std::function<std::string(std::string_view)>& name_of);

// Text for an XML text node or attribute: & < > " ' escaped, and anything that would
// make the document ill-formed (invalid UTF-8, control characters) replaced, since a
// browser shows nothing at all for an SVG image that fails to parse.
std::string escape_xml(std::string_view text);

}  // namespace tipline::report
