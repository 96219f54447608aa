#pragma once
// POST /webhooks/zalo, GET and POST /webhooks/messenger. Each handler checks the
// signature over the raw body before anything parses it, files every event through
// the chat intake, and answers 200 only once all of them are committed.
#include "handlers/chat_intake.hpp"
#include "handlers/http_types.hpp"
#include "handlers/metrics.hpp"
#include "webhook-config/config.hpp"

namespace tipline::handlers {

class Webhooks final {
 public:
  Webhooks(const config::ChannelsConfig& channels, ChatIntake& intake, Metrics& metrics)
      : channels_(channels), intake_(intake), metrics_(metrics) {}

  Response zalo(const Request& request);
  Response messenger_subscribe(const Request& request);
  Response messenger(const Request& request);

 private:
  Response file_events(const Request& request, const char* channel, const std::vector<channels::InboundEvent>& events);

  const config::ChannelsConfig& channels_;
  ChatIntake& intake_;
  Metrics& metrics_;
};

}  // namespace tipline::handlers
