#include "gateway/delivery_filer.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <exception>
#include <functional>
#include <string>
#include <typeinfo>
#include <vector>

#include "common/log.hpp"
#include "handlers/webhooks.hpp"

namespace tipline::gateway {

namespace {

using Clock = std::chrono::steady_clock;

struct QueuedEvent {
  channels::InboundEvent event;
  std::int64_t received_at = 0;
};

// Filing yields to receiving: a burst is acknowledged at full speed and filed in the
// time the gateway has to spare (every reporter's message is already durable). Nice
// 19 rather than SCHED_IDLE, so other busy processes on the machine cannot stop filing
// altogether. Linux gives each thread its own nice value.
void lower_this_thread_priority() { ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19); }

}  // namespace

DeliveryFiler::DeliveryFiler(storage::Store& store, handlers::Webhooks& webhooks, FilerOptions options)
    : store_(store), webhooks_(webhooks), options_(options) {
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
    }
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void DeliveryFiler::run() {
  lower_this_thread_priority();
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
    try {
      more = file_batch();
    } catch (const std::exception& e) {
      failure = typeid(e).name();  // what() may quote an event; the type does not
    } catch (...) {
      failure = "unknown";
    }
    if (failure) {
      // The store refused (disk full, I/O error): nothing is dropped, the batch is
      // filed again once the store accepts.
      log::error("webhook.filing_failed", {{"exception", failure}});
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.retry_after_error, [&] { return stopping_; });
      more = true;
    }
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

bool DeliveryFiler::file_batch() {
  const auto batch = store_.oldest_deliveries(options_.batch);
  if (batch.empty()) return false;
  std::vector<std::vector<QueuedEvent>> lanes(options_.lanes);
  for (const auto& delivery : batch) {
    for (auto& event : webhooks_.events_of(delivery)) {
      // One sender, one lane: their messages thread in the order they were sent.
      const auto lane = std::hash<std::string>{}(event.sender_id) % lanes.size();
      lanes[lane].push_back({std::move(event), delivery.received_at});
    }
  }
  std::vector<std::exception_ptr> errors(lanes.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    if (lanes[i].empty()) continue;
    workers.emplace_back([this, &lane = lanes[i], &error = errors[i]] {
      lower_this_thread_priority();
      try {
        for (const auto& queued : lane) webhooks_.file_event(queued.event, queued.received_at);
      } catch (...) {
        error = std::current_exception();
      }
    });
  }
  for (auto& worker : workers) worker.join();
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
  store_.drop_deliveries_through(batch.back().seq);
  return true;
}

}  // namespace tipline::gateway
