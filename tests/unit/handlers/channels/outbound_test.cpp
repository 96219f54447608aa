#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "channel_fixtures.hpp"
#include "common/utf8.hpp"
#include "handlers/channels/outbound.hpp"

using namespace tipline;
using namespace tipline::channels;
using namespace channel_fixtures;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string ack_text = "Chúng tôi đã nhận được tin báo của bạn. Mã tin báo: TB-2026-0042. Cảm ơn bạn.";

std::string header(const PlatformRequest& request, const std::string& name) {
  std::string found;
  int count = 0;
  for (const auto& [key, value] : request.headers) {
    if (key == name) {
      found = value;
      ++count;
    }
  }
  REQUIRE(count == 1);
  return found;
}

bool has_header(const PlatformRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers)
    if (key == name) return true;
  return false;
}

std::string sent_text(const PlatformRequest& request) {
  return json::parse(request.body).at("message").at("text").get<std::string>();
}

// The reason is stored on the tip and logged: it names platform and code only.
void check_reason_is_safe(const SendOutcome& outcome) {
  INFO(outcome.reason);
  CHECK_FALSE(outcome.reason.empty());
  CHECK(outcome.reason.size() < 80);
  for (std::string leak : {"7012345678901234", "6110012345678900042", "m_TEST", "e4d3c2b1", "ATestTrace",
                           "Invalid OAuth", "User has not", "TEST-ZALO", "{", "\""}) {
    INFO(leak);
    CHECK(outcome.reason.find(leak) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("zalo CS send request matches the fixture", "[channels][outbound]") {
  OutboundText message;
  message.channel = Channel::zalo;
  message.recipient_id = "6110012345678900042";
  message.text = ack_text;
  auto request = zalo_send_request(Endpoints{}, "TEST-ZALO-ACCESS-TOKEN-0001", message);
  CHECK(request.method == "POST");
  CHECK(request.url == "https://openapi.zalo.me/v3.0/oa/message/cs");
  CHECK(header(request, "access_token") == "TEST-ZALO-ACCESS-TOKEN-0001");
  CHECK(header(request, "Content-Type") == "application/json");
  CHECK_FALSE(has_header(request, "Authorization"));
  CHECK(json::parse(request.body) == json::parse(read_fixture("zalo_send_request.json")));
  CHECK(request.body.find("TEST-ZALO-ACCESS-TOKEN") == std::string::npos);
}

TEST_CASE("zalo anonymous send request matches the fixture", "[channels][outbound]") {
  OutboundText message;
  message.channel = Channel::zalo;
  message.anonymous = true;
  message.recipient_id = "a1f3c9e07b2d4e6f8a10";
  message.conversation_id = "9b8e7d6c5b4a39281706";
  message.text = "Chúng tôi đã nhận được tin báo của bạn. Cảm ơn bạn.";
  auto request = zalo_send_request(Endpoints{}, "TOKEN", message);
  CHECK(request.url == "https://openapi.zalo.me/v2.0/oa/message");
  CHECK(header(request, "access_token") == "TOKEN");
  CHECK(header(request, "Content-Type") == "application/json");
  CHECK(json::parse(request.body) == json::parse(read_fixture("zalo_send_anonymous_request.json")));
}

TEST_CASE("endpoints can point at a fake platform", "[channels][outbound]") {
  Endpoints local;
  local.zalo_api_base = "http://127.0.0.1:8081/";
  local.zalo_oauth_base = "http://127.0.0.1:8082";
  local.messenger_api_base = "http://127.0.0.1:8083/v25.0";
  OutboundText message;
  message.recipient_id = "1";
  message.text = "x";
  CHECK(zalo_send_request(local, "t", message).url == "http://127.0.0.1:8081/v3.0/oa/message/cs");
  CHECK(messenger_send_request(local, "t", message).url == "http://127.0.0.1:8083/v25.0/me/messages?access_token=t");
  CHECK(zalo_token_refresh_request(local, "1", "s", "r").url == "http://127.0.0.1:8082/v4/oa/access_token");
}

TEST_CASE("messenger send request matches the fixture, without quick replies", "[channels][outbound]") {
  OutboundText message;
  message.channel = Channel::messenger;
  message.recipient_id = "7012345678901234";
  message.text = ack_text;
  message.metadata = "gw-ack-v1";
  auto request = messenger_send_request(Endpoints{}, "EAAB/x+y=z&w", message);
  CHECK(request.method == "POST");
  CHECK(request.url == "https://graph.facebook.com/v25.0/me/messages?access_token=EAAB%2Fx%2By%3Dz%26w");
  CHECK(header(request, "Content-Type") == "application/json");

  json expected = json::parse(read_fixture("messenger_send_request.json"));
  expected["message"].erase("quick_replies");  // we send none
  CHECK(json::parse(request.body) == expected);
  for (std::string never : {"quick_replies", "user_phone_number", "user_email", "EAAB", "tag"})
    CHECK(request.body.find(never) == std::string::npos);

  message.metadata.clear();
  auto plain = json::parse(messenger_send_request(Endpoints{}, "t", message).body);
  CHECK_FALSE(plain["message"].contains("metadata"));
  CHECK(plain["messaging_type"] == "RESPONSE");
}

TEST_CASE("zalo token refresh request", "[channels][outbound]") {
  auto request =
      zalo_token_refresh_request(Endpoints{}, "4230012345678901234", "APP-SECRET", "TEST-ZALO-REFRESH/+=&0001");
  CHECK(request.method == "POST");
  CHECK(request.url == "https://oauth.zaloapp.com/v4/oa/access_token");
  CHECK(header(request, "Content-Type") == "application/x-www-form-urlencoded");
  CHECK(header(request, "secret_key") == "APP-SECRET");
  CHECK(request.body ==
        "refresh_token=TEST-ZALO-REFRESH%2F%2B%3D%260001&app_id=4230012345678901234&grant_type=refresh_token");
}

TEST_CASE("outgoing text is cut to 2000 code points at a UTF-8 boundary", "[channels][outbound]") {
  OutboundText message;
  message.recipient_id = "1";

  SECTION("three-byte Vietnamese letters") {
    std::string text;
    for (int i = 0; i < 2500; ++i) text += "ệ";
    message.text = text;
    for (const auto& request :
         {zalo_send_request(Endpoints{}, "t", message), messenger_send_request(Endpoints{}, "t", message)}) {
      std::string sent = sent_text(request);
      CHECK(utf8::is_valid(sent));
      CHECK(utf8::length(sent) == 2000);
      CHECK(sent.size() == 6000);
      CHECK(sent == text.substr(0, 6000));
    }
  }
  SECTION("a mix of one- to four-byte characters, cut inside a sequence") {
    std::string text(1999, 'a');
    text += "ặ🙏bc";  // code points 2000 (ặ), 2001 (🙏), ...
    message.text = text;
    std::string sent = sent_text(zalo_send_request(Endpoints{}, "t", message));
    CHECK(sent == std::string(1999, 'a') + "ặ");
    text = std::string(1999, 'a') + "🙏ặ";
    message.text = text;
    sent = sent_text(messenger_send_request(Endpoints{}, "t", message));
    CHECK(sent == std::string(1999, 'a') + "🙏");
  }
  SECTION("short and exactly-2000 texts are untouched") {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += "ở ";
    message.text = text;
    CHECK(sent_text(zalo_send_request(Endpoints{}, "t", message)) == text);
    message.text = "";
    CHECK(sent_text(zalo_send_request(Endpoints{}, "t", message)).empty());
  }
  SECTION("invalid UTF-8 from a caller does not throw") {
    message.text = "bad \xff byte";
    PlatformRequest request;
    REQUIRE_NOTHROW(request = zalo_send_request(Endpoints{}, "t", message));
    CHECK(utf8::is_valid(request.body));
  }
}

TEST_CASE("classify zalo answers from the fixtures", "[channels][outbound]") {
  auto ok = classify_zalo_send(200, read_fixture("zalo_send_ok.json"));
  CHECK(ok.kind == SendClass::sent);
  CHECK(ok.platform_message_id == "e4d3c2b1a09f8e7d6c5b");
  CHECK_FALSE(ok.retry_after);

  auto anonymous = classify_zalo_send(200, read_fixture("zalo_send_anonymous_ok.json"));
  CHECK(anonymous.kind == SendClass::sent);
  CHECK(anonymous.platform_message_id == "92abd4e6156c8333da7c");

  std::string token_body = read_fixture("zalo_send_error_token.json");
  auto token = classify_zalo_send(200, token_body);
  CHECK(token.kind == SendClass::token_expired);
  CHECK(token.reason == "zalo -216 access token invalid");
  CHECK(token.platform_message_id.empty());
  check_reason_is_safe(token);

  std::string window_body = read_fixture("zalo_send_error_window.json");
  auto window = classify_zalo_send(200, window_body);
  CHECK(window.kind == SendClass::permanent);
  CHECK(window.reason == "zalo -230 outside the reply window");
  check_reason_is_safe(window);
}

TEST_CASE("classify zalo error codes by group", "[channels][outbound]") {
  auto classify_code = [](int code) {
    return classify_zalo_send(200, R"({"error":)" + std::to_string(code) + R"(,"message":"text from Zalo"})");
  };
  for (int code : {-216, -220}) CHECK(classify_code(code).kind == SendClass::token_expired);
  for (int code : {-200, -100}) {
    CHECK(classify_code(code).kind == SendClass::transient);
    CHECK_FALSE(classify_code(code).retry_after);
  }
  auto rate = classify_code(-32);
  CHECK(rate.kind == SendClass::transient);
  REQUIRE(rate.retry_after);
  CHECK(*rate.retry_after == 60s);
  for (int code : {-213, -217, -227, -230, -232, -234, -244, -211, -218}) {
    INFO(code);
    CHECK(classify_code(code).kind == SendClass::permanent);
  }
  for (int code : {-204, -205, -209, -212, -219, -221, -223, -224, -240, -248, -320, -321}) {
    INFO(code);
    CHECK(classify_code(code).kind == SendClass::configuration);
  }
  for (int code : {-201, -210, -233, -999, 1, -14014}) {
    INFO(code);
    CHECK(classify_code(code).kind == SendClass::permanent);
  }
  for (int code : {-216, -32, -230, -204, -201, -999}) {
    auto outcome = classify_code(code);
    CHECK(outcome.reason.starts_with("zalo " + std::to_string(code) + " "));
    CHECK(outcome.reason.find("text from Zalo") == std::string::npos);
  }
  CHECK(classify_zalo_send(200, R"({"error":"-216","message":"x"})").kind == SendClass::token_expired);
}

TEST_CASE("classify zalo transport failures", "[channels][outbound]") {
  for (int status : {500, 502, 503, 504}) {
    auto outcome = classify_zalo_send(status, "<html>Bad Gateway</html>");
    CHECK(outcome.kind == SendClass::transient);
    CHECK(outcome.reason == "zalo http " + std::to_string(status) + " server error");
  }
  CHECK(classify_zalo_send(500, R"({"error":0,"data":{"message_id":"x"}})").kind == SendClass::transient);
  CHECK(classify_zalo_send(429, "").kind == SendClass::transient);
  CHECK(classify_zalo_send(404, "not found").kind == SendClass::permanent);
  CHECK(classify_zalo_send(403, R"({"error":-216})").kind == SendClass::permanent);
  CHECK(classify_zalo_send(0, "").kind == SendClass::transient);
  for (std::string body : {"", "<html>", "[]", "null", R"({"data":{}})", R"({"error":"soon"})", R"({"error":null})"}) {
    INFO(body);
    auto outcome = classify_zalo_send(200, body);
    CHECK(outcome.kind == SendClass::transient);
    check_reason_is_safe(outcome);
  }
  auto no_id = classify_zalo_send(200, R"({"error":0,"message":"Success"})");
  CHECK(no_id.kind == SendClass::sent);
  CHECK(no_id.platform_message_id.empty());
}

TEST_CASE("classify messenger answers from the fixtures", "[channels][outbound]") {
  auto ok = classify_messenger_send(200, read_fixture("messenger_send_ok.json"));
  CHECK(ok.kind == SendClass::sent);
  CHECK(ok.platform_message_id == "m_TESTmid0007xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789");

  std::string window_body = read_fixture("messenger_send_error_window.json");
  auto window = classify_messenger_send(400, window_body);
  CHECK(window.kind == SendClass::permanent);
  CHECK(window.reason == "messenger 10/2018278 outside the reply window");
  check_reason_is_safe(window);

  std::string token_body = read_fixture("messenger_send_error_token.json");
  auto token = classify_messenger_send(400, token_body);
  CHECK(token.kind == SendClass::configuration);
  CHECK(token.reason == "messenger 190 invalid access token");
  check_reason_is_safe(token);

  std::string rate_body = read_fixture("messenger_send_error_ratelimit.json");
  auto rate = classify_messenger_send(400, rate_body);
  CHECK(rate.kind == SendClass::transient);
  REQUIRE(rate.retry_after);
  CHECK(*rate.retry_after == 60s);
  check_reason_is_safe(rate);
}

TEST_CASE("classify messenger error codes", "[channels][outbound]") {
  auto classify_code = [](int code, int subcode = 0) {
    std::string error =
        R"({"error":{"message":"text from Meta","type":"OAuthException","code":)" + std::to_string(code);
    if (subcode) error += R"(,"error_subcode":)" + std::to_string(subcode);
    return classify_messenger_send(400, error + R"(,"fbtrace_id":"ATestTrace9"}})");
  };
  CHECK(classify_code(10).kind == SendClass::permanent);
  CHECK(classify_code(100, 2018278).kind == SendClass::permanent);
  CHECK(classify_code(551).kind == SendClass::permanent);
  CHECK(classify_code(100).kind == SendClass::permanent);
  CHECK(classify_code(100, 2018001).kind == SendClass::permanent);
  CHECK(classify_code(190).kind == SendClass::configuration);
  for (int code : {200, 230, 368}) CHECK(classify_code(code).kind == SendClass::configuration);
  for (int code : {613, 4, 2, 1200}) CHECK(classify_code(code).kind == SendClass::transient);
  CHECK_FALSE(classify_code(4).retry_after);
  CHECK(classify_code(12345).kind == SendClass::permanent);
  for (int code : {10, 190, 613, 12345}) {
    auto outcome = classify_code(code);
    CHECK(outcome.reason.starts_with("messenger " + std::to_string(code)));
    check_reason_is_safe(outcome);
    CHECK(outcome.reason.find("text from Meta") == std::string::npos);
  }
}

TEST_CASE("classify messenger transport failures", "[channels][outbound]") {
  for (int status : {500, 502, 503}) {
    CHECK(classify_messenger_send(status, "<html>").kind == SendClass::transient);
    CHECK(
        classify_messenger_send(status, R"({"error":{"code":1200,"message":"Temporary send message failure"}})").kind ==
        SendClass::transient);
    CHECK(classify_messenger_send(status, R"({"error":{"code":190}})").kind == SendClass::transient);
  }
  CHECK(classify_messenger_send(200, "not json").kind == SendClass::transient);
  CHECK(classify_messenger_send(200, R"({"recipient_id":"1"})").kind == SendClass::transient);
  CHECK(classify_messenger_send(200, R"({"message_id":5})").kind == SendClass::transient);
  CHECK(classify_messenger_send(400, "not json").kind == SendClass::permanent);
  CHECK(classify_messenger_send(400, R"({"error":{"message":"no code"}})").kind == SendClass::permanent);
  CHECK(classify_messenger_send(429, "").kind == SendClass::transient);
  CHECK(classify_messenger_send(0, "").kind == SendClass::transient);
}

TEST_CASE("zalo token refresh answers", "[channels][outbound]") {
  std::string reason = "stale";
  auto tokens = parse_zalo_token_refresh(200, read_fixture("zalo_token_refresh_ok.json"), reason);
  REQUIRE(tokens);
  CHECK(tokens->access_token == "TEST-ZALO-ACCESS-TOKEN-0002-do-not-use");
  CHECK(tokens->refresh_token == "TEST-ZALO-REFRESH-TOKEN-0002-do-not-use");
  CHECK(tokens->expires_in == 90000s);
  CHECK(reason.empty());

  tokens = parse_zalo_token_refresh(200, R"({"access_token":"a","refresh_token":"r","expires_in":3600})", reason);
  REQUIRE(tokens);
  CHECK(tokens->expires_in == 3600s);

  // Missing or absurd lifetimes fall back to an hour rather than 0 (a refresh loop).
  for (std::string expires : {R"("soon")", "0", "-5", R"("")", "99999999999999"}) {
    tokens = parse_zalo_token_refresh(200, R"({"access_token":"a","refresh_token":"r","expires_in":)" + expires + "}",
                                      reason);
    REQUIRE(tokens);
    CHECK(tokens->expires_in == 1h);
  }

  std::string error_body =
      R"({"error_name":"Invalid parameter","error_reason":"refresh token TEST-ZALO-REFRESH-TOKEN-0001 is invalid",)"
      R"("ref_doc":"https://developers.zalo.me","error_description":"TEST-ZALO-REFRESH-TOKEN-0001","error":-14014})";
  tokens = parse_zalo_token_refresh(200, error_body, reason);
  CHECK_FALSE(tokens);
  CHECK(reason.find("-14014") != std::string::npos);
  CHECK(reason.find("TEST-ZALO") == std::string::npos);
  CHECK(reason.find("Invalid") == std::string::npos);

  CHECK_FALSE(parse_zalo_token_refresh(502, "<html>", reason));
  CHECK(reason == "zalo token refresh http 502 unreadable answer");
  reason.clear();
  CHECK_FALSE(parse_zalo_token_refresh(200, "", reason));
  CHECK_FALSE(reason.empty());
  CHECK_FALSE(parse_zalo_token_refresh(200, R"({"access_token":""})", reason));
  CHECK_FALSE(parse_zalo_token_refresh(200, R"({"access_token":5})", reason));
  CHECK_FALSE(parse_zalo_token_refresh(500, R"({"access_token":"a"})", reason));
  CHECK(reason.find("500") != std::string::npos);
}
