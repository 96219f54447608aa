#include "common/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

namespace tipline::crypto {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

}  // namespace

std::string random_bytes(std::size_t count) {
  std::string out(count, '\0');
  require(RAND_bytes(bytes(out), static_cast<int>(count)) == 1, "random generator failed");
  return out;
}

std::string sha256(std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(bytes(data), data.size(), bytes(out));
  return out;
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  require(ctx_ != nullptr && EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) == 1, "SHA-256 init failed");
}

Sha256::Sha256(const Sha256& other) : ctx_(EVP_MD_CTX_new()) {
  require(ctx_ != nullptr && EVP_MD_CTX_copy_ex(ctx_, other.ctx_) == 1, "SHA-256 copy failed");
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

Sha256& Sha256::update(std::string_view data) {
  require(EVP_DigestUpdate(ctx_, data.data(), data.size()) == 1, "SHA-256 update failed");
  return *this;
}

std::string Sha256::finish() {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  unsigned int len = 0;
  require(EVP_DigestFinal_ex(ctx_, bytes(out), &len) == 1 && len == out.size(), "SHA-256 final failed");
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int len = 0;
  require(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes(data), data.size(), bytes(out),
               &len) != nullptr,
          "HMAC failed");
  out.resize(len);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string scrypt(std::string_view secret, std::string_view salt, ScryptCost cost, std::size_t output_size) {
  std::string out(output_size, '\0');
  // 64 MiB ceiling: enough for N=2^15, r=8 (32 MiB) with headroom.
  require(EVP_PBE_scrypt(secret.data(), secret.size(), bytes(salt), salt.size(), cost.n, cost.r, cost.p,
                         64ull * 1024 * 1024, bytes(out), out.size()) == 1,
          "scrypt failed");
  return out;
}

std::string seal(std::string_view key, std::string_view plaintext, std::string_view aad) {
  require(key.size() == aes_key_size, "AES-256-GCM key must be 32 bytes");
  std::string out(gcm_nonce_size + plaintext.size() + gcm_tag_size, '\0');
  std::string nonce = random_bytes(gcm_nonce_size);
  out.replace(0, gcm_nonce_size, nonce);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  require(ctx != nullptr, "cipher context");
  int len = 0;
  require(EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) == 1, "encrypt init");
  if (!aad.empty())
    require(EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) == 1, "aad");
  unsigned char* cipher = bytes(out) + gcm_nonce_size;
  if (!plaintext.empty())
    require(EVP_EncryptUpdate(ctx.get(), cipher, &len, bytes(plaintext), static_cast<int>(plaintext.size())) == 1,
            "encrypt");
  require(EVP_EncryptFinal_ex(ctx.get(), cipher + plaintext.size(), &len) == 1, "encrypt final");
  require(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, gcm_tag_size, cipher + plaintext.size()) == 1,
          "tag");
  return out;
}

std::optional<std::string> open(std::string_view key, std::string_view sealed, std::string_view aad) {
  if (key.size() != aes_key_size || sealed.size() < gcm_nonce_size + gcm_tag_size) return std::nullopt;
  std::size_t text_size = sealed.size() - gcm_nonce_size - gcm_tag_size;
  std::string plain(text_size, '\0');
  std::string tag(sealed.substr(gcm_nonce_size + text_size));
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) return std::nullopt;
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(sealed)) != 1) return std::nullopt;
  if (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1)
    return std::nullopt;
  if (text_size > 0 && EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, bytes(sealed) + gcm_nonce_size,
                                         static_cast<int>(text_size)) != 1)
    return std::nullopt;
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, gcm_tag_size, tag.data()) != 1) return std::nullopt;
  unsigned char final_block[16];
  if (EVP_DecryptFinal_ex(ctx.get(), final_block, &len) != 1) return std::nullopt;
  return plain;
}

}  // namespace tipline::crypto
