#pragma once
// The web form's anti-abuse token: issued with the page, signed with a key, valid
// for a limited time and accepted once. It identifies no one: it holds only the
// time it was issued and a random nonce.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tipline::handlers {

enum class TokenCheck { ok, malformed, bad_signature, expired, replayed };

class FormTokens final {
 public:
  FormTokens(std::string key, std::chrono::seconds lifetime);

  std::string issue(std::int64_t now_unix);

  // Verifies the signature and age and, if both hold, marks the token used so a
  // second submission of the same page is refused.
  TokenCheck redeem(std::string_view token, std::int64_t now_unix);

 private:
  std::string sign(std::string_view payload) const;
  void forget_expired(std::int64_t now_unix);

  std::string key_;
  std::int64_t lifetime_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> used_;  // nonce -> issued_at
  std::int64_t last_sweep_ = 0;
};

}  // namespace tipline::handlers
