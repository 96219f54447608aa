#pragma once
// Inbound events as a webhook delivery keeps them between its 200 and their filing:
// exactly the fields of InboundEvent (already stripped of profile names, location
// titles and the like), in compact JSON. The store seals the record, since the
// sender's platform id is in it for the reply handle.
#include <string>
#include <string_view>
#include <vector>

#include "handlers/channels/inbound_event.hpp"

namespace tipline::channels {

std::string encode_events(const std::vector<InboundEvent>& events);
// Throws PayloadError for a record encode_events() did not write.
std::vector<InboundEvent> decode_events(std::string_view record);

}  // namespace tipline::channels
