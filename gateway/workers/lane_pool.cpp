#include "gateway/workers/lane_pool.hpp"

#include <stdexcept>

#include "gateway/workers/background_priority.hpp"

namespace tipline::gateway {

LanePool::LanePool(std::size_t threads, const char* thread_name) {
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this, i, thread_name] { work(i, thread_name); });
}

LanePool::~LanePool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  round_started_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void LanePool::run_round(const std::vector<std::function<void()>>& tasks) {
  if (tasks.size() > threads_.size()) throw std::invalid_argument("more tasks than lanes");
  std::unique_lock lock(mutex_);
  tasks_ = &tasks;
  running_ = 0;
  for (const auto& task : tasks)
    if (task) ++running_;
  if (running_ == 0) return;
  ++round_;
  round_started_.notify_all();
  round_finished_.wait(lock, [this] { return running_ == 0; });
  tasks_ = nullptr;
}

void LanePool::work(std::size_t index, const char* thread_name) {
  run_this_thread_in_background(thread_name);
  std::uint64_t seen = 0;
  std::unique_lock lock(mutex_);
  for (;;) {
    round_started_.wait(lock, [&] { return stopping_ || round_ != seen; });
    if (stopping_) return;
    seen = round_;
    // A lane with nothing to do may wake after its round is over: nothing to run then.
    if (!tasks_ || index >= tasks_->size() || !(*tasks_)[index]) continue;
    const auto& task = (*tasks_)[index];
    lock.unlock();
    task();
    lock.lock();
    if (--running_ == 0) round_finished_.notify_one();
  }
}

}  // namespace tipline::gateway
