#pragma once
// Files webhook deliveries after their 200, on threads of its own: the oldest kept
// deliveries are read in arrival order, their events spread over lanes by sender (one
// sender's events stay in order in one lane, and lanes commit together), and once every
// event of a batch is filed the batch is dropped from the store. Filing is idempotent,
// so a batch interrupted by a crash or an error is simply filed again.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#include "storage/delivery_store.hpp"

namespace tipline::handlers {
class DeliveryFiling;
}

namespace tipline::gateway {

class LanePool;

struct FilerOptions {
  std::size_t batch = 256;  // deliveries read at a time
  // Events filed at once, each waiting for its commit; no more than the store's idle
  // readers and its background batch, so filing neither churns connections nor waits.
  std::size_t lanes = 8;
  // On stop, deliveries still waiting are filed for this long; the rest wait for the next start.
  std::chrono::milliseconds drain_on_stop{5000};
  std::chrono::milliseconds retry_after_error{2000};
  // Tries, one delivery at a time, before a delivery that keeps failing is set aside
  // (kept sealed, tried again at the next start, deleted after the longest reply window).
  int attempts_before_set_aside = 5;
};

class DeliveryFiler final {
 public:
  DeliveryFiler(storage::DeliveryStore& store, handlers::DeliveryFiling& filing, FilerOptions options = {});
  ~DeliveryFiler();
  DeliveryFiler(const DeliveryFiler&) = delete;
  DeliveryFiler& operator=(const DeliveryFiler&) = delete;

  void start();
  // A delivery was kept: file it now rather than at the next poll. Cheap; any thread.
  void wake();
  // Files what is waiting for up to drain_on_stop, then stops. Idempotent.
  void stop();

 private:
  enum class Outcome { idle, filed, interrupted };

  void run();
  // Files the oldest batch (one delivery after a failure). Throws if an event failed.
  Outcome file_batch(LanePool& pool);
  void set_aside(const storage::Delivery& delivery, const char* reason);
  bool past_stop_deadline() const;

  storage::DeliveryStore& store_;
  handlers::DeliveryFiling& filing_;
  FilerOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point stop_deadline_;
  std::atomic<bool> stop_requested_{false};  // set after stop_deadline_, for the lanes
  // Filer thread only: after a failed batch, deliveries up to this seq are filed one at a
  // time (0: none); and the failed tries of the delivery at the head.
  std::int64_t cautious_through_ = 0;
  struct Failing {
    std::int64_t seq = 0;
    int attempts = 0;
  } failing_;
  std::thread thread_;
};

}  // namespace tipline::gateway
