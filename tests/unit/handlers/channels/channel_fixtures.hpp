#pragma once
// Shared by the channel tests: fixture bytes, the README's test secrets, and a view
// of every string an event holds (to prove what it does not hold).
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "handlers/channels/inbound_event.hpp"

namespace channel_fixtures {

inline const std::string zalo_app_id = "4230012345678901234";
inline const std::string zalo_oa_secret = "test-oa-secret";
inline const std::string messenger_app_secret = "test-app-secret";

// The file exactly as stored: binary mode, nothing appended. Signatures cover these
// bytes, so a stray newline would break every one of them.
inline std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(TIPLINE_SOURCE_DIR "/tests/fixtures/channels/") + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::string> event_strings(const tipline::channels::InboundEvent& event) {
  std::vector<std::string> out = {event.event_type,      event.dedupe_key, event.sender_id,
                                  event.conversation_id, event.text,       event.payload};
  for (const auto& attachment : event.attachments) {
    out.push_back(attachment.type);
    out.push_back(attachment.url);
    out.push_back(attachment.name);
  }
  return out;
}

inline bool event_mentions(const tipline::channels::InboundEvent& event, const std::string& needle) {
  for (const auto& text : event_strings(event))
    if (text.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace channel_fixtures
