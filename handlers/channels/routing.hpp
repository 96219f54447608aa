#pragma once
// What the outbox needs to reach a chat reporter: the platform's ids, as the chat
// intake seals them in the reply handle and the outbox dispatcher opens them.
#include <string>
#include <string_view>

namespace tipline::channels {

struct ReplyRouting {
  std::string recipient_id;
  std::string conversation_id;
  bool anonymous = false;
};
std::string encode_routing(const ReplyRouting& routing);
// Throws std::invalid_argument when the text is not a routing record.
ReplyRouting decode_routing(std::string_view text);

}  // namespace tipline::channels
