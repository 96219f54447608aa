#include "handlers/http/form_fields.hpp"

#include <optional>

#include "common/utf8.hpp"

namespace tipline::handlers {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes into `out`, stopping once `max_bytes` is exceeded so an oversized value
// costs no more than the cap. Returns an error message or nothing.
std::optional<std::string_view> decode_component(std::string_view in, std::size_t max_bytes,
                                                 std::string_view too_long, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (in.size() - i < 3) return "bad percent escape";
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return "bad percent escape";
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return "NUL byte in form";
    if (out.size() == max_bytes) return too_long;
    out.push_back(c);
  }
  return std::nullopt;
}

}  // namespace

FormParseResult parse_form_fields(std::string_view body, const FormLimits& limits) {
  FormParseResult result;
  auto fail = [&result](std::string_view message) {
    result.fields.clear();
    result.error = message;
    return result;
  };

  std::string name;
  std::string value;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;

    if (result.fields.size() == limits.max_fields) return fail("too many fields");
    std::size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);

    if (auto err = decode_component(raw_name, limits.max_name_bytes, "field name too long", name))
      return fail(*err);
    if (name.empty()) return fail("empty field name");
    if (!utf8::is_valid(name)) return fail("field name not UTF-8");
    if (auto err = decode_component(raw_value, limits.max_value_bytes, "field value too long", value))
      return fail(*err);
    if (!utf8::is_valid(value)) return fail("field value not UTF-8");

    if (!result.fields.try_emplace(name, value).second) return fail("duplicate field");
  }
  return result;
}

std::optional<std::int64_t> parse_positive_id(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id <= 0) return std::nullopt;
  return id;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace tipline::handlers
