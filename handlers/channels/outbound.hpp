#pragma once
// Outbound platform calls as values: the request to send, and what the platform's
// answer means for the outbox. The gateway's HTTPS client carries them.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "handlers/channels/inbound_event.hpp"

namespace tipline::channels {

struct PlatformRequest {
  std::string method = "POST";
  std::string url;  // absolute https URL, e.g. "https://openapi.zalo.me/v3.0/oa/message/cs"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Where the platforms live; tests point these at a fake platform on loopback.
struct Endpoints {
  std::string zalo_api_base = "https://openapi.zalo.me";          // + "/v3.0/oa/message/cs", "/v2.0/oa/message"
  std::string zalo_oauth_base = "https://oauth.zaloapp.com";      // + "/v4/oa/access_token"
  std::string messenger_api_base = "https://graph.facebook.com/v25.0";  // + "/me/messages?access_token=..."
};

struct OutboundText {
  Channel channel = Channel::zalo;
  std::string recipient_id;     // raw platform id, from the reply handle
  std::string conversation_id;  // Zalo anonymous only
  bool anonymous = false;       // Zalo anonymous_send_* sender
  std::string text;             // at most 2000 characters; longer text is cut at a UTF-8 boundary
  std::string metadata;         // Messenger: echoed back, lets us recognise our own sends
};

// Zalo CS message (v3.0, header access_token) or the anonymous v2.0 endpoint.
PlatformRequest zalo_send_request(const Endpoints& endpoints, std::string_view access_token, const OutboundText& message);
// Messenger Send API, messaging_type RESPONSE, token in the query string (URL-encoded).
PlatformRequest messenger_send_request(const Endpoints& endpoints, std::string_view page_access_token,
                                       const OutboundText& message);
// Zalo OAuth v4 refresh: form body refresh_token, app_id, grant_type; header secret_key.
PlatformRequest zalo_token_refresh_request(const Endpoints& endpoints, std::string_view app_id,
                                           std::string_view app_secret, std::string_view refresh_token);

enum class SendClass {
  sent,           // the platform accepted the message
  transient,      // retry later with backoff: 5xx, rate limits, temporary failures, unparseable answers
  token_expired,  // Zalo -216/-220: refresh the access token, then retry once
  permanent,      // never retry: reply window closed, user blocked/unavailable, bad parameter
  configuration,  // never retry, and alert the operators: invalid page token, permissions, app removed
};

struct SendOutcome {
  SendClass kind = SendClass::transient;
  std::string platform_message_id;  // when sent
  // Short reason safe to store on the tip and log: platform and code and a fixed
  // English phrase, e.g. "zalo -230 no interaction in 7 days". Never quotes ids.
  std::string reason;
  std::optional<std::chrono::seconds> retry_after;  // a platform hint (Zalo -32: next minute)
};

SendOutcome classify_zalo_send(int http_status, std::string_view body);
SendOutcome classify_messenger_send(int http_status, std::string_view body);

struct ZaloTokens {
  std::string access_token;
  std::string refresh_token;
  std::chrono::seconds expires_in{0};
};
// nullopt when the answer carries no access_token (an error); `reason` then says why
// in a form safe to log (error code only).
std::optional<ZaloTokens> parse_zalo_token_refresh(int http_status, std::string_view body, std::string& reason);

}  // namespace tipline::channels
