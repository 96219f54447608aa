#include "handlers/redaction.hpp"

#include <nlohmann/json.hpp>

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

ReporterText read_reporter_text(std::string_view body) {
  ReporterText out;
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) {
    out.text = utf8::is_valid(body) ? std::string(body) : std::string();
    return out;
  }
  auto str = [&](const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (doc.contains("what")) {
    out.text = str("what") + "\n" + str("where") + "\n" + str("when");  // as triage read it
  } else {
    out.text = str("text");
  }
  if (auto it = doc.find("attachments"); it != doc.end() && it->is_array()) {
    for (const auto& a : *it) {
      if (!a.is_object()) continue;
      std::string type = a.value("type", "attachment");
      if (a.contains("latitude") && a["latitude"].is_number() && a.contains("longitude") && a["longitude"].is_number())
        type += " " + number(a["latitude"].get<double>()) + ", " + number(a["longitude"].get<double>());
      else if (a.contains("name") && a["name"].is_string())
        type += " " + a["name"].get<std::string>();
      out.attachments.push_back(type);
    }
  }
  if (auto it = doc.find("pii"); it != doc.end() && it->is_array()) {
    for (const auto& s : *it) {
      if (!s.is_object() || !s.contains("start") || !s.contains("end") || !s["start"].is_number_unsigned() ||
          !s["end"].is_number_unsigned())
        continue;
      PiiSpan span{s.value("type", "other"), s["start"].get<std::size_t>(), s["end"].get<std::size_t>()};
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
