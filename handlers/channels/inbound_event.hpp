#pragma once
// One event from a chat platform, reduced to what the tip line may keep. Parsers
// (inbound_zalo.hpp, inbound_messenger.hpp) never copy profile names, avatars,
// location titles, user_id_by_app, admin ids or referral data into it.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/domain.hpp"

namespace tipline::channels {

// The product's one Channel; an adapter's events are only ever on a chat one
// (domain::is_chat), named by domain::stored_name.
using Channel = domain::Channel;

enum class EventKind {
  message,   // a resident wrote: text and/or attachments; becomes part of a tip
  postback,  // a button or quick-reply tap carrying our payload (text may hold its title)
  follow,    // resident followed the OA; no tip, no reply
  unfollow,  // no tip, no reply
  withdraw,  // Zalo user_withdraw: the user asks us to forget them; their routing data is purged
  skip,      // echo of our own send, delivery or read receipt, standby: never answered
  drop,      // carries personal data we refuse to hold (user_submit_info): nothing stored
  unknown,   // an event name we do not handle: acknowledged and ignored
};

struct Coordinates {
  double latitude = 0;
  double longitude = 0;
};

struct Attachment {
  std::string type;  // "image" | "file" | "sticker" | "video" | "audio" | "link" | "location" | "gif" | ...
  std::string url;   // expiring platform CDN link; empty for locations and when absent
  std::string name;  // file name for "file", else empty
  std::uint64_t size = 0;                  // bytes, for "file" when given
  std::optional<Coordinates> coordinates;  // "location" only
};

struct InboundEvent {
  Channel channel = Channel::zalo;
  EventKind kind = EventKind::unknown;
  std::string event_type;  // platform name of the event ("user_send_text", "message", "read", ...); safe to log
  // Stable key for deduplication: "zalo:<app_id>:<event_name>:<msg_id>" or
  // "messenger:<mid>"; for events without a message id "body:<sha256 hex of the raw
  // body>:<index of the event in the body>".
  std::string dedupe_key;
  std::string sender_id;        // raw platform id (Zalo OA-scoped or anonymous id, PSID); never logged or stored in clear
  std::string conversation_id;  // Zalo anonymous conversations only
  bool anonymous_sender = false;  // Zalo anonymous_send_*: replies go through the anonymous endpoint
  std::int64_t timestamp_ms = 0;  // platform time of the event
  std::string text;               // message text or caption; quick-reply / postback title
  std::vector<Attachment> attachments;
  std::string payload;  // postback or quick-reply payload chosen by us, e.g. "TIP_NEW_REPORT"
};

// Malformed JSON, invalid UTF-8, or a body whose shape cannot be an event of its
// platform. what() is a short public message; it never quotes the body.
class PayloadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tipline::channels
