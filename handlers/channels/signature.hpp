#pragma once
// Webhook signatures, checked over the raw request bytes before any JSON parsing,
// with constant-time comparison.
#include <string_view>

namespace tipline::channels {

// Zalo: X-ZEvent-Signature = "mac=" + hex(SHA-256(app_id || body || timestamp || oa_secret)),
// plain SHA-256. `timestamp` is the body's "timestamp" value, found by scanning the
// raw bytes (not a JSON parse); every candidate occurrence is tried, so a forged
// second "timestamp" cannot help an attacker who lacks the secret. The header is
// accepted with or without "mac=", in either hex case.
bool verify_zalo_signature(std::string_view configured_app_id, std::string_view oa_secret,
                           std::string_view raw_body, std::string_view header_value);

// Messenger: X-Hub-Signature-256 = "sha256=" + hex(HMAC-SHA256(app_secret, body)).
// The legacy sha1 header is never accepted.
bool verify_messenger_signature(std::string_view app_secret, std::string_view raw_body,
                                std::string_view header_value);

}  // namespace tipline::channels
