#include "handlers/report/svg.hpp"

#include <algorithm>

#include "common/markup.hpp"
#include "common/utf8.hpp"

namespace tipline::report {

namespace {

constexpr int width = 640;
constexpr int margin = 8;
constexpr int header_height = 36;
constexpr int row_height = 34;
constexpr int bar_height = 12;
constexpr int number_room = 48;  // after the longest bar, for its number
constexpr int max_bar = width - 2 * margin - number_room;
constexpr int suppressed_bar = 20;
constexpr int min_bar = 2;  // a non-zero count never looks like zero
// Above this many characters a name would run past the right edge.
constexpr std::size_t max_label_chars = 90;

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;
}

// Keeps at most `limit` code points of valid UTF-8, ending with "…" when cut.
std::string truncated(std::string_view text, std::size_t limit) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == limit) return std::string(text.substr(0, i)) + "\u2026";
    ++chars;
  }
  return std::string(text);
}

std::string name_for(const Count& row, const std::function<std::string(std::string_view)>& name_of) {
  std::string name = name_of ? name_of(row.key) : std::string();
  return name.empty() ? row.key : name;
}

std::string num(std::int64_t value) { return std::to_string(value); }

}  // namespace

std::string escape_xml(std::string_view text) {
  // XML 1.0 allows neither malformed UTF-8 nor the C0 controls but tab and line breaks,
  // which would only collapse to a space in a label anyway.
  std::string clean;
  clean.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const auto length = sequence_length(c);
      if (length != 0 && i + length <= text.size() && utf8::is_valid(text.substr(i, length))) {
        clean.append(text.substr(i, length));
        i += length;
      } else {
        clean.append(replacement);
        ++i;
      }
      continue;
    }
    clean.push_back((c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c));
    ++i;
  }
  return markup::escape(clean);
}

std::string bar_chart_svg(const std::vector<Count>& rows, std::string_view title,
                          const std::function<std::string(std::string_view)>& name_of) {
  std::int64_t largest = 0;
  for (const auto& row : rows)
    if (!row.suppressed) largest = std::max(largest, row.count);

  const int height = header_height + static_cast<int>(rows.size()) * row_height + margin;
  const auto safe_title = escape_xml(truncated(title, max_label_chars));

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
                    "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                    "\" role=\"img\" font-family=\"sans-serif\">\n";
  svg += "<title>" + safe_title + "</title>\n";
  // The numbers themselves, for anyone who cannot see the bars.
  svg += "<desc>";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i != 0) svg += "; ";
    svg += escape_xml(name_for(rows[i], name_of)) + ": " + escape_xml(rows[i].shown);
  }
  svg += "</desc>\n";
  svg += "<text x=\"" + num(margin) + "\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">" +
         safe_title + "</text>\n";

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const int top = header_height + static_cast<int>(i) * row_height;
    const int bar_top = top + 17;
    svg += "<text x=\"" + num(margin) + "\" y=\"" + num(top + 13) + "\" font-size=\"12\" fill=\"#1a1a1a\">" +
           escape_xml(truncated(name_for(row, name_of), max_label_chars)) + "</text>\n";

    int bar = 0;
    if (row.suppressed) {
      // Fixed length: the real value is withheld, and a bar drawn to size would show it.
      bar = suppressed_bar;
      svg += "<rect x=\"" + num(margin) + "\" y=\"" + num(bar_top) + "\" width=\"" + num(bar) + "\" height=\"" +
             num(bar_height) + "\" fill=\"#bdbdbd\"/>\n";
      for (int offset = 0; offset + 8 <= bar; offset += 6)
        svg += "<line x1=\"" + num(margin + offset) + "\" y1=\"" + num(bar_top + bar_height) + "\" x2=\"" +
               num(margin + offset + 8) + "\" y2=\"" + num(bar_top) + "\" stroke=\"#ffffff\" stroke-width=\"2\"/>\n";
    } else if (row.count > 0 && largest > 0) {
      bar = static_cast<int>(std::max<std::int64_t>(min_bar, row.count * max_bar / largest));
      svg += "<rect x=\"" + num(margin) + "\" y=\"" + num(bar_top) + "\" width=\"" + num(bar) + "\" height=\"" +
             num(bar_height) + "\" fill=\"#2f6f9f\"/>\n";
    }
    svg += "<text x=\"" + num(margin + bar + 6) + "\" y=\"" + num(bar_top + bar_height - 1) +
           "\" font-size=\"12\" fill=\"#1a1a1a\">" + escape_xml(row.shown) + "</text>\n";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace tipline::report
