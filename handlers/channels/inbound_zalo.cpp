#include "handlers/channels/inbound_zalo.hpp"

#include <array>
#include <string>

#include "handlers/channels/json_access.hpp"

namespace tipline::channels {
namespace {

using detail::json;

constexpr std::string_view platform = "zalo";

EventKind kind_of(std::string_view event_name) {
  if (event_name.starts_with("user_send_") || event_name.starts_with("anonymous_send_")) return EventKind::message;
  // Echoes of what the OA sent (our acknowledgements included) and receipts of it:
  // answering any of them would make the gateway talk to itself.
  if (event_name.starts_with("oa_send_")) return EventKind::skip;
  static constexpr std::array<std::string_view, 4> receipts = {"user_received_message", "user_seen_message",
                                                               "user_reacted_message", "user_click_chatnow"};
  for (auto name : receipts)
    if (event_name == name) return EventKind::skip;
  if (event_name == "follow") return EventKind::follow;
  if (event_name == "unfollow") return EventKind::unfollow;
  // A data-subject request: whatever routes replies to this user must go.
  if (event_name == "user_withdraw") return EventKind::withdraw;
  // Name, phone and address the user shared with the OA: the tip line must not hold them.
  if (event_name == "user_submit_info") return EventKind::drop;
  return EventKind::unknown;
}

std::int64_t timestamp_of(const json& body) {
  const json* value = detail::member(body, "timestamp");
  if (!value) return 0;
  auto ms = detail::integer_value(*value);
  return ms && *ms >= 0 ? *ms : 0;
}

std::uint64_t file_size_of(const json* payload) {
  if (!payload) return 0;
  const json* size = detail::member(*payload, "size");
  if (!size) return 0;
  auto bytes = detail::integer_value(*size);
  return bytes && *bytes > 0 ? static_cast<std::uint64_t>(*bytes) : 0;
}

Attachment attachment_of(const json& item, bool business_card_event) {
  if (!item.is_object()) throw PayloadError("zalo attachment is not an object");
  std::string type = detail::string_member(item, "type");
  const json* payload = detail::object_member(item, "payload");
  Attachment out;
  // Policy: a business card is somebody's contact (name, phone, QR code, avatar),
  // often a third party's. The tip line keeps only the fact that one was sent.
  if (business_card_event || type == "business_card") {
    out.type = "business_card";
    return out;
  }
  out.type = detail::is_safe_name(type) ? type : "unknown";
  if (type == "image" || type == "gif" || type == "sticker" || type == "link" || type == "audio" || type == "video") {
    out.url = detail::string_member(payload, "url");
  } else if (type == "file") {
    out.url = detail::string_member(payload, "url");
    out.name = detail::string_member(payload, "name");
    out.size = file_size_of(payload);
  } else if (type == "location") {
    // Strings in the docs ("10.7642473"), numbers in some integrations.
    out.coordinates = detail::coordinates_member(payload, "latitude", "longitude");
  }
  // Other types keep only their name: we do not know what their payload exposes.
  return out;
}

void read_message(const json& body, std::string_view event_name, InboundEvent& event) {
  const json* sender = detail::object_member(body, "sender");
  event.sender_id = sender ? detail::id_member(*sender, "id") : std::string();
  // A user message always names its sender; without one the format has changed
  // under us, and a tip that can never be answered should be noticed, not stored.
  if (event.sender_id.empty()) throw PayloadError("zalo message without a sender id");

  const json* message = detail::object_member(body, "message");
  if (event_name.starts_with("anonymous_send_")) {
    event.anonymous_sender = true;
    event.conversation_id = message ? detail::id_member(*message, "conversation_id") : std::string();
  }
  if (!message) return;

  bool business_card = event_name == "user_send_business_card";
  // A business card's text is the contact's name (see attachment_of).
  if (!business_card) event.text = detail::string_member(*message, "text");
  if (const auto* attachments = detail::array_member(*message, "attachments")) {
    for (const auto& item : *attachments) {
      event.attachments.push_back(attachment_of(item, business_card));
      if (event.attachments.back().type == "business_card") business_card = true;
    }
    // A card may sit among other attachments; its name may then still be the text.
    if (business_card) event.text.clear();
  }
}

InboundEvent parse_event(std::string_view raw_body, std::string_view configured_app_id) {
  json body = detail::parse_object(raw_body, platform);

  // The mac was computed with the configured app id, but the body names the app
  // too; a mismatch means a body meant for another app.
  if (!detail::is_string(detail::member(body, "app_id"), configured_app_id))
    throw PayloadError("zalo body is for another app");

  const json* name_field = detail::member(body, "event_name");
  if (!name_field || !name_field->is_string()) throw PayloadError("zalo body without an event name");
  const std::string event_name(name_field->get_string());
  bool safe_name = detail::is_safe_name(event_name);

  InboundEvent event;
  event.channel = Channel::zalo;
  event.event_type = safe_name ? event_name : "unrecognised";
  event.kind = safe_name ? kind_of(event_name) : EventKind::unknown;
  event.timestamp_ms = timestamp_of(body);
  // Nothing of a dropped event is read beyond its name: no sender, no info{}.
  if (event.kind == EventKind::drop) {
    event.dedupe_key = detail::body_key_prefix(raw_body) + "0";
    return event;
  }

  const json* message = detail::object_member(body, "message");
  std::string msg_id = message ? detail::id_member(*message, "msg_id") : std::string();
  // Events without a message id are keyed by the body (retries are byte-identical).
  event.dedupe_key = safe_name && detail::is_usable_id(msg_id)
                         ? "zalo:" + std::string(configured_app_id) + ":" + event_name + ":" + msg_id
                         : detail::body_key_prefix(raw_body) + "0";

  switch (event.kind) {
    case EventKind::message:
      read_message(body, event_name, event);
      break;
    case EventKind::follow:
    case EventKind::unfollow:
      if (const json* follower = detail::object_member(body, "follower"))
        event.sender_id = detail::id_member(*follower, "id");
      break;
    case EventKind::withdraw:
      // user_id is the OA-scoped id the pseudonym was made from; user_id_by_app is not read.
      event.sender_id = detail::id_member(body, "user_id");
      break;
    default:
      // Skipped and unknown events keep no ids: the sender of an echo or receipt is
      // the OA, and we have no use for the rest.
      break;
  }
  return event;
}

}  // namespace

std::vector<InboundEvent> parse_zalo_webhook(std::string_view raw_body, std::string_view configured_app_id) {
  try {
    return {parse_event(raw_body, configured_app_id)};
  } catch (const boost::system::system_error&) {
    throw PayloadError("zalo body has an unexpected shape");
  }
}

}  // namespace tipline::channels
