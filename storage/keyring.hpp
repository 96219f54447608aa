#pragma once
// The data keys that seal tip text and attachments, by integer id. New values are
// sealed with the active key; old values name the key that sealed them, so making a
// new key active (rotation) keeps every earlier row readable while the old key is
// still in the ring. Reading key files is the configuration loader's job.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace tipline::storage {

struct SealedValue {
  std::uint32_t key_id = 0;
  std::string bytes;  // nonce || ciphertext || tag
};

class Keyring final {
 public:
  // Every key must be crypto::aes_key_size bytes and `active_id` must be among them;
  // throws std::invalid_argument otherwise (the message names ids, never key bytes).
  Keyring(std::map<std::uint32_t, std::string> keys, std::uint32_t active_id);
  ~Keyring();
  Keyring(const Keyring&) = default;
  Keyring& operator=(const Keyring&) = default;
  Keyring(Keyring&&) = default;
  Keyring& operator=(Keyring&&) = default;

  std::uint32_t active_id() const { return active_id_; }
  bool has(std::uint32_t key_id) const { return keys_.contains(key_id); }

  SealedValue seal(std::string_view plaintext, std::string_view aad) const;
  // Throws DecryptError when the key id is unknown or the bytes or aad do not match.
  std::string open(std::uint32_t key_id, std::string_view sealed, std::string_view aad) const;

 private:
  std::map<std::uint32_t, std::string> keys_;
  std::uint32_t active_id_ = 0;
};

}  // namespace tipline::storage
