#include "handlers/channels/json_access.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/utf8.hpp"
#include "handlers/channels/inbound_event.hpp"

namespace tipline::channels::detail {
namespace {

std::string platform_message(std::string_view platform, std::string_view what) {
  std::string out(platform);
  out += ' ';
  out += what;
  return out;
}

bool all_digits(std::string_view text) {
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

// Boost.JSON reads 1e400 as infinity; such a number is not JSON any platform sends.
bool numbers_finite(const json& value) {
  if (value.is_double()) return std::isfinite(value.get_double());
  if (const auto* members = value.if_object()) {
    for (const auto& field : *members)
      if (!numbers_finite(field.value())) return false;
  } else if (const auto* items = value.if_array()) {
    for (const auto& item : *items)
      if (!numbers_finite(item)) return false;
  }
  return true;
}

}  // namespace

json parse_object(std::string_view raw_body, std::string_view platform) {
  // Checked first so that the refusal says what is wrong with the body.
  if (!utf8::is_valid(raw_body)) throw PayloadError(platform_message(platform, "body is not valid UTF-8"));
  json body = parse_any(raw_body);
  if (body.is_null()) throw PayloadError(platform_message(platform, "body is not valid JSON"));
  if (!body.is_object()) throw PayloadError(platform_message(platform, "body is not a JSON object"));
  return body;
}

json parse_any(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 64;  // platform bodies nest a handful of levels; deeper is refused
  boost::system::error_code ec;
  json value = boost::json::parse(text, ec, {}, options);
  if (ec || !numbers_finite(value)) return nullptr;
  return value;
}

const json* member(const json& object, std::string_view key) {
  const auto* members = object.if_object();
  if (!members) return nullptr;
  const json* value = members->if_contains(key);
  return value && !value->is_null() ? value : nullptr;
}

const json* object_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value && !value->is_object()) throw PayloadError("field has an unexpected type");
  return value;
}

const boost::json::array* array_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value && !value->is_array()) throw PayloadError("field has an unexpected type");
  return value ? &value->get_array() : nullptr;
}

bool is_string(const json* value, std::string_view text) {
  return value && value->is_string() && std::string_view(value->get_string()) == text;
}

std::string string_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (!value) return {};
  if (!value->is_string()) throw PayloadError("field has an unexpected type");
  return std::string(value->get_string());
}

std::string string_member(const json* object, std::string_view key) {
  return object ? string_member(*object, key) : std::string();
}

std::string id_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (!value) return {};
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_uint64()) return std::to_string(value->get_uint64());
  if (value->is_int64()) return std::to_string(value->get_int64());
  throw PayloadError("id field has an unexpected type");
}

std::optional<std::int64_t> integer_value(const json& value) {
  if (value.is_uint64()) {
    auto n = value.get_uint64();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(n);
  }
  if (value.is_int64()) return value.get_int64();
  if (value.is_double()) {
    double d = value.get_double();
    // 2^63 is exactly representable; anything at or beyond it would overflow the cast.
    if (!std::isfinite(d) || d != std::trunc(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0)
      return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (value.is_string()) {
    const std::string_view text = value.get_string();
    std::string_view digits = text;
    if (digits.starts_with('-')) digits.remove_prefix(1);
    if (!all_digits(digits) || digits.size() > 19) return std::nullopt;
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
  }
  return std::nullopt;
}

std::optional<double> number_value(const json& value) {
  double d = 0;
  if (value.is_double()) {
    d = value.get_double();
  } else if (value.is_int64()) {
    d = static_cast<double>(value.get_int64());
  } else if (value.is_uint64()) {
    d = static_cast<double>(value.get_uint64());
  } else if (value.is_string()) {
    const std::string_view text = value.get_string();
    if (text.empty() || text.size() > 64) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<Coordinates> coordinates_member(const json* payload, std::string_view latitude_key,
                                              std::string_view longitude_key) {
  if (!payload) return std::nullopt;
  const json* coordinates = object_member(*payload, "coordinates");
  if (!coordinates) return std::nullopt;
  const json* latitude = member(*coordinates, latitude_key);
  const json* longitude = member(*coordinates, longitude_key);
  if (!latitude || !longitude) return std::nullopt;
  auto lat = number_value(*latitude);
  auto lon = number_value(*longitude);
  if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) return std::nullopt;
  return Coordinates{*lat, *lon};
}

bool is_safe_name(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool is_usable_id(std::string_view text) {
  if (text.empty() || text.size() > 256) return false;
  for (char c : text)
    if (c <= ' ' || c > '~') return false;
  return true;
}

std::string body_key_prefix(std::string_view raw_body) {
  return "body:" + encoding::to_hex(crypto::sha256(raw_body)) + ":";
}

std::string_view cut_code_points(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xc0) == 0x80) continue;  // continuation byte: part of the current code point
    if (count == max_code_points) return text.substr(0, i);
    ++count;
  }
  return text;
}

}  // namespace tipline::channels::detail
