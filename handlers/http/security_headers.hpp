#pragma once
#include "handlers/http/http_types.hpp"

namespace tipline::handlers {

// Adds HSTS, CSP, nosniff, framing, referrer and caching headers: every answer gets
// them, the gateway's own refusals included.
void add_security_headers(Response& response);

}  // namespace tipline::handlers
