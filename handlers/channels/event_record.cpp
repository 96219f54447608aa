#include "handlers/channels/event_record.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <utility>

namespace tipline::channels {

namespace {

using json = nlohmann::json;

constexpr std::array<std::pair<EventKind, const char*>, 8> kind_names{{
    {EventKind::message, "message"},
    {EventKind::postback, "postback"},
    {EventKind::follow, "follow"},
    {EventKind::unfollow, "unfollow"},
    {EventKind::withdraw, "withdraw"},
    {EventKind::skip, "skip"},
    {EventKind::drop, "drop"},
    {EventKind::unknown, "unknown"},
}};

const char* kind_name(EventKind kind) {
  for (const auto& [k, name] : kind_names)
    if (k == kind) return name;
  return "unknown";
}

EventKind kind_of(const std::string& name) {
  for (const auto& [k, n] : kind_names)
    if (name == n) return k;
  throw PayloadError("kept event: unknown kind");
}

Channel channel_of(const std::string& name) {
  const auto channel = domain::parse<Channel>(name);
  if (!channel || !domain::is_chat(*channel)) throw PayloadError("kept event: unknown channel");
  return *channel;
}

// Written by hand rather than through a json value: this runs before every webhook's
// 200, and building a DOM only to print it cost more than the rest of the record.
void append_string(std::string& out, std::string_view value) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain_from = 0;  // bytes that need no escape are copied a run at a time
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const auto byte = static_cast<unsigned char>(c);
    if (c != '"' && c != '\\' && byte >= 0x20) continue;  // the parser already refused malformed UTF-8
    out.append(value, plain_from, i - plain_from);
    plain_from = i + 1;
    if (byte >= 0x20) {
      out.push_back('\\');
      out.push_back(c);
    } else {
      out += "\\u00";
      out.push_back(hex[byte >> 4]);
      out.push_back(hex[byte & 15]);
    }
  }
  out.append(value, plain_from, value.size() - plain_from);
  out.push_back('"');
}

void append_field(std::string& out, const char* name, std::string_view value) {
  out.push_back('"');
  out += name;
  out += "\":";
  append_string(out, value);
  out.push_back(',');
}

void append_number(std::string& out, const char* name, std::int64_t value) {
  out.push_back('"');
  out += name;
  out += "\":";
  out += std::to_string(value);
  out.push_back(',');
}

void append_double(std::string& out, double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);  // round-trips exactly
  out += buffer;
}

void encode(std::string& out, const InboundEvent& e) {
  out.push_back('{');
  append_field(out, "channel", domain::stored_name(e.channel));
  append_field(out, "kind", kind_name(e.kind));
  append_field(out, "type", e.event_type);
  append_field(out, "key", e.dedupe_key);
  append_field(out, "sender", e.sender_id);
  append_field(out, "conversation", e.conversation_id);
  out += e.anonymous_sender ? "\"anonymous\":true," : "\"anonymous\":false,";
  append_number(out, "ms", e.timestamp_ms);
  append_field(out, "text", e.text);
  append_field(out, "payload", e.payload);
  out += "\"attachments\":[";
  for (std::size_t i = 0; i < e.attachments.size(); ++i) {
    const auto& a = e.attachments[i];
    if (i > 0) out.push_back(',');
    out.push_back('{');
    append_field(out, "type", a.type);
    append_field(out, "url", a.url);
    append_field(out, "name", a.name);
    if (a.coordinates) {
      out += "\"at\":[";
      append_double(out, a.coordinates->latitude);
      out.push_back(',');
      append_double(out, a.coordinates->longitude);
      out += "],";
    }
    out += "\"size\":" + std::to_string(a.size) + "}";
  }
  out += "]}";
}

InboundEvent decode(const json& j) {
  InboundEvent e;
  e.channel = channel_of(j.at("channel").get<std::string>());
  e.kind = kind_of(j.at("kind").get<std::string>());
  e.event_type = j.at("type").get<std::string>();
  e.dedupe_key = j.at("key").get<std::string>();
  e.sender_id = j.at("sender").get<std::string>();
  e.conversation_id = j.at("conversation").get<std::string>();
  e.anonymous_sender = j.at("anonymous").get<bool>();
  e.timestamp_ms = j.at("ms").get<std::int64_t>();
  e.text = j.at("text").get<std::string>();
  e.payload = j.at("payload").get<std::string>();
  for (const auto& item : j.at("attachments")) {
    Attachment a;
    a.type = item.at("type").get<std::string>();
    a.url = item.at("url").get<std::string>();
    a.name = item.at("name").get<std::string>();
    a.size = item.at("size").get<std::uint64_t>();
    if (auto at = item.find("at"); at != item.end()) a.coordinates = Coordinates{at->at(0), at->at(1)};
    e.attachments.push_back(std::move(a));
  }
  return e;
}

}  // namespace

std::string encode_events(const std::vector<InboundEvent>& events) {
  std::string out = "[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out.push_back(',');
    encode(out, events[i]);
  }
  out.push_back(']');
  return out;
}

std::vector<InboundEvent> decode_events(std::string_view record) {
  try {
    const auto list = json::parse(record);
    if (!list.is_array()) throw PayloadError("kept events: not a list");
    std::vector<InboundEvent> events;
    for (const auto& item : list) events.push_back(decode(item));
    return events;
  } catch (const json::exception&) {
    throw PayloadError("kept events: malformed record");
  }
}

}  // namespace tipline::channels
