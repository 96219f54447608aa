#include "common/password.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/utf8.hpp"

namespace tipline::password {
namespace {

// crypto::scrypt passes this ceiling to OpenSSL; checking it here first turns an
// oversized row into a plain false instead of an exception from deep inside.
constexpr std::uint64_t scrypt_memory_ceiling = 64ull * 1024 * 1024;

struct Parsed {
  std::uint32_t ln, r, p;
  std::string salt, hash;
};

bool parameters_acceptable(std::uint32_t ln, std::uint32_t r, std::uint32_t p) {
  if (ln < min_ln || ln > max_ln || r < min_r || r > max_r || p < min_p || p > max_p) return false;
  // The same sum OpenSSL compares with its memory limit: the V array plus B.
  std::uint64_t n = std::uint64_t{1} << ln;
  return 128ull * r * (n + 2) + 128ull * r * p <= scrypt_memory_ceiling;
}

// "name=digits" with a small decimal value and no sign or leading zeros, so there is
// only one spelling of each parameter.
std::optional<std::uint32_t> parse_field(std::string_view field, std::string_view name) {
  if (field.size() <= name.size() + 1 || field.substr(0, name.size()) != name || field[name.size()] != '=')
    return std::nullopt;
  std::string_view digits = field.substr(name.size() + 1);
  if (digits.size() > 2 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<Parsed> parse(std::string_view encoded) {
  std::vector<std::string_view> parts;
  while (parts.size() < 7) {
    auto pos = encoded.find('$');
    parts.push_back(encoded.substr(0, pos));
    if (pos == std::string_view::npos) break;
    encoded.remove_prefix(pos + 1);
  }
  if (parts.size() != 6 || parts[0] != "scrypt") return std::nullopt;
  auto ln = parse_field(parts[1], "ln");
  auto r = parse_field(parts[2], "r");
  auto p = parse_field(parts[3], "p");
  if (!ln || !r || !p) return std::nullopt;
  auto salt = encoding::from_base64url(parts[4]);
  auto hash = encoding::from_base64url(parts[5]);
  // Exact sizes: nothing but hash_with() writes these rows, so any other size is
  // corruption or tampering.
  if (!salt || !hash || salt->size() != salt_size || hash->size() != hash_size) return std::nullopt;
  return Parsed{*ln, *r, *p, std::move(*salt), std::move(*hash)};
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// True when valid UTF-8 `text` is one code point repeated ("aaaa…", "ưưưư…").
bool single_repeated_character(std::string_view text) {
  if (text.empty()) return false;
  std::size_t first = 1;
  while (first < text.size() && (static_cast<unsigned char>(text[first]) & 0xc0) == 0x80) ++first;
  std::string_view unit = text.substr(0, first);
  if (text.size() % unit.size() != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += unit.size())
    if (text.substr(i, unit.size()) != unit) return false;
  return true;
}

// The commonest passwords of 12+ characters (shorter ones already fail the length
// rule), from public breach lists plus Vietnamese favourites. Compared in ASCII
// lower case, so "Password1234" is caught too.
constexpr std::array<std::string_view, 24> common_passwords = {
    "123456789012", "1234567890123", "12345678901234", "123456123456", "123123123123",
    "password1234", "password12345", "password@123", "passw0rd1234", "qwertyuiop12",
    "qwertyuiop123", "qwerty123456", "123456qwerty", "1q2w3e4r5t6y", "1qaz2wsx3edc",
    "abc123456789", "abcd12345678", "iloveyou1234", "admin1234567", "admin@123456",
    "matkhau12345", "matkhau123456", "matkhau@1234", "anhyeuem1234",
};

PolicyResult problem(std::string vi, std::string en) { return {false, std::move(vi), std::move(en)}; }

}  // namespace

std::string hash(std::string_view password) { return hash_with(password, default_ln, default_r, default_p); }

std::string hash_with(std::string_view password, std::uint32_t ln, std::uint32_t r, std::uint32_t p) {
  if (!parameters_acceptable(ln, r, p)) throw std::invalid_argument("scrypt parameters out of range");
  std::string salt = crypto::random_bytes(salt_size);
  std::string derived = crypto::scrypt(password, salt, {std::uint64_t{1} << ln, r, p}, hash_size);
  return "scrypt$ln=" + std::to_string(ln) + "$r=" + std::to_string(r) + "$p=" + std::to_string(p) + "$" +
         encoding::to_base64url(salt) + "$" + encoding::to_base64url(derived);
}

bool verify(std::string_view password, std::string_view encoded) {
  try {
    auto parsed = parse(encoded);
    if (!parsed || !parameters_acceptable(parsed->ln, parsed->r, parsed->p)) return false;
    std::string derived =
        crypto::scrypt(password, parsed->salt, {std::uint64_t{1} << parsed->ln, parsed->r, parsed->p}, hash_size);
    return crypto::constant_time_equal(derived, parsed->hash);
  } catch (const std::exception&) {
    // Out of memory or an OpenSSL failure: refusing the login is the only safe answer.
    return false;
  }
}

bool needs_rehash(std::string_view encoded) {
  auto parsed = parse(encoded);
  if (!parsed || !parameters_acceptable(parsed->ln, parsed->r, parsed->p)) return true;
  return parsed->ln < default_ln || parsed->r < default_r || parsed->p < default_p;
}

PolicyResult check_policy(std::string_view password, std::string_view username) {
  // Bytes first: cheap, and bounds the work of every later rule.
  if (password.size() > max_length_bytes)
    return problem("Mật khẩu quá dài (tối đa 256 byte).", "The password is too long (at most 256 bytes).");
  if (!utf8::is_valid(password))
    return problem("Mật khẩu chứa ký tự không hợp lệ.", "The password contains invalid characters (not UTF-8).");
  if (utf8::length(password) < min_length)
    return problem("Mật khẩu phải có ít nhất 12 ký tự.", "The password must be at least 12 characters long.");
  if (single_repeated_character(password))
    return problem("Mật khẩu không được chỉ gồm một ký tự lặp lại.",
                   "The password must not be a single repeated character.");
  std::string lower = ascii_lower(password);
  // Very short usernames would forbid ordinary syllables ("an", "vy"), so they are
  // not checked.
  if (username.size() >= 3 && lower.find(ascii_lower(username)) != std::string::npos)
    return problem("Mật khẩu không được chứa tên đăng nhập.", "The password must not contain the username.");
  for (std::string_view common : common_passwords)
    if (lower == common)
      return problem("Mật khẩu này quá phổ biến, hãy chọn mật khẩu khác.",
                     "This password is too common; choose another one.");
  return {true, {}, {}};
}

std::string new_one_time_password() {
  // 32 symbols, so a random byte's low five bits pick one without bias.
  constexpr std::string_view alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  static_assert(alphabet.size() == 32);
  std::string random = crypto::random_bytes(16);
  std::string out;
  out.reserve(19);
  for (std::size_t i = 0; i < random.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(alphabet[static_cast<unsigned char>(random[i]) & 31]);
  }
  return out;
}

}  // namespace tipline::password
