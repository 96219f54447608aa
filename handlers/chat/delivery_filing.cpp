#include "handlers/chat/delivery_filing.hpp"

#include "common/log.hpp"
#include "handlers/channels/event_record.hpp"

namespace tipline::handlers {

std::optional<std::vector<channels::InboundEvent>> DeliveryFiling::events_of(const storage::Delivery& delivery) {
  if (delivery.unreadable) return std::nullopt;
  try {
    return channels::decode_events(delivery.body);
  } catch (const channels::PayloadError&) {
    return std::nullopt;
  }
}

void DeliveryFiling::file_event(const channels::InboundEvent& event, std::int64_t received_at) {
  const auto channel = domain::stored_name(event.channel);
  auto outcome = intake_.ingest(event, received_at);
  switch (outcome.kind) {
    case ChatOutcome::Kind::stored:
      if (outcome.new_tip) metrics_.count_tip(event.channel);
      log::info("webhook.event", {{"channel", channel}, {"event_type", event.event_type},
                                  {"tip", outcome.reference}, {"new_tip", outcome.new_tip ? "yes" : "no"}});
      break;
    case ChatOutcome::Kind::duplicate:
      log::info("webhook.duplicate", {{"channel", channel}, {"event_type", event.event_type}});
      break;
    case ChatOutcome::Kind::ignored:
      log::info("webhook.ignored", {{"channel", channel}, {"event_type", event.event_type}});
      break;
  }
}

}  // namespace tipline::handlers
