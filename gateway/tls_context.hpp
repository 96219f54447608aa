#pragma once
#include <boost/asio/ssl/context.hpp>

#include "webhook-config/config.hpp"

namespace tipline::gateway {

// A server TLS context: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers, no
// compression or renegotiation. Throws config::ConfigError naming the tls field
// when the certificate or key cannot be used.
boost::asio::ssl::context make_server_tls_context(const config::TlsConfig& tls);

}  // namespace tipline::gateway
