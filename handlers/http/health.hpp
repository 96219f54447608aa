#pragma once
#include <functional>

#include "common/metrics.hpp"
#include "handlers/http/http_types.hpp"

namespace tipline::handlers {

// 200 "ok" while `database_answers` says so, 503 otherwise (also when it throws): for
// load balancers and systemd.
Response health(const std::function<bool()>& database_answers);

// Prometheus text exposition of the counters.
Response metrics_page(const Metrics& metrics);

}  // namespace tipline::handlers
