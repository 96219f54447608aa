#pragma once
// What a reporter wrote, read back from a stored message, with the personal-data
// spans triage found: shown to officers as placeholders until they reveal them.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/http/html.hpp"
#include "handlers/tips/message_body.hpp"

namespace tipline::handlers {

struct ReporterText {
  std::string text;             // web tips: what, where and when on three lines; chats: the message
  std::vector<PiiSpan> spans;   // sorted, non-overlapping, inside `text`, on UTF-8 boundaries
  std::vector<std::string> attachments;  // short descriptions: "image", "location 10.76, 106.66", "file x.pdf"
};

// Reads a stored message body (message_body.hpp). Spans that do not fit the text are
// dropped rather than trusted; a plain-text body is shown as text.
ReporterText read_reporter_text(std::string_view stored);

// The text as HTML with each span replaced by a labelled placeholder, or marked but
// shown when `reveal` is set. Escaped by construction.
Html redacted_html(const ReporterText& text, bool reveal, bool english);

// Plain text for the queue's preview: placeholders, newlines as spaces, cut at
// `max_chars` code points with an ellipsis.
std::string redacted_preview(const ReporterText& text, std::size_t max_chars, bool english);

}  // namespace tipline::handlers
