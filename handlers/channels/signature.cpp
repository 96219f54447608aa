#include "handlers/channels/signature.hpp"

#include <optional>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "common/encoding.hpp"

namespace tipline::channels {
namespace {

constexpr std::size_t sha256_hex_size = 64;
// A body holds one "timestamp"; a handful of candidates covers nested or repeated
// keys, and a cap keeps a hostile body from making us hash it thousands of times.
constexpr std::size_t max_timestamp_candidates = 8;
constexpr std::size_t max_timestamp_digits = 20;

// Exactly 64 hex digits in either case, as raw digest bytes.
std::optional<std::string> digest_from_hex(std::string_view hex) {
  if (hex.size() != sha256_hex_size) return std::nullopt;
  return encoding::from_hex(hex);
}

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The characters Zalo fed to the mac for each `"timestamp": <value>` in the raw
// bytes: the digits of a JSON string ("1767881707123") or of a bare number.
// Scanning the bytes rather than parsing keeps verification ahead of any JSON work.
std::vector<std::string_view> timestamp_candidates(std::string_view body) {
  static constexpr std::string_view key = "\"timestamp\"";
  std::vector<std::string_view> out;
  std::size_t from = 0;
  while (out.size() < max_timestamp_candidates) {
    auto at = body.find(key, from);
    if (at == std::string_view::npos) break;
    from = at + key.size();
    std::size_t i = from;
    while (i < body.size() && is_json_space(body[i])) ++i;
    if (i >= body.size() || body[i] != ':') continue;
    ++i;
    while (i < body.size() && is_json_space(body[i])) ++i;
    bool quoted = i < body.size() && body[i] == '"';
    if (quoted) ++i;
    std::size_t start = i;
    while (i < body.size() && is_digit(body[i]) && i - start <= max_timestamp_digits) ++i;
    std::size_t length = i - start;
    if (length == 0 || length > max_timestamp_digits) continue;
    if (quoted && (i >= body.size() || body[i] != '"')) continue;
    // "1.5e3" is a number, but not one of digits: the "1" alone is no candidate.
    if (!quoted && i < body.size() && (body[i] == '.' || body[i] == 'e' || body[i] == 'E')) continue;
    out.push_back(body.substr(start, length));
  }
  return out;
}

}  // namespace

bool verify_zalo_signature(std::string_view configured_app_id, std::string_view oa_secret, std::string_view raw_body,
                           std::string_view header_value) {
  // Without a secret anyone could compute the mac; refuse rather than accept all.
  if (configured_app_id.empty() || oa_secret.empty()) return false;
  if (header_value.starts_with("mac=")) header_value.remove_prefix(4);
  auto expected = digest_from_hex(header_value);
  if (!expected) return false;

  // Zalo's scheme is a plain hash with the secret appended, not an HMAC. The body is
  // hashed once; each timestamp candidate only finishes a copy of that state.
  crypto::Sha256 prefix;
  prefix.update(configured_app_id).update(raw_body);
  bool matched = false;
  for (auto timestamp : timestamp_candidates(raw_body)) {
    crypto::Sha256 mac = prefix;
    if (crypto::constant_time_equal(mac.update(timestamp).update(oa_secret).finish(), *expected)) matched = true;
  }
  return matched;
}

bool verify_messenger_signature(std::string_view app_secret, std::string_view raw_body, std::string_view header_value) {
  if (app_secret.empty()) return false;
  static constexpr std::string_view prefix = "sha256=";
  if (!header_value.starts_with(prefix)) return false;
  auto expected = digest_from_hex(header_value.substr(prefix.size()));
  if (!expected) return false;
  return crypto::constant_time_equal(crypto::hmac_sha256(app_secret, raw_body), *expected);
}

}  // namespace tipline::channels
