#include "storage/write_queue.hpp"

#include <memory>
#include <optional>
#include <string>

#include "common/log.hpp"
#include "storage/store.hpp"

namespace tipline::storage {

WriteQueue::WriteQueue(Connection& db, WriteQueueOptions options)
    : db_(db), options_(options) {
  if (options_.max_batch == 0) options_.max_batch = 1;
  if (options_.max_background_batch == 0) options_.max_background_batch = 1;
  writer_ = std::thread([this] { writer_loop(); });
}

WriteQueue::~WriteQueue() { shutdown(); }

void WriteQueue::run(std::function<void(Connection&)> work, Priority priority) {
  if (std::this_thread::get_id() == writer_.get_id()) {
    // The writer would wait for itself forever.
    throw StoreError("write queue: submit from inside a write job");
  }
  Job job{std::move(work), nullptr, false, {}};
  std::unique_lock lock(mutex_);
  if (stopping_) throw StoreError("write queue: store is shut down");
  (priority == Priority::background ? background_ : queue_).push_back(&job);
  work_ready_.notify_one();
  work_done_.wait(lock, [&] { return job.done; });
  lock.unlock();
  if (job.error) std::rethrow_exception(job.error);
}

void WriteQueue::submit_then(std::function<void(Connection&)> work, std::function<void(std::exception_ptr)> then) {
  auto job = std::make_unique<Job>(Job{std::move(work), nullptr, false, std::move(then)});
  std::lock_guard lock(mutex_);
  if (stopping_) throw StoreError("write queue: store is shut down");
  queue_.push_back(job.release());
  work_ready_.notify_one();
}

std::size_t WriteQueue::queue_depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + background_.size();
}

void WriteQueue::shutdown() {
  std::lock_guard serial(shutdown_mutex_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_one();
  if (writer_.joinable()) writer_.join();
  stopped_ = true;
}

void WriteQueue::writer_loop() {
  std::vector<Job*> batch;
  batch.reserve(options_.max_batch);
  bool foreground_busy = false;  // requests are queuing: the last batch had several
  // None yet: the first background job may ride along at once. (The steady clock's
  // zero is the machine's boot, so a zero time point would make that depend on uptime.)
  std::optional<std::chrono::steady_clock::time_point> last_ride_along;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty() || !background_.empty(); });
      // Stopping still drains: every caller already queued gets its commit.
      if (queue_.empty() && background_.empty()) return;
      if (queue_.empty() && foreground_busy && !stopping_)
        work_ready_.wait_for(lock, options_.foreground_grace, [&] { return stopping_ || !queue_.empty(); });
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      foreground_busy = batch.size() > 1;
      // Background work goes behind: a few jobs when nothing else waits; under steady
      // traffic, one riding along with a foreground batch now and then.
      std::size_t background = options_.max_background_batch;
      if (!batch.empty()) {
        const auto now = std::chrono::steady_clock::now();
        const bool interval_passed = !last_ride_along || now - *last_ride_along >= options_.ride_along_interval;
        background = interval_passed && !background_.empty() ? 1 : 0;
        if (background == 1) last_ride_along = now;
      }
      for (std::size_t i = 0; i < background && !background_.empty(); ++i) {
        batch.push_back(background_.front());
        background_.pop_front();
      }
    }
    run_batch(batch);
    finish(batch);
    batch.clear();
  }
}

void WriteQueue::run_batch(std::vector<Job*>& batch) {
  std::vector<Job*> pending = batch;
  while (!pending.empty()) {
    std::vector<Job*> committed_with;
    std::vector<Job*> retry;
    bool aborted = false;
    try {
      Transaction tx(db_, Transaction::Kind::immediate);
      for (std::size_t i = 0; i < pending.size(); ++i) {
        Job& job = *pending[i];
        job.error = nullptr;
        Savepoint savepoint(db_);
        try {
          job.work(db_);
          savepoint.release();
          committed_with.push_back(&job);
        } catch (...) {
          job.error = std::current_exception();
          bool batch_survived = db_.in_transaction();
          if (batch_survived) {
            try {
              savepoint.rollback();
            } catch (...) {
              batch_survived = false;
            }
          }
          if (!batch_survived) {
            // SQLite rolled back the whole transaction (disk full, I/O error) or the
            // savepoint would not unwind: the jobs that had succeeded are undone and
            // run again in a fresh transaction without the one that broke it.
            retry.assign(committed_with.begin(), committed_with.end());
            retry.insert(retry.end(), pending.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                         pending.end());
            committed_with.clear();
            aborted = true;
            break;
          }
        }
      }
      if (!aborted) {
        tx.commit();
        commits_.fetch_add(1);
      }
    } catch (...) {
      // BEGIN or COMMIT failed: nothing in this transaction is durable.
      const std::exception_ptr error = std::current_exception();
      for (Job* job : pending) {
        if (!job->error) job->error = error;
      }
      std::string reason = "unknown";
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        reason = e.what();  // SQLite's message: names constraints, never bound values
      } catch (...) {
      }
      log::error("storage.commit_failed",
                 {{"jobs", static_cast<unsigned long>(pending.size())}, {"error", reason}});
      return;
    }
    pending = std::move(retry);
  }
}

void WriteQueue::finish(std::vector<Job*>& batch) {
  jobs_.fetch_add(batch.size());
  // A waiting caller's job lives on its stack and is gone once it sees `done`: the
  // queue's own jobs are set aside before any caller is released.
  std::vector<std::unique_ptr<Job>> owned;
  bool waiters = false;
  {
    std::lock_guard lock(mutex_);
    for (Job* job : batch) {
      if (job->then) {
        owned.emplace_back(job);
      } else {
        job->done = true;
        waiters = true;
      }
    }
  }
  if (waiters) work_done_.notify_all();
  for (auto& job : owned) {
    try {
      job->then(job->error);
    } catch (...) {
      log::error("storage.callback_failed");  // a bug in the caller; the commit stands
    }
  }
}

}  // namespace tipline::storage
