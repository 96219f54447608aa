#pragma once
// Counts and latencies in Prometheus text format. Labels are route names, status
// codes and channels: nothing about who sent what.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/domain.hpp"

namespace tipline {

class Metrics final {
 public:
  void observe_request(const std::string& route, int status, double seconds);
  void count_tip(domain::Channel channel);
  void count_rejected(const std::string& reason);  // e.g. "rate_limit", "form_token", "honeypot"

  std::atomic<std::int64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_refused{0};
  std::atomic<std::uint64_t> tls_handshake_failures{0};

  // Read at render time from the store (commits, batches).
  void set_store_counters(std::function<std::map<std::string, std::uint64_t>()> provider);

  // Counters that move with residents' visits (requests and latencies by route, tips,
  // refusals, the store's commit totals) are then shown as they were at the last
  // publication, at most `refresh` old, rounded down to a multiple of `round_to`:
  // a reader cannot tie a step to one visit. Gauges stay live. Off by default (exact
  // and live, as tests read them); the server turns it on from its config.
  void coarsen(std::chrono::seconds refresh, std::uint64_t round_to);

  std::string render() const;
  std::string render(std::chrono::steady_clock::time_point now) const;

 private:
  static constexpr std::array<double, 11> bucket_bounds{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                        0.25,  0.5,   1.0,  2.5,   5.0};
  struct Histogram {
    std::array<std::uint64_t, bucket_bounds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, std::uint64_t> tips_;
  std::map<std::string, std::uint64_t> rejected_;
  std::function<std::map<std::string, std::uint64_t>()> store_counters_;

  struct Published {
    std::map<std::pair<std::string, int>, std::uint64_t> requests;
    std::map<std::string, Histogram> latency;
    std::map<std::string, std::uint64_t> tips, rejected, store_totals;
  };
  std::chrono::seconds refresh_{0};
  std::uint64_t round_to_ = 1;
  mutable std::optional<Published> published_;
  mutable std::chrono::steady_clock::time_point published_at_;
};

}  // namespace tipline
