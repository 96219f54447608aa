#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <string_view>

namespace tipline::handlers {

// Caps sized for the tip form: a handful of short field names and one long free-text
// field. The HTTP layer caps the whole body; these stop a valid-sized body from being
// shaped into something expensive (thousands of tiny fields) or surprising.
struct FormLimits {
  std::size_t max_fields = 64;
  std::size_t max_name_bytes = 64;
  std::size_t max_value_bytes = 64 * 1024;
};

// Either `fields` (when ok()) or a short English `error` for logs. Errors never quote
// the input: it may be a reporter's text.
struct FormParseResult {
  std::map<std::string, std::string> fields;
  std::string error;

  bool ok() const { return error.empty(); }
};

// Parses an application/x-www-form-urlencoded body, strictly:
// - '+' is a space and %XX is a byte (hex of either case); a '%' not followed by two hex
//   digits is an error rather than being passed through, so garbled input is visible.
// - Decoded names and values must be valid UTF-8 and must not contain NUL.
// - An empty name is an error. A pair without '=' is a name with an empty value, and
//   empty pairs ("a=1&&b=2", a trailing '&') are skipped, as browsers and WHATWG do.
// - A repeated field name is an error (not first- or last-wins): our own form never
//   repeats a name, and silently picking one copy would let a crafted request make two
//   readers of the same body disagree.
FormParseResult parse_form_fields(std::string_view body, const FormLimits& limits = {});

// A field's value without the spaces and line breaks around it.
std::string trimmed(const std::string& text);

// A row id from a form or query field: 1 to 18 ASCII digits, nothing else (no sign,
// no spaces), above zero.
std::optional<std::int64_t> parse_positive_id(std::string_view text);

}  // namespace tipline::handlers
