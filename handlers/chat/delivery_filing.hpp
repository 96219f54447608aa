#pragma once
// Filing a kept webhook delivery, after its 200 and in arrival order: each event is
// deduplicated, threaded, triaged and answered through the chat intake, in one
// transaction per event. The delivery filer (gateway/workers) runs this on threads
// of its own; it never goes through the HTTP handlers.
#include <cstdint>
#include <optional>
#include <vector>

#include "common/metrics.hpp"
#include "handlers/channels/inbound_event.hpp"
#include "handlers/chat/chat_intake.hpp"
#include "storage/delivery_store.hpp"

namespace tipline::handlers {

class DeliveryFiling final {
 public:
  DeliveryFiling(ChatIntake& intake, Metrics& metrics) : intake_(intake), metrics_(metrics) {}

  // A kept delivery's events in order; nullopt if its record cannot be read.
  static std::optional<std::vector<channels::InboundEvent>> events_of(const storage::Delivery& delivery);
  // Files one event as of the delivery's arrival. Blocks until its commit.
  void file_event(const channels::InboundEvent& event, std::int64_t received_at);

 private:
  ChatIntake& intake_;
  Metrics& metrics_;
};

}  // namespace tipline::handlers
