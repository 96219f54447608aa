#include "handlers/http/health.hpp"

namespace tipline::handlers {

Response health(const std::function<bool()>& database_answers) {
  bool ok = false;
  try {
    ok = database_answers();
  } catch (const std::exception&) {
  }
  return ok ? text_response(200, "ok\n") : text_response(503, "database unavailable\n");
}

Response metrics_page(const Metrics& metrics) {
  auto r = text_response(200, metrics.render());
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

}  // namespace tipline::handlers
