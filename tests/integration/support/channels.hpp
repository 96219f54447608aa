#pragma once
// Chat-platform helpers for integration tests: a config section pointing the gateway
// at a FakePlatform with the fixtures' test secrets, and signed webhook deliveries.
#include <cstdint>
#include <string>

#include "shared/signed_webhooks.hpp"
#include "support/fake_platform.hpp"
#include "support/https_client.hpp"

namespace tipline::testing {

// Sets the channel secrets' environment variables and returns a "channels" section
// (with a trailing comma) for TestServer / TestDataDir. Platform paths on the fake:
// /zalo/..., /oauth/..., /graph/v25.0/...
std::string channels_config(const FakePlatform& platform, int quiet_window_minutes = 30,
                            int retry_base_seconds = 1, int max_send_attempts = 12);

// A scripted answer, and a connection closed without one.
FakePlatform::Reply reply(int status, std::string body);
FakePlatform::Reply dropped();

// Default fake answers: Zalo and Messenger accept every send.
void answer_sends_ok(FakePlatform& platform);

// Deliveries signed as the platform signs them (shared/signed_webhooks.hpp).
HttpResult post_zalo(TlsClient& client, const std::string& body);
HttpResult post_messenger(TlsClient& client, const std::string& body);

// A one-message Messenger body from `psid` with message id `mid` at `timestamp_ms`.
std::string messenger_text_body(const std::string& psid, const std::string& mid, std::int64_t timestamp_ms,
                                 const std::string& text);

std::int64_t now_ms();

}  // namespace tipline::testing
