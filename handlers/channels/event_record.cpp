#include "handlers/channels/event_record.hpp"

#include <nlohmann/json.hpp>

#include <array>
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
  if (name == "zalo") return Channel::zalo;
  if (name == "messenger") return Channel::messenger;
  throw PayloadError("kept event: unknown channel");
}

json encode(const InboundEvent& e) {
  json attachments = json::array();
  for (const auto& a : e.attachments) {
    json item{{"type", a.type}, {"url", a.url}, {"name", a.name}, {"size", a.size}};
    if (a.coordinates) item["at"] = {a.coordinates->latitude, a.coordinates->longitude};
    attachments.push_back(std::move(item));
  }
  return json{{"channel", channel_name(e.channel)},
              {"kind", kind_name(e.kind)},
              {"type", e.event_type},
              {"key", e.dedupe_key},
              {"sender", e.sender_id},
              {"conversation", e.conversation_id},
              {"anonymous", e.anonymous_sender},
              {"ms", e.timestamp_ms},
              {"text", e.text},
              {"attachments", std::move(attachments)},
              {"payload", e.payload}};
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
  json list = json::array();
  for (const auto& e : events) list.push_back(encode(e));
  return list.dump();
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
