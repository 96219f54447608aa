#include "handlers/http/form_token.hpp"

#include <charconv>

#include "common/crypto.hpp"
#include "common/encoding.hpp"

namespace tipline::handlers {

FormTokens::FormTokens(std::string key, std::chrono::seconds lifetime)
    : key_(std::move(key)), lifetime_(lifetime.count()) {}

std::string FormTokens::sign(std::string_view payload) const {
  return encoding::to_base64url(crypto::hmac_sha256(key_, "form-token:" + std::string(payload)).substr(0, 16));
}

std::string FormTokens::issue(std::int64_t now_unix) {
  std::string payload = std::to_string(now_unix) + "." + encoding::to_base64url(crypto::random_bytes(12));
  return payload + "." + sign(payload);
}

TokenCheck FormTokens::redeem(std::string_view token, std::int64_t now_unix) {
  if (token.size() > 128) return TokenCheck::malformed;
  auto last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) return TokenCheck::malformed;
  auto payload = token.substr(0, last_dot);
  auto first_dot = payload.find('.');
  if (first_dot == std::string_view::npos) return TokenCheck::malformed;
  std::int64_t issued = 0;
  auto [end, ec] = std::from_chars(payload.data(), payload.data() + first_dot, issued);
  if (ec != std::errc() || end != payload.data() + first_dot) return TokenCheck::malformed;
  if (!crypto::constant_time_equal(sign(payload), token.substr(last_dot + 1))) return TokenCheck::bad_signature;
  // A token from the future is as suspect as an old one (allow a little clock skew).
  if (now_unix - issued > lifetime_ || issued - now_unix > 60) return TokenCheck::expired;
  std::string nonce(payload.substr(first_dot + 1));
  std::lock_guard lock(mutex_);
  forget_expired(now_unix);
  if (!used_.emplace(std::move(nonce), issued).second) return TokenCheck::replayed;
  return TokenCheck::ok;
}

void FormTokens::forget_expired(std::int64_t now_unix) {
  // An expired token is refused by its age, so its nonce need not be remembered.
  if (now_unix - last_sweep_ < 60) return;
  last_sweep_ = now_unix;
  std::erase_if(used_, [&](const auto& entry) { return now_unix - entry.second > lifetime_; });
}

}  // namespace tipline::handlers
