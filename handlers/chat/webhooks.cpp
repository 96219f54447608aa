#include "handlers/chat/webhooks.hpp"

#include <chrono>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "handlers/channels/event_record.hpp"
#include "handlers/chat/chat_intake.hpp"
#include "handlers/channels/inbound_messenger.hpp"
#include "handlers/channels/inbound_zalo.hpp"
#include "handlers/channels/signature.hpp"
#include "handlers/http/form_fields.hpp"

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

Response refused(Metrics& metrics, channels::Channel channel, const std::string& event_type, std::string_view body) {
  const auto name = domain::stored_name(channel);
  metrics.count_rejected(std::string(name) + "_signature");
  log::warn("webhook.rejected", {{"channel", name},
                                 {"reason", "signature"},
                                 {"event_type", event_type},
                                 {"body_sha256", encoding::to_hex(crypto::sha256(body)).substr(0, 16)}});
  return text_response(401, "invalid signature\n");
}

Response malformed(Metrics& metrics, channels::Channel channel) {
  // The parser's message may describe the body; the log gets the channel only.
  const auto name = domain::stored_name(channel);
  metrics.count_rejected(std::string(name) + "_payload");
  log::warn("webhook.malformed", {{"channel", name}});
  return text_response(400, "malformed event\n");
}

}  // namespace

void Webhooks::keep(const Request& request, channels::Channel channel, std::vector<channels::InboundEvent> events,
                    const Respond& respond) {
  std::erase_if(events, [channel](const channels::InboundEvent& event) {
    if (ChatIntake::may_file(event)) return false;
    // Receipts, echoes, follows, unknown events: acknowledged, nothing to file.
    log::info("webhook.ignored", {{"channel", domain::stored_name(channel)}, {"event_type", event.event_type}});
    return true;
  });
  if (events.empty()) return respond(text_response(200, "ok\n"));
  // What is kept is what filing needs and no more: the parsed events, never the raw body.
  storage::NewDelivery delivery{channel, unix_seconds(request), channels::encode_events(events)};
  store_.keep_delivery(std::move(delivery), [this, respond](std::exception_ptr error) {
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
    return respond(refused(metrics_, channels::Channel::zalo, scanned_event_name(request.body), request.body));
  std::vector<channels::InboundEvent> events;
  try {
    events = channels::parse_zalo_webhook(request.body, zalo.app_id);
  } catch (const channels::PayloadError&) {
    return respond(malformed(metrics_, channels::Channel::zalo));
  }
  // The signature covers the body's timestamp: a body signed long ago is a replay.
  const std::int64_t now_ms = unix_seconds(request) * 1000;
  const std::int64_t oldest = now_ms - std::int64_t{zalo.freshness.count()} * 1000, newest = now_ms + 10 * 60 * 1000;
  for (const auto& event : events)
    if (event.timestamp_ms < oldest || event.timestamp_ms > newest) {
      metrics_.count_rejected("zalo_stale");
      log::warn("webhook.stale", {{"channel", "zalo"}, {"event_type", event.event_type}});
      return respond(text_response(400, "event outside the freshness window\n"));
    }
  keep(request, channels::Channel::zalo, std::move(events), respond);
}

void Webhooks::messenger(const Request& request, const Respond& respond) {
  if (!channels_.messenger) return respond(text_response(404, "not found\n"));
  if (!channels::verify_messenger_signature(channels_.messenger->app_secret, request.body,
                                            request.header("x-hub-signature-256")))
    return respond(refused(metrics_, channels::Channel::messenger, "page", request.body));
  std::vector<channels::InboundEvent> events;
  try {
    events = channels::parse_messenger_webhook(request.body);
  } catch (const channels::PayloadError&) {
    return respond(malformed(metrics_, channels::Channel::messenger));
  }
  keep(request, channels::Channel::messenger, std::move(events), respond);
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
    log::warn("webhook.rejected",
              {{"channel", domain::stored_name(channels::Channel::messenger)}, {"reason", "verify_token"}});
    return text_response(403, "forbidden\n");
  }
  log::info("webhook.subscribed", {{"channel", domain::stored_name(channels::Channel::messenger)}});
  Response response = text_response(200, challenge->second);
  response.content_type = "text/plain; charset=utf-8";
  return response;
}

}  // namespace tipline::handlers
