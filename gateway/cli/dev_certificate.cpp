#include "gateway/cli/dev_certificate.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace tipline::gateway {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("development certificate: ") + what);
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::unique_ptr<std::FILE, FileCloser> open_for_writing(const std::filesystem::path& path, mode_t mode) {
  std::filesystem::create_directories(path.parent_path());
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  require(file != nullptr, "cannot write file");
  ::chmod(path.c_str(), mode);
  return file;
}

}  // namespace

void write_development_certificate(const std::filesystem::path& certificate_file,
                                   const std::filesystem::path& private_key_file) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  require(key != nullptr, "key generation failed");
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  require(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), BN_free);
  BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1,
                             0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Tipline development"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"},
                            std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                            std::pair{NID_ext_key_usage, "serverAuth"}}) {
    std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value), X509_EXTENSION_free);
    require(ext != nullptr, "extension");
    X509_add_ext(cert.get(), ext.get(), -1);
  }
  require(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signing failed");

  auto key_out = open_for_writing(private_key_file, 0600);
  require(PEM_write_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1, "write key");
  auto cert_out = open_for_writing(certificate_file, 0644);
  require(PEM_write_X509(cert_out.get(), cert.get()) == 1, "write certificate");
}

}  // namespace tipline::gateway
