#include "common/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace tipline::crypto {
namespace {

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

// OpenSSL 3 spends more on looking up an algorithm, making a context and expanding a
// key than on sealing or signing a short message. Each thread keeps its contexts, one
// per key it has used lately (a handful: data, pseudonym, receipt, channel secrets),
// and only resets them between messages.
template <typename Context, void (*Free)(Context*)>
class ContextsByKey {
 public:
  ContextsByKey() = default;
  ContextsByKey(const ContextsByKey&) = delete;
  ContextsByKey& operator=(const ContextsByKey&) = delete;
  ~ContextsByKey() {
    for (auto& entry : entries_) {
      OPENSSL_cleanse(entry.key.data(), entry.key.size());
      Free(entry.context);
    }
  }

  // The context keyed with `key`, or nullptr when the caller must make and key one
  // and hand it to keep().
  Context* find(std::string_view key) {
    for (auto& entry : entries_)
      if (entry.key == key) return entry.context;
    return nullptr;
  }
  Context* keep(std::string_view key, Context* context) {
    if (entries_.size() == max_entries) {
      OPENSSL_cleanse(entries_.front().key.data(), entries_.front().key.size());
      Free(entries_.front().context);
      entries_.erase(entries_.begin());
    }
    entries_.push_back({std::string(key), context});
    return context;
  }

 private:
  static constexpr std::size_t max_entries = 8;
  struct Entry {
    std::string key;
    Context* context;
  };
  std::vector<Entry> entries_;
};

EVP_CIPHER_CTX* gcm_context(std::string_view key, bool encrypt) {
  thread_local ContextsByKey<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free> sealing, opening;
  auto& contexts = encrypt ? sealing : opening;
  if (EVP_CIPHER_CTX* ctx = contexts.find(key)) return ctx;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  require(ctx != nullptr, "cipher context");
  if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), nullptr, bytes(key), nullptr, encrypt ? 1 : 0) != 1) {
    EVP_CIPHER_CTX_free(ctx);
    throw std::runtime_error("cipher init");
  }
  return contexts.keep(key, ctx);
}

EVP_MAC_CTX* hmac_context(std::string_view key) {
  thread_local ContextsByKey<EVP_MAC_CTX, EVP_MAC_CTX_free> contexts;
  if (EVP_MAC_CTX* ctx = contexts.find(key)) return ctx;
  static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  require(hmac != nullptr, "HMAC unavailable");
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac);
  require(ctx != nullptr, "HMAC context");
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
  static const unsigned char no_key = 0;  // an empty key must still be given as a key
  if (EVP_MAC_init(ctx, key.empty() ? &no_key : bytes(key), key.size(), params) != 1) {
    EVP_MAC_CTX_free(ctx);
    throw std::runtime_error("HMAC init");
  }
  return contexts.keep(key, ctx);
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
  EVP_MAC_CTX* ctx = hmac_context(key);
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  std::size_t len = 0;
  // Initialising without a key starts a new message under the key the context holds.
  require(EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1 && EVP_MAC_update(ctx, bytes(data), data.size()) == 1 &&
              EVP_MAC_final(ctx, bytes(out), &len, out.size()) == 1 && len == out.size(),
          "HMAC failed");
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
  require(RAND_bytes(bytes(out), static_cast<int>(gcm_nonce_size)) == 1, "random generator failed");
  EVP_CIPHER_CTX* ctx = gcm_context(key, true);
  int len = 0;
  // A new nonce on the keyed context starts a new message.
  require(EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, bytes(out)) == 1, "encrypt init");
  if (!aad.empty())
    require(EVP_EncryptUpdate(ctx, nullptr, &len, bytes(aad), static_cast<int>(aad.size())) == 1, "aad");
  unsigned char* cipher = bytes(out) + gcm_nonce_size;
  if (!plaintext.empty())
    require(EVP_EncryptUpdate(ctx, cipher, &len, bytes(plaintext), static_cast<int>(plaintext.size())) == 1,
            "encrypt");
  require(EVP_EncryptFinal_ex(ctx, cipher + plaintext.size(), &len) == 1, "encrypt final");
  require(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, gcm_tag_size, cipher + plaintext.size()) == 1, "tag");
  return out;
}

std::optional<std::string> open(std::string_view key, std::string_view sealed, std::string_view aad) {
  if (key.size() != aes_key_size || sealed.size() < gcm_nonce_size + gcm_tag_size) return std::nullopt;
  std::size_t text_size = sealed.size() - gcm_nonce_size - gcm_tag_size;
  std::string plain(text_size, '\0');
  std::string tag(sealed.substr(gcm_nonce_size + text_size));
  EVP_CIPHER_CTX* ctx = gcm_context(key, false);
  int len = 0;
  if (EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, bytes(sealed)) != 1) return std::nullopt;
  if (!aad.empty() && EVP_DecryptUpdate(ctx, nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1)
    return std::nullopt;
  if (text_size > 0 && EVP_DecryptUpdate(ctx, bytes(plain), &len, bytes(sealed) + gcm_nonce_size,
                                         static_cast<int>(text_size)) != 1)
    return std::nullopt;
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, gcm_tag_size, tag.data()) != 1) return std::nullopt;
  unsigned char final_block[16];
  if (EVP_DecryptFinal_ex(ctx, final_block, &len) != 1) return std::nullopt;
  return plain;
}

}  // namespace tipline::crypto
