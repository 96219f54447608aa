#pragma once
// Counts events per key in a fixed window, in memory only. Keys are keyed hashes
// of connecting addresses, so nothing here can name a person, and the table is
// capped so a flood of distinct keys cannot exhaust memory.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tipline::handlers {

class RateLimiter final {
 public:
  RateLimiter(unsigned limit, std::chrono::seconds window, std::size_t max_keys = 100000);

  // Counts one event for `key` and says whether it is within the limit.
  bool allow(const std::string& key, std::int64_t now_unix);

  // Says whether `key` is still within the limit without counting an event.
  bool would_allow(const std::string& key, std::int64_t now_unix);

 private:
  struct Window {
    std::int64_t start = 0;
    unsigned count = 0;
  };
  Window& window_for(const std::string& key, std::int64_t now_unix);

  unsigned limit_;
  std::int64_t window_;
  std::size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace tipline::handlers
