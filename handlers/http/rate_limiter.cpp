#include "handlers/http/rate_limiter.hpp"

namespace tipline::handlers {

RateLimiter::RateLimiter(unsigned limit, std::chrono::seconds window, std::size_t max_keys)
    : limit_(limit), window_(window.count()), max_keys_(max_keys) {}

RateLimiter::Window& RateLimiter::window_for(const std::string& key, std::int64_t now_unix) {
  if (windows_.size() >= max_keys_ && !windows_.count(key)) {
    std::erase_if(windows_, [&](const auto& e) { return now_unix - e.second.start >= window_; });
    // Still full: every key is active. Start afresh rather than grow without bound;
    // the limit is a brake on abuse, not a security boundary.
    if (windows_.size() >= max_keys_) windows_.clear();
  }
  Window& w = windows_[key];
  if (now_unix - w.start >= window_) w = Window{now_unix, 0};
  return w;
}

bool RateLimiter::allow(const std::string& key, std::int64_t now_unix) {
  std::lock_guard lock(mutex_);
  Window& w = window_for(key, now_unix);
  if (w.count >= limit_) return false;
  ++w.count;
  return true;
}

bool RateLimiter::would_allow(const std::string& key, std::int64_t now_unix) {
  std::lock_guard lock(mutex_);
  return window_for(key, now_unix).count < limit_;
}

}  // namespace tipline::handlers
