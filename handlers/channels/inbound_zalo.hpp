#pragma once
#include <string_view>
#include <vector>

#include "handlers/channels/inbound_event.hpp"

namespace tipline::channels {

// Parses one verified Zalo OA webhook body (one event per POST). Throws PayloadError
// when the JSON is malformed, the UTF-8 invalid, or app_id differs from the
// configured one. The unsigned "{}" URL-check probe is not passed here.
std::vector<InboundEvent> parse_zalo_webhook(std::string_view raw_body, std::string_view configured_app_id);

}  // namespace tipline::channels
