#pragma once
#include "handlers/http_types.hpp"
#include "handlers/metrics.hpp"
#include "storage/store.hpp"

namespace tipline::handlers {

// 200 "ok" while the database answers, 503 otherwise: for load balancers and systemd.
Response health(storage::Store& store);

// Prometheus text exposition of the counters.
Response metrics_page(const Metrics& metrics);

}  // namespace tipline::handlers
