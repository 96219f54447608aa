#include "handlers/webhooks.hpp"

#include <chrono>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "handlers/channels/inbound_messenger.hpp"
#include "handlers/channels/inbound_zalo.hpp"
#include "handlers/channels/signature.hpp"
#include "handlers/form_fields.hpp"

namespace tipline::handlers {

namespace {

// The event name of an unverified Zalo body, for the rejection log line only: found
// by scanning, never parsed, and cut to a safe alphabet so a forged body cannot
// write into the log.
std::string scanned_event_name(std::string_view body) {
  static constexpr std::string_view key = "\"event_name\"";
  auto at = body.find(key);
  if (at == std::string_view::npos) return "unknown";
  at = body.find('"', body.find(':', at + key.size()));
  if (at == std::string_view::npos) return "unknown";
  std::string name;
  for (std::size_t i = at + 1; i < body.size() && body[i] != '"' && name.size() < 40; ++i) {
    const char c = body[i];
    if ((c < 'a' || c > 'z') && c != '_') return "unknown";
    name += c;
  }
  return name.empty() ? "unknown" : name;
}

Response refused(Metrics& metrics, const char* channel, const std::string& event_type, std::string_view body) {
  metrics.count_rejected(std::string(channel) + "_signature");
  log::warn("webhook.rejected", {{"channel", channel},
                                 {"reason", "signature"},
                                 {"event_type", event_type},
                                 {"body_sha256", encoding::to_hex(crypto::sha256(body)).substr(0, 16)}});
  return text_response(401, "invalid signature\n");
}


// Parses a verified body into its events; PayloadError for a body that cannot be one.
std::vector<channels::InboundEvent> parse_events(const config::ChannelsConfig& channels, std::string_view channel,
                                                 const std::string& body) {
  if (channel == "zalo") return channels::parse_zalo_webhook(body, channels.zalo->app_id);
  return channels::parse_messenger_webhook(body);
}

Response malformed(Metrics& metrics, const char* channel) {
  // The parser's message may describe the body; the log gets the channel only.
  metrics.count_rejected(std::string(channel) + "_payload");
  log::warn("webhook.malformed", {{"channel", channel}});
  return text_response(400, "malformed event\n");
}

}  // namespace

void Webhooks::keep(const Request& request, const char* channel, const std::vector<channels::InboundEvent>& events,
                    const Respond& respond) {
  bool worth_keeping = false;
  for (const auto& event : events) worth_keeping = worth_keeping || ChatIntake::may_file(event);
  if (!worth_keeping) {
    // Receipts, echoes, follows and unknown events: acknowledged, nothing to file.
    for (const auto& event : events)
      log::info("webhook.ignored", {{"channel", channel}, {"event_type", event.event_type}});
    return respond(text_response(200, "ok\n"));
  }
  storage::NewDelivery delivery{channel, unix_seconds(request), request.body};
  store_.keep_delivery(delivery, [this, respond](std::exception_ptr error) {
    // Without the commit the platform must deliver again: a 500 makes it retry.
    if (error) return respond(text_response(500, "not stored, retry\n"));
    if (delivery_kept_) delivery_kept_();
    respond(text_response(200, "ok\n"));
  });
}

void Webhooks::zalo(const Request& request, const Respond& respond) {
  if (!channels_.zalo) return respond(text_response(404, "not found\n"));
  const auto& zalo = *channels_.zalo;
  // Saving the webhook URL in Zalo's console sends an unsigned "{}"; it carries nothing.
  if (request.body == "{}" && request.header("x-zevent-signature").empty())
    return respond(text_response(200, "ok\n"));
  if (!channels::verify_zalo_signature(zalo.app_id, zalo.oa_secret, request.body,
                                       request.header("x-zevent-signature")))
    return respond(refused(metrics_, "zalo", scanned_event_name(request.body), request.body));
  std::vector<channels::InboundEvent> events;
  try {
    events = parse_events(channels_, "zalo", request.body);
  } catch (const channels::PayloadError&) {
    return respond(malformed(metrics_, "zalo"));
  }
  keep(request, "zalo", events, respond);
}

void Webhooks::messenger(const Request& request, const Respond& respond) {
  if (!channels_.messenger) return respond(text_response(404, "not found\n"));
  if (!channels::verify_messenger_signature(channels_.messenger->app_secret, request.body,
                                            request.header("x-hub-signature-256")))
    return respond(refused(metrics_, "messenger", "page", request.body));
  std::vector<channels::InboundEvent> events;
  try {
    events = parse_events(channels_, "messenger", request.body);
  } catch (const channels::PayloadError&) {
    return respond(malformed(metrics_, "messenger"));
  }
  keep(request, "messenger", events, respond);
}

std::vector<channels::InboundEvent> Webhooks::events_of(const storage::Delivery& delivery) const {
  try {
    if (delivery.channel == "zalo" && !channels_.zalo) throw channels::PayloadError("zalo is not configured");
    return parse_events(channels_, delivery.channel, delivery.body);
  } catch (const channels::PayloadError&) {
    // Parsed before it was kept, so only a changed config (an app id) gets here.
    log::error("webhook.unfileable", {{"channel", delivery.channel}});
    return {};
  }
}

void Webhooks::file_event(const channels::InboundEvent& event, std::int64_t received_at) {
  const char* channel = channels::channel_name(event.channel);
  auto outcome = intake_.ingest(event, received_at);
  switch (outcome.kind) {
    case ChatOutcome::Kind::stored:
      if (outcome.new_tip) metrics_.count_tip(channel);
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

Response Webhooks::messenger_subscribe(const Request& request) {
  if (!channels_.messenger) return text_response(404, "not found\n");
  auto query = parse_form_fields(request.query);
  if (!query.ok()) return text_response(400, "malformed query\n");
  const auto& f = query.fields;
  auto mode = f.find("hub.mode");
  auto token = f.find("hub.verify_token");
  auto challenge = f.find("hub.challenge");
  if (mode == f.end() || mode->second != "subscribe" || token == f.end() || challenge == f.end() ||
      !crypto::constant_time_equal(token->second, channels_.messenger->verify_token)) {
    metrics_.count_rejected("messenger_verify_token");
    log::warn("webhook.rejected", {{"channel", "messenger"}, {"reason", "verify_token"}});
    return text_response(403, "forbidden\n");
  }
  log::info("webhook.subscribed", {{"channel", "messenger"}});
  Response response = text_response(200, challenge->second);
  response.content_type = "text/plain; charset=utf-8";
  return response;
}

}  // namespace tipline::handlers
