#pragma once
// A fixed set of threads that runs one round of tasks at a time, each task on a
// thread of its own, and waits for the round to finish: the delivery filer's lanes,
// without starting and joining threads for every batch.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tipline::gateway {

class LanePool final {
 public:
  // Starts `threads` threads, each lowered and named by run_this_thread_in_background.
  LanePool(std::size_t threads, const char* thread_name);
  ~LanePool();
  LanePool(const LanePool&) = delete;
  LanePool& operator=(const LanePool&) = delete;

  std::size_t size() const { return threads_.size(); }

  // Runs tasks[i] on thread i (empty tasks are skipped) and returns once every one has
  // returned. At most size() tasks; tasks must not throw. One round at a time.
  void run_round(const std::vector<std::function<void()>>& tasks);

 private:
  void work(std::size_t index, const char* thread_name);

  std::mutex mutex_;
  std::condition_variable round_started_;
  std::condition_variable round_finished_;
  const std::vector<std::function<void()>>* tasks_ = nullptr;
  std::uint64_t round_ = 0;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tipline::gateway
