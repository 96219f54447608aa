#include "handlers/channels/routing.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace tipline::channels {

std::string encode_routing(const ReplyRouting& routing) {
  nlohmann::json doc{{"id", routing.recipient_id}};
  if (!routing.conversation_id.empty()) doc["conversation_id"] = routing.conversation_id;
  if (routing.anonymous) doc["anonymous"] = true;
  return doc.dump();
}

ReplyRouting decode_routing(std::string_view text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("id") || !doc["id"].is_string())
    throw std::invalid_argument("reply handle is not a routing record");
  ReplyRouting routing;
  routing.recipient_id = doc["id"].get<std::string>();
  if (auto it = doc.find("conversation_id"); it != doc.end() && it->is_string()) routing.conversation_id = *it;
  if (auto it = doc.find("anonymous"); it != doc.end() && it->is_boolean()) routing.anonymous = *it;
  return routing;
}

}  // namespace tipline::channels
