#include "handlers/http/health.hpp"

#include "common/crypto.hpp"

namespace tipline::handlers {

Response health(const std::function<bool()>& database_answers) {
  bool ok = false;
  try {
    ok = database_answers();
  } catch (const std::exception&) {
  }
  return ok ? text_response(200, "ok\n") : text_response(503, "database unavailable\n");
}

bool metrics_allowed(const Request& request, const std::string& token) {
  if (!token.empty())
    return crypto::constant_time_equal(std::string(request.header("authorization")), "Bearer " + token);
  for (const char* forwarded : {"forwarded", "x-forwarded-for", "x-real-ip"})
    if (!request.header(forwarded).empty()) return false;
  return request.from_loopback;
}

Response metrics_page(const Metrics& metrics) {
  auto r = text_response(200, metrics.render());
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

}  // namespace tipline::handlers
