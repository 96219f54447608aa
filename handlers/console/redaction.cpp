#include "handlers/console/redaction.hpp"

#include <algorithm>
#include <sstream>

#include "common/utf8.hpp"

namespace tipline::handlers {

namespace {

bool boundary(std::string_view text, std::size_t at) {
  return at == text.size() || (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80);
}

std::string placeholder(const std::string& type, bool english) {
  struct Name { const char* type; const char* vi; const char* en; };
  static constexpr Name names[] = {{"phone", "số điện thoại", "phone"},  {"id_number", "số CCCD", "citizen id"},
                                   {"plate", "biển số", "plate"},        {"email", "email", "email"},
                                   {"social_link", "tài khoản mạng", "social account"}, {"person_name", "tên người", "name"},
                                   {"address", "địa chỉ", "address"}};
  for (const auto& n : names)
    if (type == n.type) return std::string("[") + (english ? n.en : n.vi) + "]";
  return english ? "[personal data]" : "[thông tin cá nhân]";
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(7);
  out << value;
  return out.str();
}

}  // namespace

ReporterText read_reporter_text(std::string_view stored) {
  ReporterText out;
  auto body = decode_message_body(stored);
  out.text = body.spanned_text();
  for (const auto& a : body.attachments) {
    std::string note = a.type;
    if (a.latitude && a.longitude)
      note += " " + number(*a.latitude) + ", " + number(*a.longitude);
    else if (!a.name.empty())
      note += " " + a.name;
    out.attachments.push_back(std::move(note));
  }
  if (!body.pii.empty()) {
    for (auto& span : body.pii) {
      if (span.start >= span.end || span.end > out.text.size() || !boundary(out.text, span.start) ||
          !boundary(out.text, span.end))
        continue;
      out.spans.push_back(std::move(span));
    }
    std::sort(out.spans.begin(), out.spans.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
    // Overlapping spans merge into the first, so nothing of either shows.
    std::vector<PiiSpan> merged;
    for (auto& span : out.spans) {
      if (!merged.empty() && span.start < merged.back().end) {
        merged.back().end = std::max(merged.back().end, span.end);
        continue;
      }
      merged.push_back(std::move(span));
    }
    out.spans = std::move(merged);
  }
  return out;
}

Html redacted_html(const ReporterText& text, bool reveal, bool english) {
  Html out;
  std::size_t at = 0;
  for (const auto& span : text.spans) {
    out += escaped(std::string_view(text.text).substr(at, span.start - at));
    const std::string shown = reveal ? text.text.substr(span.start, span.end - span.start) : placeholder(span.type, english);
    out += render(R"(<mark class="pii" title="{{type}}">{{text}}</mark>)", {{"type", span.type}, {"text", shown}});
    at = span.end;
  }
  out += escaped(std::string_view(text.text).substr(at));
  return out;
}

std::string redacted_preview(const ReporterText& text, std::size_t max_chars, bool english) {
  std::string plain;
  std::size_t at = 0;
  for (const auto& span : text.spans) {
    plain += text.text.substr(at, span.start - at) + placeholder(span.type, english);
    at = span.end;
  }
  plain += text.text.substr(at);
  for (char& c : plain)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  // Cut at a code point boundary.
  std::size_t chars = 0, i = 0;
  for (; i < plain.size(); ++i) {
    if ((static_cast<unsigned char>(plain[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) break;
      ++chars;
    }
  }
  if (i < plain.size()) return plain.substr(0, i) + "…";
  return plain;
}

}  // namespace tipline::handlers
