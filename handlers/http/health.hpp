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

// Who may read /metrics: with a token configured, whoever sends
// "Authorization: Bearer TOKEN"; without one, only a peer on this machine whose request
// carries no forwarding header (a proxy on the same host adds one for the public).
bool metrics_allowed(const Request& request, const std::string& token);

}  // namespace tipline::handlers
