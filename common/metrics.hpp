#pragma once
// Counts and latencies in Prometheus text format. Labels are route names, status
// codes and channels: nothing about who sent what.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
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

  std::string render() const;

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
};

}  // namespace tipline
