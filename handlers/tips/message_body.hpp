#pragma once
// What a reporter wrote, as one typed record: the web form's three answers or a chat
// message's text, the chat's attachment notes, and the personal-data spans triage
// found. Sealed in the store as compact JSON; this file is the only place that
// writes or reads that JSON, for web tips, chat messages and additions alike.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triage/triage.hpp"

namespace tipline::handlers {

struct PiiSpan {
  std::string type;   // "phone" | "id_number" | "plate" | "email" | "social_link" | "person_name" | "address"
  std::string owner;  // "reporter" | "subject" | "other"; empty when not recorded
  std::size_t start = 0;  // byte offsets into MessageBody::spanned_text()
  std::size_t end = 0;
};

// A chat attachment as noted beside the text; its bytes are never fetched or kept.
struct AttachmentNote {
  std::string type;  // "image" | "file" | "location" | ...
  std::string url;   // the platform's expiring link, when given
  std::string name;  // a file's name
  std::uint64_t size = 0;
  std::optional<double> latitude;  // locations: both or neither
  std::optional<double> longitude;
};

struct WebAnswers {
  std::string what;
  std::string where;
  std::string when;
};

struct MessageBody {
  std::optional<WebAnswers> answers;  // a web tip's first message
  std::string text;                   // anything else a reporter wrote
  std::vector<AttachmentNote> attachments;
  std::vector<PiiSpan> pii;

  // The text the spans point into, as triage read it: the three answers one per line
  // (empty ones included, so offsets hold), or the text.
  std::string spanned_text() const;
  // The non-empty pieces in order (answers, or the text): what triage re-reads when
  // the reporter adds to the tip.
  std::vector<std::string> pieces() const;
};

std::string encode_message_body(const MessageBody& body);

// Never throws. A stored body that is not a record (officers' notes and system
// messages are plain text) comes back as `text` when it is valid UTF-8, else empty.
// Spans are returned as stored: a reader that shows them checks them against the text.
MessageBody decode_message_body(std::string_view stored);

// The record, or nullopt when `stored` is plain text rather than a reporter's record.
std::optional<MessageBody> decode_message_record(std::string_view stored);

// The spans of a triage result, as a body keeps them.
std::vector<PiiSpan> pii_spans(const triage::Result& result);

// Everything a reporter wrote in a tip, in order, one piece per line: what triage reads.
std::string reporter_text(const std::vector<std::string>& stored_bodies);

}  // namespace tipline::handlers
