#include "handlers/http/security_headers.hpp"

namespace tipline::handlers {

void add_security_headers(Response& response) {
  response.with_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
      .with_header("X-Content-Type-Options", "nosniff")
      .with_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                   "frame-ancestors 'none'; base-uri 'none'")
      .with_header("X-Frame-Options", "DENY")
      .with_header("Referrer-Policy", "no-referrer")
      .with_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
      .with_header("Cache-Control", response.cacheable ? "public, max-age=3600" : "no-store");
}

}  // namespace tipline::handlers
