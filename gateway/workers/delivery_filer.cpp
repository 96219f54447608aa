#include "gateway/workers/delivery_filer.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <typeinfo>
#include <vector>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "gateway/workers/background_priority.hpp"
#include "gateway/workers/lane_pool.hpp"
#include "handlers/chat/delivery_filing.hpp"

namespace tipline::gateway {

namespace {

using Clock = std::chrono::steady_clock;

struct QueuedEvent {
  channels::InboundEvent event;
  std::int64_t received_at = 0;
};

}  // namespace

DeliveryFiler::DeliveryFiler(storage::DeliveryStore& store, handlers::DeliveryFiling& filing, FilerOptions options)
    : store_(store), filing_(filing), options_(options) {
  if (options_.batch == 0) options_.batch = 1;
  if (options_.lanes == 0) options_.lanes = 1;
}

DeliveryFiler::~DeliveryFiler() { stop(); }

void DeliveryFiler::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void DeliveryFiler::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void DeliveryFiler::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      stop_deadline_ = Clock::now() + options_.drain_on_stop;
      stop_requested_.store(true, std::memory_order_release);  // lanes read the deadline after this
    }
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void DeliveryFiler::run() {
  run_this_thread_in_background("tipline-filer");
  try {
    // What was set aside before (a bug since fixed, a disk that was full) gets another try.
    store_.retry_set_aside_deliveries();
  } catch (const std::exception&) {
    // The store will refuse the filing too, which is logged below.
  }
  // The lanes' threads live as long as this loop; each batch is one round.
  LanePool pool(options_.lanes, "tipline-filing");
  // Deliveries kept before a crash or a stop are waiting already: no wake needed.
  bool more = true;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (!more) wake_.wait_for(lock, std::chrono::seconds(1), [&] { return woken_ || stopping_; });
      woken_ = false;
      if (stopping_ && Clock::now() >= stop_deadline_) break;
    }
    const char* failure = nullptr;
    auto outcome = Outcome::idle;
    try {
      outcome = file_batch(pool);
    } catch (const std::exception& e) {
      failure = typeid(e).name();  // what() may quote an event; the type does not
    } catch (...) {
      failure = "unknown";
    }
    if (outcome == Outcome::interrupted) break;  // the stop's deadline; filed at the next start
    if (failure) {
      // Nothing is dropped: the batch is filed again, one delivery at a time.
      log::error("webhook.filing_failed", {{"exception", failure}});
      std::unique_lock lock(mutex_);
      if (stopping_) break;
      wake_.wait_for(lock, options_.retry_after_error, [&] { return stopping_; });
      more = true;
      continue;
    }
    more = outcome == Outcome::filed;
    if (!more) {
      std::lock_guard lock(mutex_);
      if (stopping_) break;  // all filed
    }
  }
  try {
    if (const auto left = store_.delivery_count(); left > 0)
      log::warn("webhook.filing_deferred", {{"deliveries", left}});
  } catch (const std::exception&) {
    // Only a count for the log; they are filed at the next start either way.
  }
}

bool DeliveryFiler::past_stop_deadline() const {
  return stop_requested_.load(std::memory_order_acquire) && Clock::now() >= stop_deadline_;
}

void DeliveryFiler::set_aside(const storage::Delivery& delivery, const char* reason) {
  const auto now = unix_now();
  store_.set_aside_delivery(delivery.seq, now);
  if (delivery.seq == failing_.seq) failing_ = {};
  log::error("webhook.delivery_set_aside",
             {{"delivery", delivery.seq}, {"channel", domain::stored_name(delivery.channel)}, {"reason", reason}});
}

DeliveryFiler::Outcome DeliveryFiler::file_batch(LanePool& pool) {
  // After a failure, one delivery at a time through the batch that failed: the delivery
  // that keeps failing is found and set aside instead of holding up every later one.
  const auto batch = store_.oldest_deliveries(cautious_through_ > 0 ? 1 : options_.batch);
  if (batch.empty()) {
    cautious_through_ = 0;  // numbering restarts once nothing waits
    return Outcome::idle;
  }
  std::vector<std::vector<QueuedEvent>> lanes(options_.lanes);
  for (const auto& delivery : batch) {
    auto events = handlers::DeliveryFiling::events_of(delivery);
    if (!events) {
      set_aside(delivery, "unreadable");  // a data key no longer loaded, a damaged record
      continue;
    }
    for (auto& event : *events) {
      // One sender, one lane: their messages thread in the order they were sent.
      const auto lane = std::hash<std::string>{}(event.sender_id) % lanes.size();
      lanes[lane].push_back({std::move(event), delivery.received_at});
    }
  }
  std::vector<std::exception_ptr> errors(lanes.size());
  std::atomic<bool> interrupted{false};
  std::vector<std::function<void()>> tasks(lanes.size());
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    if (lanes[i].empty()) continue;
    tasks[i] = [this, &lane = lanes[i], &error = errors[i], &interrupted] {
      try {
        for (const auto& queued : lane) {
          if (past_stop_deadline()) {
            interrupted = true;
            return;
          }
          filing_.file_event(queued.event, queued.received_at);
        }
      } catch (...) {
        error = std::current_exception();
      }
    };
  }
  pool.run_round(tasks);
  for (const auto& error : errors) {
    if (!error) continue;
    if (batch.size() == 1) {
      if (failing_.seq != batch.front().seq) failing_ = {batch.front().seq, 0};
      if (++failing_.attempts >= options_.attempts_before_set_aside) {
        set_aside(batch.front(), "filing failed repeatedly");
        return Outcome::filed;
      }
    }
    cautious_through_ = std::max(cautious_through_, batch.back().seq);
    std::rethrow_exception(error);
  }
  if (interrupted) return Outcome::interrupted;
  store_.drop_deliveries_through(batch.back().seq);
  if (batch.back().seq >= cautious_through_) cautious_through_ = 0;
  failing_ = {};
  return Outcome::filed;
}

}  // namespace tipline::gateway
