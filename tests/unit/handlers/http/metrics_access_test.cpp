// Who may read /metrics, whose counters move with residents' visits.
#include <catch2/catch.hpp>

#include "handlers/http/health.hpp"

using tipline::handlers::metrics_allowed;
using tipline::handlers::Request;

namespace {

Request from(bool loopback, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r;
  r.method = "GET";
  r.path = "/metrics";
  r.from_loopback = loopback;
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST_CASE("metrics: without a token, this machine only, and not through a proxy", "[ops][hostile]") {
  CHECK(metrics_allowed(from(true), ""));
  CHECK_FALSE(metrics_allowed(from(false), ""));
  CHECK_FALSE(metrics_allowed(from(true, {{"x-forwarded-for", "203.0.113.9"}}), ""));
  CHECK_FALSE(metrics_allowed(from(true, {{"forwarded", "for=203.0.113.9"}}), ""));
  CHECK_FALSE(metrics_allowed(from(true, {{"x-real-ip", "203.0.113.9"}}), ""));
}

TEST_CASE("metrics: with a token, whoever presents it, and nobody else", "[ops][hostile]") {
  const std::string token = "s3cret-scraper-token";
  CHECK(metrics_allowed(from(false, {{"authorization", "Bearer s3cret-scraper-token"}}), token));
  CHECK(metrics_allowed(from(true, {{"authorization", "Bearer s3cret-scraper-token"}, {"x-forwarded-for", "1.2.3.4"}}),
                        token));
  CHECK_FALSE(metrics_allowed(from(true), token));  // loopback alone is not enough then
  CHECK_FALSE(metrics_allowed(from(false, {{"authorization", "Bearer wrong"}}), token));
  CHECK_FALSE(metrics_allowed(from(false, {{"authorization", "s3cret-scraper-token"}}), token));
  CHECK_FALSE(metrics_allowed(from(false, {{"authorization", "Bearer s3cret-scraper-token "}}), token));
}
