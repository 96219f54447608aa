#pragma once
// The few cryptographic operations Tipline needs, on top of OpenSSL 3. Keys and
// outputs are raw bytes held in std::string.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace tipline::crypto {

constexpr std::size_t aes_key_size = 32;
constexpr std::size_t gcm_nonce_size = 12;
constexpr std::size_t gcm_tag_size = 16;

// Cryptographically secure random bytes; throws if the system generator fails.
std::string random_bytes(std::size_t count);

std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

// SHA-256 fed in pieces. Copying it copies the state, so a long common prefix (a
// webhook body) is hashed once and finished with several different tails.
class Sha256 final {
 public:
  Sha256();
  Sha256(const Sha256& other);
  Sha256& operator=(const Sha256&) = delete;
  ~Sha256();
  Sha256& update(std::string_view data);
  std::string finish();  // the 32-byte digest; the object is spent afterwards

 private:
  ::evp_md_ctx_st* ctx_;
};

// Comparison whose time does not depend on where the inputs first differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// Memory-hard slow hash (scrypt) for secrets a person types, such as receipt codes.
struct ScryptCost {
  std::uint64_t n = 1u << 15;
  std::uint32_t r = 8;
  std::uint32_t p = 1;
};
std::string scrypt(std::string_view secret, std::string_view salt, ScryptCost cost = {},
                   std::size_t output_size = 32);

// AES-256-GCM. seal() returns nonce || ciphertext || tag under a fresh random nonce;
// `aad` binds the ciphertext to where it is stored, so a row cannot be swapped for
// another. open() returns nullopt when the key, the aad or any byte is wrong.
std::string seal(std::string_view key, std::string_view plaintext, std::string_view aad);
std::optional<std::string> open(std::string_view key, std::string_view sealed, std::string_view aad);

}  // namespace tipline::crypto
