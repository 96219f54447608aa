#include "storage/keyring.hpp"

#include <openssl/crypto.h>

#include <stdexcept>

#include "common/crypto.hpp"
#include "storage/store.hpp"

namespace tipline::storage {

Keyring::Keyring(std::map<std::uint32_t, std::string> keys, std::uint32_t active_id)
    : keys_(std::move(keys)), active_id_(active_id) {
  for (const auto& [id, key] : keys_) {
    if (key.size() != crypto::aes_key_size) {
      throw std::invalid_argument("keyring: data key " + std::to_string(id) + " is not " +
                                  std::to_string(crypto::aes_key_size) + " bytes");
    }
  }
  if (!keys_.contains(active_id_)) {
    throw std::invalid_argument("keyring: active data key " + std::to_string(active_id_) +
                                " is not in the ring");
  }
}

Keyring::~Keyring() {
  // Moved-from strings are empty, so this only wipes keys this object still holds.
  for (auto& [id, key] : keys_) OPENSSL_cleanse(key.data(), key.size());
}

SealedValue Keyring::seal(std::string_view plaintext, std::string_view aad) const {
  return SealedValue{active_id_, crypto::seal(keys_.at(active_id_), plaintext, aad)};
}

std::string Keyring::open(std::uint32_t key_id, std::string_view sealed,
                          std::string_view aad) const {
  const auto key = keys_.find(key_id);
  if (key == keys_.end()) {
    throw DecryptError("keyring: data key " + std::to_string(key_id) + " is not loaded");
  }
  auto plaintext = crypto::open(key->second, sealed, aad);
  if (!plaintext) {
    throw DecryptError("keyring: sealed value did not open with data key " +
                       std::to_string(key_id) + " (wrong key or tampered)");
  }
  return std::move(*plaintext);
}

}  // namespace tipline::storage
