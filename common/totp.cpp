#include "common/totp.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "common/crypto.hpp"
#include "common/encoding.hpp"

namespace tipline::totp {
namespace {

constexpr std::size_t sha1_size = 20;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

// HMAC-SHA-1 through EVP_MAC: the HMAC_CTX functions are deprecated in OpenSSL 3.
// SHA-1 is acceptable here because HMAC does not depend on collision resistance,
// and it is the only algorithm every authenticator app implements.
std::array<unsigned char, sha1_size> hmac_sha1(std::string_view key, std::string_view data) {
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr), EVP_MAC_free);
  require(mac != nullptr, "HMAC unavailable");
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac.get()), EVP_MAC_CTX_free);
  require(ctx != nullptr, "HMAC context");
  char digest_name[] = "SHA1";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                               OSSL_PARAM_construct_end()};
  require(EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) == 1,
          "HMAC init");
  require(EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1,
          "HMAC update");
  std::array<unsigned char, sha1_size> out{};
  std::size_t len = 0;
  require(EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) == 1 && len == out.size(), "HMAC final");
  return out;
}

// RFC 4226 HOTP: HMAC over the big-endian 8-byte counter, then dynamic truncation.
std::string hotp(std::string_view secret, std::uint64_t counter, int digit_count) {
  if (secret.empty()) throw std::invalid_argument("empty TOTP secret");
  if (digit_count < 6 || digit_count > 8) throw std::invalid_argument("TOTP digits must be 6 to 8");
  std::string message(8, '\0');
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  auto mac = hmac_sha1(secret, message);
  unsigned offset = mac[sha1_size - 1] & 0x0f;
  std::uint32_t value = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                        (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                        (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint32_t modulus = 1;
  for (int i = 0; i < digit_count; ++i) modulus *= 10;
  value %= modulus;
  std::string code(static_cast<std::size_t>(digit_count), '0');
  for (auto it = code.rbegin(); it != code.rend(); ++it) {
    *it = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

// "123456" or "123 456" (how the apps display it, so how people copy it) to
// "123456"; nullopt for anything else.
std::optional<std::string> normalize_code(std::string_view code) {
  std::string out;
  if (code.size() == 7 && code[3] == ' ') {
    out.append(code.substr(0, 3)).append(code.substr(4));
  } else if (code.size() == 6) {
    out.assign(code);
  } else {
    return std::nullopt;
  }
  if (!std::all_of(out.begin(), out.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  return out;
}

int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string new_secret() { return crypto::random_bytes(secret_size); }

std::string secret_to_base32(std::string_view secret) {
  // encoding::to_base32 writes the RFC 4648 alphabet in lower case without padding;
  // the apps want upper case.
  std::string out = encoding::to_base32(secret);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string display_secret(std::string_view secret) {
  std::string plain = secret_to_base32(secret);
  std::string out;
  out.reserve(plain.size() + plain.size() / 4);
  for (std::size_t i = 0; i < plain.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(plain[i]);
  }
  return out;
}

std::optional<std::string> secret_from_base32(std::string_view text) {
  std::string symbols;
  symbols.reserve(text.size());
  bool padding_seen = false;
  for (char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      padding_seen = true;
      continue;
    }
    // '=' is only padding at the end; data after it means the text is not base32.
    if (padding_seen || base32_value(c) < 0) return std::nullopt;
    symbols.push_back(c);
  }
  // A final group of 1, 3 or 6 symbols cannot come from whole bytes.
  std::size_t tail = symbols.size() % 8;
  if (symbols.empty() || tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  std::string out;
  out.reserve(symbols.size() * 5 / 8);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : symbols) {
    acc = ((acc << 5) | static_cast<std::uint32_t>(base32_value(c))) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::int64_t step_at(std::int64_t unix_seconds) {
  std::int64_t step = unix_seconds / period_seconds;
  if (unix_seconds % period_seconds < 0) --step;
  return step;
}

std::string code_at(std::string_view secret, std::int64_t unix_seconds) {
  return code_at_digits(secret, unix_seconds, digits);
}

std::string code_at_digits(std::string_view secret, std::int64_t unix_seconds, int digit_count) {
  // RFC 6238 counts steps as unsigned; a time before 1970 simply wraps.
  return hotp(secret, static_cast<std::uint64_t>(step_at(unix_seconds)), digit_count);
}

Verification verify(std::string_view secret, std::string_view code, std::int64_t now,
                     std::int64_t last_used_step, int window) {
  Verification result{false, last_used_step};
  auto given = normalize_code(code);
  if (!given || secret.empty()) return result;
  window = std::clamp(window, 0, max_window);
  std::int64_t current = step_at(now);
  try {
    // Every candidate is computed and compared, without stopping at a match, so the
    // time taken does not tell which step (if any) matched. When two steps share a
    // code by chance the later one is returned, which burns both for replay.
    for (std::int64_t step = current - window; step <= current + window; ++step) {
      if (step <= last_used_step) continue;
      std::string expected = hotp(secret, static_cast<std::uint64_t>(step), digits);
      if (crypto::constant_time_equal(expected, *given)) result = {true, step};
    }
  } catch (const std::exception&) {
    return {false, last_used_step};
  }
  return result;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret) {
  std::string uri = "otpauth://totp/";
  if (!issuer.empty()) uri += encoding::percent_encode(issuer) + ":";
  uri += encoding::percent_encode(account);
  uri += "?secret=" + secret_to_base32(secret);
  // Issuer is repeated as a parameter because newer apps read it from there and
  // older ones only from the label prefix.
  if (!issuer.empty()) uri += "&issuer=" + encoding::percent_encode(issuer);
  uri += "&algorithm=SHA1&digits=6&period=30";
  return uri;
}

}  // namespace tipline::totp
