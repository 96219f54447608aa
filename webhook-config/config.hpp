#pragma once
// Tipline's configuration as the rest of the program sees it: plain values, with
// every secret already read from its file or environment variable. Only the loader
// (config_loader.hpp) reads the config file and the environment.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/domain.hpp"

namespace tipline::config {

struct ListenConfig {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8443;
};

struct TlsConfig {
  std::filesystem::path certificate_file;
  std::filesystem::path private_key_file;
};

// The cores this process may run on (its CPU affinity): the I/O threads' default.
unsigned cores_available();

struct ServerConfig {
  unsigned io_threads = cores_available();  // threads running sockets and TLS
  unsigned handler_threads = 16;  // threads running handlers, which may wait for a commit
  unsigned max_connections = 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  std::chrono::seconds handshake_timeout{10};
  std::chrono::seconds request_timeout{30};  // whole request, first byte to last
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds idle_timeout{60};     // keep-alive wait for the next request
  std::chrono::seconds shutdown_grace{10};   // SIGTERM: how long in-flight requests may finish
  std::string metrics_token;  // empty: /metrics only to this machine, without forwarding headers
  // Visit counters in /metrics: published at most this often, rounded down to this.
  std::chrono::seconds metrics_refresh{5 * 60};
  unsigned metrics_round_to = 10;
};

struct FormConfig {
  std::chrono::seconds token_lifetime{2 * 60 * 60};
  std::size_t max_text_chars = 5000;
  std::size_t max_photo_bytes = 5 * 1024 * 1024;
  unsigned submissions_per_source_per_hour = 10;
  unsigned status_lookups_per_source_per_hour = 20;
  unsigned failed_lookups_per_minute = 120;  // all sources together: stops distributed guessing
  int utc_offset_minutes = 7 * 60;           // the ward's clock, for tip references and dates
};

// Secrets, as raw bytes, already loaded.
struct Keys {
  std::map<int, std::string> data_keys;  // AES-256-GCM keys by id; old ids stay for reading
  int active_data_key = 0;
  std::string form_token_key;  // signs the web form's anti-abuse token
  std::string receipt_key;     // salts the slow hash of receipt codes
  std::string pseudonym_key;   // keys chat reporters' pseudonyms; changing it splits every thread
  std::string audit_key;       // keys the audit log's hash chain; changing it breaks verification
};

// A Zalo Official Account. Secrets and ids come from files or the environment.
struct ZaloChannelConfig {
  std::string app_id;
  std::string oa_secret;      // "OA Secret Key": signs webhooks
  std::string app_secret;     // "App Secret Key": sent when refreshing the access token
  std::string access_token;   // first OA access token; refreshed ones are kept (sealed) in the database
  std::string refresh_token;  // single-use; each refresh brings a new one
  std::string api_base = "https://openapi.zalo.me";
  std::string oauth_base = "https://oauth.zaloapp.com";
  std::chrono::seconds reply_window{7 * 24 * 60 * 60};
  // Signed events dated further back than this (or more than 10 minutes ahead) are
  // refused: a captured body cannot be replayed later. Zalo retries for far less.
  std::chrono::seconds freshness{48 * 60 * 60};
};

// A Facebook Page's Messenger.
struct MessengerChannelConfig {
  std::string app_secret;         // signs webhooks (X-Hub-Signature-256)
  std::string verify_token;       // answers the subscription handshake
  std::string page_access_token;  // for the Send API
  std::string api_base = "https://graph.facebook.com/v25.0";
  std::chrono::seconds reply_window{24 * 60 * 60};
};

// What the gateway answers in chats. "{reference}" becomes the tip reference and
// "{platform}" the platform's name (Zalo, Facebook).
struct ReplyTexts {
  std::string first =
      "Cảm ơn bạn đã báo tin. Tin báo đã được ghi nhận, mã tin báo: {reference}. "
      "Lưu ý: {platform} biết tài khoản nào đã nhắn tin này. Nếu muốn ẩn danh hơn, hãy dùng biểu mẫu "
      "trên trang web của phường (bạn sẽ nhận mã biên nhận để theo dõi). "
      "Nếu sự việc đang xảy ra, gọi 113.";
  std::string later = "Đã nhận thêm thông tin cho tin báo {reference}. Cảm ơn bạn.";
  std::string new_report = "Mời bạn mô tả sự việc: việc gì, ở đâu, khi nào. Không cần ghi tên của bạn.";
  std::string add_information = "Mời bạn gửi thêm thông tin, ảnh hoặc vị trí.";
  // Added to the reply when a message was longer than the form allows ({max}: its limit).
  std::string cut = "Tin nhắn dài hơn {max} ký tự nên chỉ phần đầu được ghi nhận; mời bạn gửi tiếp phần còn lại "
                    "trong tin nhắn khác.";
};

struct ChannelsConfig {
  std::optional<ZaloChannelConfig> zalo;            // absent: /webhooks/zalo answers 404
  std::optional<MessengerChannelConfig> messenger;  // absent: /webhooks/messenger answers 404
  std::chrono::seconds quiet_window{30 * 60};  // a reporter's messages within this gap join one tip
  // A message that is only one of these closes the tip to further messages.
  std::vector<std::string> closing_words{"hết", "xong", "hết rồi", "xong rồi", "kết thúc", "hết ạ", "xong ạ"};
  ReplyTexts replies;
  std::filesystem::path outbound_ca_file;  // trusted besides the system store (tests' fake platform)
  std::chrono::seconds send_timeout{10};
  unsigned max_send_attempts = 12;          // transient failures, then the reply is recorded as failed
  std::chrono::seconds retry_base{5};       // first retry delay; doubles each attempt, with jitter
  std::chrono::seconds retry_max{60 * 60};  // longest delay between attempts
};

// The officers' console.
struct AdminConfig {
  std::chrono::seconds idle_timeout{30 * 60};          // a session unused this long ends
  std::chrono::seconds absolute_timeout{12 * 60 * 60};  // and every session ends this long after login
  unsigned max_failed_logins = 5;                      // then the account is locked for lockout
  std::chrono::seconds lockout{15 * 60};
  // Default deadline when a tip is assigned, by priority.
  std::map<domain::Priority, std::chrono::seconds> deadlines{{domain::Priority::urgent, std::chrono::hours(24)},
                                                             {domain::Priority::high, std::chrono::hours(72)},
                                                             {domain::Priority::normal, std::chrono::hours(7 * 24)},
                                                             {domain::Priority::low, std::chrono::hours(14 * 24)}};
  int report_start_day = 16;  // the monthly report runs from this day to the day before it next month
};

struct Config {
  std::filesystem::path config_file;
  std::filesystem::path data_dir;
  std::filesystem::path database_file;
  std::filesystem::path log_file;  // empty: stderr only
  std::filesystem::path ward_file;
  std::filesystem::path triage_rules_file;
  std::optional<std::filesystem::path> triage_model_file;  // none: the rules alone label tips
  ListenConfig listen;
  TlsConfig tls;
  ServerConfig server;
  FormConfig form;
  ChannelsConfig channels;
  AdminConfig admin;
  Keys keys;
};

}  // namespace tipline::config
