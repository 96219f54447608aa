#include "handlers/webform/receipt_code.hpp"

#include <cstdint>

namespace tipline::handlers {

constexpr std::size_t receipt_digits = 20;

std::string ReceiptCode::display() const {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(digits[i]);
  }
  return out;
}

ReceiptCode new_receipt_code() {
  ReceiptCode code;
  while (code.digits.size() < receipt_digits) {
    // Rejection sampling keeps every digit uniform: bytes 250..255 would favour 0..5.
    for (unsigned char b : crypto::random_bytes(32)) {
      if (b >= 250) continue;
      code.digits.push_back(static_cast<char>('0' + b % 10));
      if (code.digits.size() == receipt_digits) break;
    }
  }
  return code;
}

std::optional<std::string> normalise_receipt_code(std::string_view typed) {
  std::string digits;
  for (char c : typed) {
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (c != ' ' && c != '-' && c != '.' && c != '\t')
      return std::nullopt;
    if (digits.size() > receipt_digits) return std::nullopt;
  }
  if (digits.size() != receipt_digits) return std::nullopt;
  return digits;
}

std::string ReceiptHasher::hash(std::string_view digits) const {
  return crypto::scrypt(digits, "tipline-receipt:" + key_, cost_);
}

}  // namespace tipline::handlers
