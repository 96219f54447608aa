#pragma once
// Group commit. Callers hand the single writer thread a job and block (or, with
// submit_then, get a callback); the writer takes everything queued, opens one IMMEDIATE
// transaction, runs each job inside its own SAVEPOINT (so a failing job rolls back alone
// and its caller gets the exception), commits once (one fsync under synchronous=FULL)
// and only then wakes the callers. Nothing is acknowledged before COMMIT has returned.
// Background jobs go behind foreground ones (see WriteQueueOptions).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/sqlite_handle.hpp"

namespace tipline::storage {

struct WriteQueueOptions {
  // Bounds how long one commit's fsync can keep a queued caller waiting behind others.
  std::size_t max_batch = 256;
  // Background jobs per commit when no foreground job waits.
  std::size_t max_background_batch = 8;
  // While foreground jobs keep coming, one background job goes last in a foreground
  // batch at most this often: steady traffic cannot starve background work, and a
  // burst of requests is not slowed by it (filing one delivery writes more pages than
  // keeping dozens).
  std::chrono::milliseconds ride_along_interval{100};
  // After committing several foreground jobs at once, how long the writer waits for more
  // before it turns to background ones: under load the next requests are a moment away.
  std::chrono::milliseconds foreground_grace{2};
};

// Foreground: someone is waiting to answer a request (a webhook's 200, an officer's
// page). Background: work already acknowledged (filing kept deliveries), which yields.
enum class Priority { foreground, background };

class WriteQueue final {
 public:
  // Takes the writer connection; from here on only the writer thread touches it.
  explicit WriteQueue(Connection& db, WriteQueueOptions options = {});
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Runs `work(Connection&)` in the writer's transaction and returns its result once
  // the transaction is committed. Exceptions thrown by `work` (or by COMMIT) are
  // rethrown here. Throws StoreError after shutdown() or when called from a job.
  template <typename Work>
  auto submit(Work&& work, Priority priority = Priority::foreground) -> std::invoke_result_t<Work&, Connection&> {
    using Result = std::invoke_result_t<Work&, Connection&>;
    if constexpr (std::is_void_v<Result>) {
      run(std::function<void(Connection&)>([&work](Connection& db) { work(db); }), priority);
    } else {
      std::optional<Result> result;
      // A job can run more than once when SQLite aborts a whole batch; assigning
      // (not appending) keeps only the run that committed.
      run(std::function<void(Connection&)>([&](Connection& db) { result = work(db); }), priority);
      return std::move(*result);
    }
  }

  // Queues `work` and returns at once; `then` runs on the writer thread after the
  // transaction is committed, with nullptr, or with the exception that undid the job.
  // `then` must be quick and must not throw: it holds up the next batch. For callers
  // that cannot block a thread while the disk syncs (the gateway's I/O threads).
  void submit_then(std::function<void(Connection&)> work, std::function<void(std::exception_ptr)> then);

  // Finishes every job already queued, commits, and stops the writer. Idempotent.
  void shutdown();

  bool running() const { return !stopped_.load(); }
  std::uint64_t commit_count() const { return commits_.load(); }
  std::uint64_t job_count() const { return jobs_.load(); }
  // Jobs waiting for the writer, both priorities (not counting the batch being committed).
  std::size_t queue_depth() const;

 private:
  struct Job {
    std::function<void(Connection&)> work;
    std::exception_ptr error;
    bool done = false;
    // Set for submit_then(): the job is heap-owned by the queue, and nobody waits on it.
    std::function<void(std::exception_ptr)> then;
  };

  void run(std::function<void(Connection&)> work, Priority priority);
  void writer_loop();
  void run_batch(std::vector<Job*>& batch);
  void finish(std::vector<Job*>& batch);

  Connection& db_;
  WriteQueueOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  std::deque<Job*> queue_;
  std::deque<Job*> background_;
  bool stopping_ = false;
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> jobs_{0};
  std::thread writer_;
  std::mutex shutdown_mutex_;
};

}  // namespace tipline::storage
