#pragma once
// Webhook deliveries as the platforms sign them, with the test secrets the channel
// fixtures (tests/fixtures/channels) were made for.
#include <string>

namespace tipline::testing {

inline constexpr char zalo_app_id[] = "4230012345678901234";
inline constexpr char zalo_oa_secret[] = "test-oa-secret";
inline constexpr char messenger_app_secret[] = "test-app-secret";
inline constexpr char messenger_verify_token[] = "test-verify-token";

std::string channel_fixture(const std::string& name);  // raw bytes of tests/fixtures/channels/NAME

std::string zalo_signature(const std::string& body);       // "mac=<hex>"
std::string messenger_signature(const std::string& body);  // "sha256=<hex>"

}  // namespace tipline::testing
