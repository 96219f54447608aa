#include "handlers/channels/json_access.hpp"

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

}  // namespace

json parse_object(std::string_view raw_body, std::string_view platform) {
  // nlohmann would accept some ill-formed UTF-8 inside strings and then refuse to
  // dump it later; checking the bytes first keeps every string we hand out valid.
  if (!utf8::is_valid(raw_body)) throw PayloadError(platform_message(platform, "body is not valid UTF-8"));
  json body;
  try {
    body = json::parse(raw_body.begin(), raw_body.end(), nullptr, /*allow_exceptions=*/false);
  } catch (const json::exception&) {
    throw PayloadError(platform_message(platform, "body is not valid JSON"));
  }
  if (body.is_discarded()) throw PayloadError(platform_message(platform, "body is not valid JSON"));
  if (!body.is_object()) throw PayloadError(platform_message(platform, "body is not a JSON object"));
  return body;
}

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

const json* object_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value && !value->is_object()) throw PayloadError("field has an unexpected type");
  return value;
}

const json* array_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (value && !value->is_array()) throw PayloadError("field has an unexpected type");
  return value;
}

std::string string_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (!value) return {};
  if (!value->is_string()) throw PayloadError("field has an unexpected type");
  return value->get<std::string>();
}

std::string string_member(const json* object, std::string_view key) {
  return object ? string_member(*object, key) : std::string();
}

std::string id_member(const json& object, std::string_view key) {
  const json* value = member(object, key);
  if (!value) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_unsigned()) return std::to_string(value->get<std::uint64_t>());
  if (value->is_number_integer()) return std::to_string(value->get<std::int64_t>());
  throw PayloadError("id field has an unexpected type");
}

std::optional<std::int64_t> integer_value(const json& value) {
  if (value.is_number_unsigned()) {
    auto n = value.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(n);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    // 2^63 is exactly representable; anything at or beyond it would overflow the cast.
    if (!std::isfinite(d) || d != std::trunc(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0)
      return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
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
  if (value.is_number()) {
    d = value.get<double>();
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
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
