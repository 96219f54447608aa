#pragma once
#include <string_view>
#include <vector>

#include "handlers/channels/inbound_event.hpp"

namespace tipline::channels {

// Parses one verified Messenger webhook body: every entry[] and messaging[] element,
// in order (standby[] elements become EventKind::skip). Decodes \uXXXX escapes,
// surrogate pairs and "\/". Throws PayloadError on malformed JSON or a body whose
// "object" is not "page".
std::vector<InboundEvent> parse_messenger_webhook(std::string_view raw_body);

}  // namespace tipline::channels
