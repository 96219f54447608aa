#include "handlers/channels/inbound_messenger.hpp"

#include <string>

#include "handlers/channels/json_access.hpp"

namespace tipline::channels {
namespace {

using detail::json;

constexpr std::string_view platform = "messenger";

std::string mid_key(std::string_view mid) { return "messenger:" + std::string(mid); }

std::string sender_of(const json& element) {
  const json* sender = detail::object_member(element, "sender");
  if (!sender) return {};
  std::string id = detail::id_member(*sender, "id");
  // People writing through the website chat plugin have a user_ref instead of a PSID.
  return id.empty() ? detail::id_member(*sender, "user_ref") : id;
}

std::string required_sender(const json& element) {
  std::string id = sender_of(element);
  if (id.empty()) throw PayloadError("messenger event without a sender");
  return id;
}

Attachment attachment_of(const json& item) {
  if (!item.is_object()) throw PayloadError("messenger attachment is not an object");
  std::string type = detail::string_member(item, "type");
  const json* payload = detail::object_member(item, "payload");
  Attachment out;
  if (type == "image" || type == "video" || type == "audio" || type == "file" || type == "sticker") {
    out.type = type;
    out.url = detail::string_member(payload, "url");
  } else if (type == "fallback") {
    // A shared link. Its title is whatever the page says and is not kept.
    out.type = "link";
    out.url = detail::string_member(payload, "url");
    if (out.url.empty()) out.url = detail::string_member(item, "url");
  } else if (type == "location") {
    // The title reads "<Full Name>'s Location" and the url repeats the place through
    // a Facebook redirect: only the coordinates are kept.
    out.type = "location";
    out.coordinates = detail::coordinates_member(payload, "lat", "long");
  } else {
    // reel, post, template, ...: we keep the kind only, not knowing what the payload
    // exposes.
    out.type = detail::is_safe_name(type) ? type : "unknown";
  }
  return out;
}

void read_message(const json& element, const json& message, InboundEvent& event) {
  std::string mid = detail::id_member(message, "mid");
  if (detail::is_usable_id(mid)) event.dedupe_key = mid_key(mid);

  // Our own sends come back as echoes (sender = the Page); answering one would loop.
  if (const json* echo = detail::member(message, "is_echo"); echo && !(echo->is_bool() && !echo->get_bool())) {
    event.event_type = "message_echo";
    event.kind = EventKind::skip;
    return;
  }
  event.event_type = "message";
  event.sender_id = required_sender(element);
  event.text = detail::string_member(message, "text");
  // reply_to is never read: which message was answered says nothing the tip needs.
  if (const json* quick_reply = detail::object_member(message, "quick_reply")) {
    event.kind = EventKind::postback;
    event.payload = detail::string_member(*quick_reply, "payload");
    return;
  }
  event.kind = EventKind::message;
  if (const auto* attachments = detail::array_member(message, "attachments"))
    for (const auto& item : *attachments) event.attachments.push_back(attachment_of(item));
}

void read_postback(const json& element, const json& postback, InboundEvent& event) {
  event.event_type = "postback";
  event.kind = EventKind::postback;
  event.sender_id = required_sender(element);
  event.text = detail::string_member(postback, "title");
  event.payload = detail::string_member(postback, "payload");
  // postback.referral (ad and link context) is deliberately not read.
  std::string mid = detail::id_member(postback, "mid");
  if (detail::is_usable_id(mid)) event.dedupe_key = mid_key(mid);
}

std::string other_event_type(const json& element) {
  for (const auto& field : element.get_object()) {
    const std::string_view key = field.key();
    if (key == "sender" || key == "recipient" || key == "timestamp") continue;
    if (detail::is_safe_name(key)) return std::string(key);
  }
  return "unrecognised";
}

// One odd element must not cost the rest of a batch: Meta would redeliver the whole
// body for hours. It is acknowledged and ignored, and nothing of it is kept.
InboundEvent malformed_element(std::int64_t entry_time) {
  InboundEvent event;
  event.channel = Channel::messenger;
  event.kind = EventKind::unknown;
  event.event_type = "malformed";
  event.timestamp_ms = entry_time;
  return event;
}

InboundEvent parse_element(const json& element, std::int64_t entry_time) {
  InboundEvent event;
  event.channel = Channel::messenger;
  event.timestamp_ms = entry_time;
  try {
    if (!element.is_object()) throw PayloadError("messenger event is not an object");
    // Deliveries carry no timestamp of their own; the entry's time stands in.
    if (const json* timestamp = detail::member(element, "timestamp")) {
      auto ms = detail::integer_value(*timestamp);
      if (ms && *ms >= 0) event.timestamp_ms = *ms;
    }
    if (const json* message = detail::object_member(element, "message")) {
      read_message(element, *message, event);
    } else if (const json* postback = detail::object_member(element, "postback")) {
      read_postback(element, *postback, event);
    } else if (detail::member(element, "delivery")) {
      event.event_type = "delivery";
      event.kind = EventKind::skip;
    } else if (detail::member(element, "read")) {
      event.event_type = "read";
      event.kind = EventKind::skip;
    } else {
      event.event_type = other_event_type(element);
      event.kind = EventKind::unknown;
    }
  } catch (const PayloadError&) {
    return malformed_element(entry_time);
  } catch (const boost::system::system_error&) {
    return malformed_element(entry_time);
  }
  return event;
}

InboundEvent standby_element(std::int64_t entry_time) {
  // Another app owns the thread (handover protocol): never answered, nothing kept.
  // The body key, not the mid, so the same message delivered later to us as owner
  // is not taken for a duplicate.
  InboundEvent event;
  event.channel = Channel::messenger;
  event.kind = EventKind::skip;
  event.event_type = "standby";
  event.timestamp_ms = entry_time;
  return event;
}

std::vector<InboundEvent> parse_body(std::string_view raw_body) {
  json body = detail::parse_object(raw_body, platform);
  if (!detail::is_string(detail::member(body, "object"), "page")) throw PayloadError("messenger body is not a page event");
  const auto* entries = detail::array_member(body, "entry");
  if (!entries) throw PayloadError("messenger body without entries");

  std::vector<InboundEvent> events;
  for (const auto& entry : *entries) {
    if (!entry.is_object()) throw PayloadError("messenger entry is not an object");
    std::int64_t entry_time = 0;
    if (const json* time = detail::member(entry, "time")) {
      auto ms = detail::integer_value(*time);
      if (ms && *ms >= 0) entry_time = *ms;
    }
    if (const auto* messaging = detail::array_member(entry, "messaging"))
      for (const auto& element : *messaging) events.push_back(parse_element(element, entry_time));
    if (const auto* standby = detail::array_member(entry, "standby"))
      for (std::size_t i = 0; i < standby->size(); ++i) events.push_back(standby_element(entry_time));
  }
  // Events without a message id are keyed by the body and their place in it; the body
  // is hashed only when one needs it (a batch of messages has ids throughout).
  std::string key_prefix;
  for (std::size_t index = 0; index < events.size(); ++index) {
    if (!events[index].dedupe_key.empty()) continue;
    if (key_prefix.empty()) key_prefix = detail::body_key_prefix(raw_body);
    events[index].dedupe_key = key_prefix + std::to_string(index);
  }
  return events;
}

}  // namespace

std::vector<InboundEvent> parse_messenger_webhook(std::string_view raw_body) {
  try {
    return parse_body(raw_body);
  } catch (const boost::system::system_error&) {
    throw PayloadError("messenger body has an unexpected shape");
  }
}

}  // namespace tipline::channels
