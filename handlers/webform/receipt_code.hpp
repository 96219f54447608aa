#pragma once
// Receipt codes: the web-form reporter's only way back to their tip. Twenty random
// digits (66 bits) shown once in groups of four; only a slow keyed hash is stored.
// The hash is deterministic (salted with the deployment's receipt key rather than
// per row) so a code can be looked up by its hash; the key and scrypt's cost keep
// a stolen database from being searched for codes.
#include <optional>
#include <string>
#include <string_view>

#include "common/crypto.hpp"

namespace tipline::handlers {

struct ReceiptCode {
  std::string digits;  // 20 digits
  std::string display() const;  // "4821 9930 1175 6642 0831"
};

ReceiptCode new_receipt_code();

// The digits of a code as a person typed it (spaces, dashes and dots allowed), or
// nullopt when it cannot be a receipt code.
std::optional<std::string> normalise_receipt_code(std::string_view typed);

class ReceiptHasher final {
 public:
  explicit ReceiptHasher(std::string key, crypto::ScryptCost cost = {1u << 14, 8, 1})
      : key_(std::move(key)), cost_(cost) {}
  std::string hash(std::string_view digits) const;

 private:
  std::string key_;
  crypto::ScryptCost cost_;
};

}  // namespace tipline::handlers
