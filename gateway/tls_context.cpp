#include "gateway/tls_context.hpp"

#include <openssl/ssl.h>

#include "webhook-config/config_loader.hpp"

namespace tipline::gateway {

namespace ssl = boost::asio::ssl;

ssl::context make_server_tls_context(const config::TlsConfig& tls) {
  ssl::context ctx(ssl::context::tls_server);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                  ssl::context::single_dh_use);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  // TLS 1.2 suites; TLS 1.3's own defaults are all AEAD already.
  SSL_CTX_set_cipher_list(native,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305");
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(tls.certificate_file.string(), ec);
  if (ec)
    throw config::ConfigError("config field \"tls.certificate\": cannot use " + tls.certificate_file.string() +
                              " (" + ec.message() + ")");
  ctx.use_private_key_file(tls.private_key_file.string(), ssl::context::pem, ec);
  if (ec)
    throw config::ConfigError("config field \"tls.private_key\": cannot use " + tls.private_key_file.string() +
                              " (" + ec.message() + ")");
  if (SSL_CTX_check_private_key(native) != 1)
    throw config::ConfigError("config field \"tls.private_key\": does not match tls.certificate");
  return ctx;
}

}  // namespace tipline::gateway
