// /metrics as the server publishes it: visit counters late and in tens, gauges live.
#include <catch2/catch.hpp>

#include "common/metrics.hpp"

using namespace std::chrono_literals;

TEST_CASE("visit counters are published at most every refresh, rounded down; gauges are live", "[ops][metrics]") {
  tipline::Metrics metrics;
  std::uint64_t commits = 0;
  metrics.set_store_counters([&] {
    return std::map<std::string, std::uint64_t>{{"commits_total", commits}, {"deliveries_waiting", commits % 3}};
  });
  metrics.coarsen(300s, 10);
  const auto t0 = std::chrono::steady_clock::time_point(std::chrono::hours(1000));
  for (int i = 0; i < 13; ++i) {
    metrics.count_tip(tipline::domain::Channel::web);
    metrics.observe_request("/tips", 200, 0.01);
    ++commits;
  }
  auto page = metrics.render(t0);
  CHECK_THAT(page, Catch::Contains("tipline_tips_created_total{channel=\"web\"} 10\n"));
  CHECK_THAT(page, Catch::Contains("tipline_http_requests_total{route=\"/tips\",status=\"200\"} 10\n"));
  CHECK_THAT(page, Catch::Contains("tipline_store_commits_total 10\n"));
  CHECK_THAT(page, Catch::Contains("tipline_store_deliveries_waiting 1\n"));  // 13 % 3, live
  // Seven more within the refresh: the page does not move, except its gauges.
  for (int i = 0; i < 7; ++i) {
    metrics.count_tip(tipline::domain::Channel::web);
    ++commits;
  }
  page = metrics.render(t0 + 299s);
  CHECK_THAT(page, Catch::Contains("tipline_tips_created_total{channel=\"web\"} 10\n"));
  CHECK_THAT(page, Catch::Contains("tipline_store_commits_total 10\n"));
  CHECK_THAT(page, Catch::Contains("tipline_store_deliveries_waiting 2\n"));  // 20 % 3
  // After it: 20, published.
  page = metrics.render(t0 + 300s);
  CHECK_THAT(page, Catch::Contains("tipline_tips_created_total{channel=\"web\"} 20\n"));
  CHECK_THAT(page, Catch::Contains("tipline_store_commits_total 20\n"));
}

TEST_CASE("without coarsening the counters are exact and live", "[metrics]") {
  tipline::Metrics metrics;
  metrics.count_tip(tipline::domain::Channel::zalo);
  CHECK_THAT(metrics.render(), Catch::Contains("tipline_tips_created_total{channel=\"zalo\"} 1\n"));
  metrics.count_tip(tipline::domain::Channel::zalo);
  CHECK_THAT(metrics.render(), Catch::Contains("tipline_tips_created_total{channel=\"zalo\"} 2\n"));
}
