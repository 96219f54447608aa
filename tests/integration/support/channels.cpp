#include "support/channels.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>

namespace tipline::testing {

std::string channels_config(const FakePlatform& platform, int quiet_window_minutes, int retry_base_seconds,
                            int max_send_attempts) {
  ::setenv("TIPLINE_TEST_ZALO_APP_ID", zalo_app_id, 1);
  ::setenv("TIPLINE_TEST_ZALO_OA_SECRET", zalo_oa_secret, 1);
  ::setenv("TIPLINE_TEST_ZALO_APP_SECRET", "test-zalo-app-secret", 1);
  ::setenv("TIPLINE_TEST_ZALO_ACCESS_TOKEN", "zalo-access-token-1", 1);
  ::setenv("TIPLINE_TEST_ZALO_REFRESH_TOKEN", "zalo-refresh-token-1", 1);
  ::setenv("TIPLINE_TEST_MESSENGER_APP_SECRET", messenger_app_secret, 1);
  ::setenv("TIPLINE_TEST_MESSENGER_VERIFY_TOKEN", messenger_verify_token, 1);
  ::setenv("TIPLINE_TEST_MESSENGER_PAGE_TOKEN", "page-token-1", 1);
  const std::string base = platform.base_url();
  return R"("channels": {
    "zalo": {"app_id": {"env": "TIPLINE_TEST_ZALO_APP_ID"}, "oa_secret": {"env": "TIPLINE_TEST_ZALO_OA_SECRET"},
             "app_secret": {"env": "TIPLINE_TEST_ZALO_APP_SECRET"},
             "access_token": {"env": "TIPLINE_TEST_ZALO_ACCESS_TOKEN"},
             "refresh_token": {"env": "TIPLINE_TEST_ZALO_REFRESH_TOKEN"},
             "api_base": ")" + base + R"(/zalo", "oauth_base": ")" + base + R"(/oauth",
             "freshness_hours": 876000},
    "messenger": {"app_secret": {"env": "TIPLINE_TEST_MESSENGER_APP_SECRET"},
                  "verify_token": {"env": "TIPLINE_TEST_MESSENGER_VERIFY_TOKEN"},
                  "page_access_token": {"env": "TIPLINE_TEST_MESSENGER_PAGE_TOKEN"},
                  "api_base": ")" + base + R"(/graph/v25.0"},
    "quiet_window_minutes": )" + std::to_string(quiet_window_minutes) + R"(,
    "outbound_ca_file": ")" + platform.ca_file().string() + R"(",
    "send_timeout_seconds": 2,
    "retry_base_seconds": )" + std::to_string(retry_base_seconds) + R"(,
    "retry_max_seconds": 4,
    "max_send_attempts": )" + std::to_string(max_send_attempts) + R"(
  },)";
}

FakePlatform::Reply reply(int status, std::string body) {
  FakePlatform::Reply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

FakePlatform::Reply dropped() {
  FakePlatform::Reply r;
  r.drop_connection = true;
  return r;
}

void answer_sends_ok(FakePlatform& platform) {
  platform.set_default("/zalo/", reply(200, channel_fixture("zalo_send_ok.json")));
  platform.set_default("/graph/", reply(200, channel_fixture("messenger_send_ok.json")));
  platform.set_default("/oauth/", reply(200, channel_fixture("zalo_token_refresh_ok.json")));
}

HttpResult post_zalo(TlsClient& client, const std::string& body) {
  return client.request("POST", "/webhooks/zalo", body, "application/json",
                        {{"X-ZEvent-Signature", zalo_signature(body)}});
}

HttpResult post_messenger(TlsClient& client, const std::string& body) {
  return client.request("POST", "/webhooks/messenger", body, "application/json",
                        {{"X-Hub-Signature-256", messenger_signature(body)}});
}

std::string messenger_text_body(const std::string& psid, const std::string& mid, std::int64_t timestamp_ms,
                                const std::string& text) {
  nlohmann::json body{
      {"object", "page"},
      {"entry",
       {{{"id", "104857600012345"},
         {"time", timestamp_ms},
         {"messaging",
          {{{"sender", {{"id", psid}}},
            {"recipient", {{"id", "104857600012345"}}},
            {"timestamp", timestamp_ms},
            {"message", {{"mid", mid}, {"text", text}}}}}}}}}};
  // Meta sends ASCII with \u escapes; dump(…, ensure_ascii) does the same.
  return body.dump(-1, ' ', true);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tipline::testing
