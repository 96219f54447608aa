#include "handlers/channels/outbound.hpp"

#include "common/encoding.hpp"

#include <array>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "handlers/channels/json_access.hpp"

namespace tipline::channels {
namespace {

using detail::json;
using namespace std::chrono_literals;

// Both platforms cap a text message at 2000 characters.
constexpr std::size_t max_text_code_points = 2000;

std::string without_trailing_slash(std::string_view base) {
  while (base.ends_with('/')) base.remove_suffix(1);
  return std::string(base);
}

std::string bounded_text(std::string_view text) {
  return std::string(detail::cut_code_points(text, max_text_code_points));
}

// Our own strings are valid UTF-8; should one not be, a replacement character goes
// out rather than an exception from the serializer.
std::string dump(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

SendOutcome outcome(SendClass kind, std::string reason) {
  SendOutcome out;
  out.kind = kind;
  out.reason = std::move(reason);
  return out;
}

std::string http_reason(std::string_view platform, int status, std::string_view phrase) {
  return std::string(platform) + " http " + std::to_string(status) + " " + std::string(phrase);
}

// What an HTTP status alone says, for answers without a usable error code.
SendOutcome classify_status(std::string_view platform, int status) {
  if (status >= 500) return outcome(SendClass::transient, http_reason(platform, status, "server error"));
  if (status == 429) return outcome(SendClass::transient, http_reason(platform, status, "rate limited"));
  if (status >= 400) return outcome(SendClass::permanent, http_reason(platform, status, "request refused"));
  // No answer at all, an informational or a redirect status: nothing says the
  // message is undeliverable, so it is worth another try.
  return outcome(SendClass::transient, http_reason(platform, status, "unexpected answer"));
}

struct ZaloCode {
  std::int64_t code;
  SendClass kind;
  std::string_view phrase;
};

// Spec 1.7. The "window" and "bug" groups both mean: do not retry.
constexpr std::array<ZaloCode, 29> zalo_codes = {{
    {-216, SendClass::token_expired, "access token invalid"},
    {-220, SendClass::token_expired, "access token expired"},
    {-32, SendClass::transient, "rate limited"},
    {-200, SendClass::transient, "send failed"},
    {-100, SendClass::transient, "attachment expired"},
    {-213, SendClass::permanent, "user is not a follower"},
    {-217, SendClass::permanent, "user blocked invitations"},
    {-227, SendClass::permanent, "user banned or inactive"},
    {-230, SendClass::permanent, "outside the reply window"},
    {-232, SendClass::permanent, "outside the reply window"},
    {-234, SendClass::permanent, "not allowed at night"},
    {-244, SendClass::permanent, "user restricted this message type"},
    {-211, SendClass::permanent, "quota reached"},
    {-218, SendClass::permanent, "per-user limit reached"},
    {-204, SendClass::configuration, "OA deleted"},
    {-205, SendClass::configuration, "OA does not exist"},
    {-209, SendClass::configuration, "app not activated"},
    {-212, SendClass::configuration, "API not registered for the app"},
    {-219, SendClass::configuration, "app removed"},
    {-221, SendClass::configuration, "OA not verified"},
    {-223, SendClass::configuration, "OA has not authorised this API"},
    {-224, SendClass::configuration, "OA package required"},
    {-240, SendClass::configuration, "API version shut down"},
    {-248, SendClass::configuration, "OA violated platform standards"},
    {-320, SendClass::configuration, "cloud account billing problem"},
    {-321, SendClass::configuration, "cloud account billing problem"},
    {-201, SendClass::permanent, "invalid parameter"},
    {-210, SendClass::permanent, "parameter over its limit"},
    {-233, SendClass::permanent, "unsupported message type"},
}};

SendOutcome classify_zalo_code(std::int64_t code) {
  std::string prefix = "zalo " + std::to_string(code) + " ";
  for (const auto& known : zalo_codes) {
    if (known.code != code) continue;
    auto out = outcome(known.kind, prefix + std::string(known.phrase));
    // The per-minute limit resets at the next minute.
    if (code == -32) out.retry_after = 60s;
    return out;
  }
  return outcome(SendClass::permanent, prefix + "send refused");
}

struct MessengerCode {
  std::int64_t code;
  SendClass kind;
  std::string_view phrase;
};

// Spec 2.6.
constexpr std::array<MessengerCode, 11> messenger_codes = {{
    {10, SendClass::permanent, "outside the reply window"},
    {551, SendClass::permanent, "person unavailable"},
    {100, SendClass::permanent, "invalid parameter"},
    {190, SendClass::configuration, "invalid access token"},
    {200, SendClass::configuration, "permission missing"},
    {230, SendClass::configuration, "permission missing"},
    {368, SendClass::configuration, "blocked as abusive"},
    {613, SendClass::transient, "rate limited"},
    {4, SendClass::transient, "app request limit reached"},
    {2, SendClass::transient, "temporary failure"},
    {1200, SendClass::transient, "temporary send failure"},
}};

constexpr std::int64_t messenger_window_subcode = 2018278;

SendOutcome classify_messenger_error(int http_status, const json& error) {
  const json* code_field = detail::member(error, "code");
  auto maybe_code = code_field ? detail::integer_value(*code_field) : std::nullopt;
  if (!maybe_code) return classify_status("messenger", http_status);
  const std::int64_t code = *maybe_code;
  std::int64_t subcode = 0;  // Graph subcodes are positive; 0 stands for none
  if (const json* subcode_field = detail::member(error, "error_subcode"))
    subcode = detail::integer_value(*subcode_field).value_or(0);

  std::string prefix = "messenger " + std::to_string(code);
  if (subcode != 0) prefix += "/" + std::to_string(subcode);
  prefix += " ";
  // Whatever the code, a server error says Meta had trouble; the outbox backs off.
  if (http_status >= 500) return outcome(SendClass::transient, prefix + "server error");
  if (subcode == messenger_window_subcode) return outcome(SendClass::permanent, prefix + "outside the reply window");
  for (const auto& known : messenger_codes) {
    if (known.code != code) continue;
    auto out = outcome(known.kind, prefix + std::string(known.phrase));
    if (code == 613) out.retry_after = 60s;
    return out;
  }
  return outcome(SendClass::permanent, prefix + "send refused");
}

}  // namespace

PlatformRequest zalo_send_request(const Endpoints& endpoints, std::string_view access_token,
                                  const OutboundText& message) {
  PlatformRequest request;
  nlohmann::json body;
  if (message.anonymous) {
    // Anonymous users are reached only through the v2.0 endpoint (spec 1.5).
    request.url = without_trailing_slash(endpoints.zalo_api_base) + "/v2.0/oa/message";
    body["recipient"] = {{"anonymous_id", message.recipient_id}, {"conversation_id", message.conversation_id}};
  } else {
    request.url = without_trailing_slash(endpoints.zalo_api_base) + "/v3.0/oa/message/cs";
    body["recipient"] = {{"user_id", message.recipient_id}};
  }
  body["message"] = {{"text", bounded_text(message.text)}};
  // The token goes in a header named access_token; "Authorization: Bearer" is refused.
  request.headers = {{"Content-Type", "application/json"}, {"access_token", std::string(access_token)}};
  request.body = dump(body);
  return request;
}

PlatformRequest messenger_send_request(const Endpoints& endpoints, std::string_view page_access_token,
                                       const OutboundText& message) {
  PlatformRequest request;
  request.url = without_trailing_slash(endpoints.messenger_api_base) +
                "/me/messages?access_token=" + encoding::percent_encode(page_access_token);
  nlohmann::json text_message = {{"text", bounded_text(message.text)}};
  if (!message.metadata.empty()) text_message["metadata"] = message.metadata;
  // No quick replies at all: in particular never user_phone_number or user_email,
  // which would let a resident hand over contact details with one tap.
  nlohmann::json body = {{"recipient", {{"id", message.recipient_id}}},
               {"messaging_type", "RESPONSE"},
               {"message", std::move(text_message)}};
  request.headers = {{"Content-Type", "application/json"}};
  request.body = dump(body);
  return request;
}

PlatformRequest zalo_token_refresh_request(const Endpoints& endpoints, std::string_view app_id,
                                           std::string_view app_secret, std::string_view refresh_token) {
  PlatformRequest request;
  request.url = without_trailing_slash(endpoints.zalo_oauth_base) + "/v4/oa/access_token";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"secret_key", std::string(app_secret)}};
  request.body = "refresh_token=" + encoding::percent_encode(refresh_token) + "&app_id=" + encoding::percent_encode(app_id) +
                 "&grant_type=refresh_token";
  return request;
}

SendOutcome classify_zalo_send(int http_status, std::string_view body) {
  if (http_status < 200 || http_status >= 300) return classify_status("zalo", http_status);
  json answer = detail::parse_any(body);
  // Zalo reports failures as HTTP 200 with a non-zero "error": without a readable
  // error code nothing is known, and the outbox tries again later.
  if (!answer.is_object()) return outcome(SendClass::transient, "zalo unreadable answer");
  const json* error = detail::member(answer, "error");
  auto code = error ? detail::integer_value(*error) : std::nullopt;
  if (!code) return outcome(SendClass::transient, "zalo answer without an error code");
  if (*code != 0) return classify_zalo_code(*code);

  SendOutcome out = outcome(SendClass::sent, "zalo sent");
  if (const json* data = detail::member(answer, "data"); data && data->is_object()) {
    if (const json* id = detail::member(*data, "message_id"); id && id->is_string())
      out.platform_message_id = std::string(id->get_string());
  }
  return out;
}

SendOutcome classify_messenger_send(int http_status, std::string_view body) {
  json answer = detail::parse_any(body);
  if (answer.is_object()) {
    if (const json* error = detail::member(answer, "error"); error && error->is_object())
      return classify_messenger_error(http_status, *error);
    if (http_status >= 200 && http_status < 300) {
      if (const json* id = detail::member(answer, "message_id"); id && id->is_string()) {
        SendOutcome out = outcome(SendClass::sent, "messenger sent");
        out.platform_message_id = std::string(id->get_string());
        return out;
      }
      return outcome(SendClass::transient, "messenger answer without a message id");
    }
  }
  if (http_status >= 200 && http_status < 300) return outcome(SendClass::transient, "messenger unreadable answer");
  return classify_status("messenger", http_status);
}

std::optional<ZaloTokens> parse_zalo_token_refresh(int http_status, std::string_view body, std::string& reason) {
  reason.clear();
  json answer = detail::parse_any(body);
  std::string status = "zalo token refresh http " + std::to_string(http_status);
  if (!answer.is_object()) {
    reason = status + " unreadable answer";
    return std::nullopt;
  }
  const json* access = detail::member(answer, "access_token");
  if (http_status < 200 || http_status >= 300 || !access || !access->is_string() ||
      access->get_string().empty()) {
    // Only the code: the description may quote the token that was refused.
    const json* error = detail::member(answer, "error");
    auto code = error ? detail::integer_value(*error) : std::nullopt;
    reason = code ? status + " error " + std::to_string(*code) : status + " answer without access token";
    return std::nullopt;
  }

  ZaloTokens tokens;
  tokens.access_token = std::string(access->get_string());
  if (const json* refresh = detail::member(answer, "refresh_token"); refresh && refresh->is_string())
    tokens.refresh_token = std::string(refresh->get_string());
  // Documented as a string of seconds ("90000"); numbers are accepted too. When it is
  // missing or absurd, assume one hour: refreshing early wastes a call, refreshing
  // in a loop (expires_in 0) would burn single-use refresh tokens.
  tokens.expires_in = std::chrono::hours(1);
  if (const json* expires = detail::member(answer, "expires_in")) {
    auto seconds = detail::integer_value(*expires);
    constexpr std::int64_t one_year = 366LL * 24 * 3600;
    if (seconds && *seconds > 0 && *seconds <= one_year) tokens.expires_in = std::chrono::seconds(*seconds);
  }
  return tokens;
}

}  // namespace tipline::channels
