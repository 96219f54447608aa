#include "webhook-config/config_loader.hpp"

#include <nlohmann/json.hpp>

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "common/encoding.hpp"

namespace tipline::config {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& field, const std::string& problem) {
  throw ConfigError("config field \"" + field + "\": " + problem);
}

// A JSON object being read, with its dotted path for error messages. Every key it
// hands out is remembered so that unknown keys (usually typos) can be refused.
class Section final {
 public:
  Section(const json& value, std::string path) : value_(value), path_(std::move(path)) {
    if (!value_.is_object()) fail(path_.empty() ? "(top level)" : path_, "must be an object");
  }

  std::string field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  const json* find(const std::string& key) {
    known_.insert(key);
    auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
  }

  std::string string(const std::string& key, std::string fallback) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_string()) fail(field(key), "must be a string");
    return v->get<std::string>();
  }

  std::uint64_t integer(const std::string& key, std::uint64_t fallback, std::uint64_t min, std::uint64_t max) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_number_integer() || v->get<std::int64_t>() < 0)
      fail(field(key), "must be a whole number");
    auto n = v->get<std::uint64_t>();
    if (n < min || n > max)
      fail(field(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return n;
  }

  int signed_integer(const std::string& key, int fallback, int min, int max) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_number_integer()) fail(field(key), "must be a whole number");
    auto n = v->get<std::int64_t>();
    if (n < min || n > max)
      fail(field(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return static_cast<int>(n);
  }

  std::optional<Section> object(const std::string& key) {
    const json* v = find(key);
    if (!v) return std::nullopt;
    return Section(*v, field(key));
  }

  void refuse_unknown_keys() const {
    for (const auto& [key, _] : value_.items())
      if (!known_.count(key)) fail(field(key), "is not a known setting (see webhook-config/tipline.example.json)");
  }

 private:
  const json& value_;
  std::string path_;
  std::set<std::string> known_;
};

fs::path resolve(const fs::path& base, const std::string& value) {
  fs::path p(value);
  return p.is_absolute() ? p : base / p;
}

std::string read_secret(Section secret, const fs::path& data_dir) {
  std::string path = secret.field("");
  path.pop_back();  // field("") ends with the joining dot
  if (secret.find("value") || secret.find("hex") || secret.find("key"))
    fail(path, "secrets may not be written in the config file; name a \"file\" or an \"env\" variable");
  std::string file = secret.string("file", "");
  std::string env = secret.string("env", "");
  secret.refuse_unknown_keys();
  if (file.empty() == env.empty()) fail(path, "needs exactly one of \"file\" or \"env\"");
  if (!file.empty()) return read_key_file(resolve(data_dir, file), path);
  const char* value = std::getenv(env.c_str());
  if (!value || !*value) fail(path, "environment variable " + env + " is not set");
  auto bytes = encoding::from_hex(value);
  if (!bytes || bytes->size() != 32) fail(path, "environment variable " + env + " must hold 64 hex digits");
  return *bytes;
}

// Channel secrets, tokens and ids are opaque text, not hex keys. A file's trailing
// newline is not part of the value.
std::string read_text_secret(Section secret, const fs::path& data_dir) {
  std::string path = secret.field("");
  path.pop_back();
  if (secret.find("value")) fail(path, "secrets may not be written in the config file; name a \"file\" or an \"env\" variable");
  std::string file = secret.string("file", "");
  std::string env = secret.string("env", "");
  secret.refuse_unknown_keys();
  if (file.empty() == env.empty()) fail(path, "needs exactly one of \"file\" or \"env\"");
  std::string value;
  if (!file.empty()) {
    fs::path p = resolve(data_dir, file);
    std::ifstream in(p, std::ios::binary);
    if (!in) fail(path, "cannot read file " + p.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    value = buffer.str();
  } else {
    const char* v = std::getenv(env.c_str());
    if (!v) fail(path, "environment variable " + env + " is not set");
    value = v;
  }
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' ')) value.pop_back();
  if (value.empty()) fail(path, "is empty");
  // Tokens go into HTTP headers and URLs: a control character would split a header.
  for (unsigned char c : value)
    if (c < 0x20 || c == 0x7f) fail(path, "contains a control character");
  if (value.size() > 4096) fail(path, "is longer than 4096 bytes");
  return value;
}

std::string required_text_secret(Section& s, const std::string& key, const fs::path& data_dir) {
  auto secret = s.object(key);
  if (!secret) fail(s.field(key), "is missing");
  return read_text_secret(*secret, data_dir);
}

std::string optional_text_secret(Section& s, const std::string& key, const fs::path& data_dir) {
  auto secret = s.object(key);
  return secret ? read_text_secret(*secret, data_dir) : std::string();
}

std::string https_base(Section& s, const std::string& key, std::string fallback) {
  std::string value = s.string(key, std::move(fallback));
  if (value.rfind("https://", 0) != 0 || value.size() <= 8) fail(s.field(key), "must be an https:// URL");
  while (value.back() == '/') value.pop_back();
  return value;
}

std::chrono::seconds seconds(Section& s, const std::string& key, std::chrono::seconds fallback,
                             std::uint64_t max) {
  return std::chrono::seconds(s.integer(key, static_cast<std::uint64_t>(fallback.count()), 1, max));
}

void load_server(Section s, const fs::path& data_dir, ServerConfig& out) {
  // 0: one per core, as under taskset or a container's CPU limit.
  out.io_threads = static_cast<unsigned>(s.integer("io_threads", out.io_threads, 0, 64));
  if (out.io_threads == 0) out.io_threads = cores_available();
  out.handler_threads = static_cast<unsigned>(s.integer("handler_threads", out.handler_threads, 1, 512));
  out.max_connections = static_cast<unsigned>(s.integer("max_connections", out.max_connections, 1, 100000));
  out.max_header_bytes = s.integer("max_header_bytes", out.max_header_bytes, 1024, 1024 * 1024);
  out.max_body_bytes = s.integer("max_body_bytes", out.max_body_bytes, 1024, 64ull * 1024 * 1024);
  out.handshake_timeout = seconds(s, "handshake_timeout_seconds", out.handshake_timeout, 300);
  out.request_timeout = seconds(s, "request_timeout_seconds", out.request_timeout, 600);
  out.write_timeout = seconds(s, "write_timeout_seconds", out.write_timeout, 600);
  out.idle_timeout = seconds(s, "idle_timeout_seconds", out.idle_timeout, 3600);
  out.shutdown_grace = seconds(s, "shutdown_grace_seconds", out.shutdown_grace, 600);
  out.metrics_token = optional_text_secret(s, "metrics_token", data_dir);
  out.metrics_refresh = seconds(s, "metrics_refresh_seconds", out.metrics_refresh, 24 * 3600);
  out.metrics_round_to = static_cast<unsigned>(s.integer("metrics_round_to", out.metrics_round_to, 1, 1000));
  s.refuse_unknown_keys();
}

void load_form(Section s, FormConfig& out) {
  out.token_lifetime =
      std::chrono::minutes(s.integer("token_lifetime_minutes",
                                     static_cast<std::uint64_t>(out.token_lifetime.count() / 60), 1, 24 * 60));
  out.max_text_chars = s.integer("max_text_chars", out.max_text_chars, 100, 100000);
  out.max_photo_bytes = s.integer("max_photo_bytes", out.max_photo_bytes, 1024, 32ull * 1024 * 1024);
  out.submissions_per_source_per_hour = static_cast<unsigned>(
      s.integer("submissions_per_source_per_hour", out.submissions_per_source_per_hour, 1, 100000));
  out.status_lookups_per_source_per_hour = static_cast<unsigned>(
      s.integer("status_lookups_per_source_per_hour", out.status_lookups_per_source_per_hour, 1, 100000));
  out.failed_lookups_per_minute =
      static_cast<unsigned>(s.integer("failed_lookups_per_minute", out.failed_lookups_per_minute, 1, 100000));
  out.utc_offset_minutes = s.signed_integer("utc_offset_minutes", out.utc_offset_minutes, -12 * 60, 14 * 60);
  s.refuse_unknown_keys();
}

void load_zalo(Section s, const fs::path& data_dir, ZaloChannelConfig& out) {
  out.app_id = required_text_secret(s, "app_id", data_dir);
  out.oa_secret = required_text_secret(s, "oa_secret", data_dir);
  out.app_secret = optional_text_secret(s, "app_secret", data_dir);
  out.access_token = optional_text_secret(s, "access_token", data_dir);
  out.refresh_token = optional_text_secret(s, "refresh_token", data_dir);
  out.api_base = https_base(s, "api_base", out.api_base);
  out.oauth_base = https_base(s, "oauth_base", out.oauth_base);
  out.reply_window = std::chrono::hours(s.integer("reply_window_hours", 7 * 24, 1, 30 * 24));
  out.freshness = std::chrono::hours(s.integer("freshness_hours", 48, 1, 24 * 365 * 100));
  s.refuse_unknown_keys();
}

void load_messenger(Section s, const fs::path& data_dir, MessengerChannelConfig& out) {
  out.app_secret = required_text_secret(s, "app_secret", data_dir);
  out.verify_token = required_text_secret(s, "verify_token", data_dir);
  out.page_access_token = optional_text_secret(s, "page_access_token", data_dir);
  out.api_base = https_base(s, "api_base", out.api_base);
  out.reply_window = std::chrono::hours(s.integer("reply_window_hours", 24, 1, 30 * 24));
  s.refuse_unknown_keys();
}

void load_replies(Section s, ReplyTexts& out) {
  for (auto [key, text] : {std::pair{"first", &out.first}, std::pair{"later", &out.later},
                           std::pair{"new_report", &out.new_report}, std::pair{"add_information", &out.add_information},
                           std::pair{"cut", &out.cut}}) {
    *text = s.string(key, *text);
    if (text->empty() || text->size() > 1800) fail(s.field(key), "must be 1 to 1800 bytes");
  }
  s.refuse_unknown_keys();
}

void load_channels(Section s, const fs::path& data_dir, ChannelsConfig& out) {
  if (auto zalo = s.object("zalo")) load_zalo(*zalo, data_dir, out.zalo.emplace());
  if (auto messenger = s.object("messenger")) load_messenger(*messenger, data_dir, out.messenger.emplace());
  out.quiet_window = std::chrono::minutes(
      s.integer("quiet_window_minutes", static_cast<std::uint64_t>(out.quiet_window.count() / 60), 1, 7 * 24 * 60));
  if (const json* words = s.find("closing_words")) {
    if (!words->is_array()) fail(s.field("closing_words"), "must be a list of strings");
    out.closing_words.clear();
    for (const auto& word : *words) {
      if (!word.is_string() || word.get<std::string>().empty())
        fail(s.field("closing_words"), "must be a list of non-empty strings");
      out.closing_words.push_back(word.get<std::string>());
    }
  }
  if (auto replies = s.object("replies")) load_replies(*replies, out.replies);
  if (auto ca = s.string("outbound_ca_file", ""); !ca.empty()) out.outbound_ca_file = resolve(data_dir, ca);
  out.send_timeout = seconds(s, "send_timeout_seconds", out.send_timeout, 120);
  out.max_send_attempts = static_cast<unsigned>(s.integer("max_send_attempts", out.max_send_attempts, 1, 100));
  out.retry_base = seconds(s, "retry_base_seconds", out.retry_base, 3600);
  out.retry_max = seconds(s, "retry_max_seconds", out.retry_max, 24 * 3600);
  if (out.retry_max < out.retry_base) fail(s.field("retry_max_seconds"), "must not be less than retry_base_seconds");
  s.refuse_unknown_keys();
}

void load_admin(Section s, AdminConfig& out) {
  out.idle_timeout = std::chrono::minutes(
      s.integer("idle_timeout_minutes", static_cast<std::uint64_t>(out.idle_timeout.count() / 60), 1, 24 * 60));
  out.absolute_timeout = std::chrono::hours(
      s.integer("absolute_timeout_hours", static_cast<std::uint64_t>(out.absolute_timeout.count() / 3600), 1, 7 * 24));
  out.max_failed_logins = static_cast<unsigned>(s.integer("max_failed_logins", out.max_failed_logins, 1, 100));
  out.lockout = std::chrono::minutes(
      s.integer("lockout_minutes", static_cast<std::uint64_t>(out.lockout.count() / 60), 1, 24 * 60));
  if (auto deadlines = s.object("deadline_hours")) {
    for (auto& [priority, value] : out.deadlines)
      value = std::chrono::hours(deadlines->integer(std::string(domain::stored_name(priority)),
                                                    static_cast<std::uint64_t>(value.count() / 3600), 1, 365 * 24));
    deadlines->refuse_unknown_keys();
  }
  out.report_start_day = static_cast<int>(s.integer("report_start_day", static_cast<std::uint64_t>(out.report_start_day), 1, 28));
  s.refuse_unknown_keys();
}

void load_keys(Section s, const fs::path& data_dir, Keys& out) {
  const json* list = s.find("data_keys");
  if (!list) fail(s.field("data_keys"), "is missing");
  if (!list->is_array() || list->empty()) fail(s.field("data_keys"), "must be a non-empty list");
  std::size_t index = 0;
  for (const auto& entry : *list) {
    Section key(entry, s.field("data_keys") + "[" + std::to_string(index) + "]");
    auto id = static_cast<int>(key.integer("id", 0, 1, 1000000));
    if (!key.find("id")) fail(key.field("id"), "is missing");
    if (out.data_keys.count(id)) fail(key.field("id"), "is used twice");
    out.data_keys[id] = read_secret(key, data_dir);
    ++index;
  }
  out.active_data_key = static_cast<int>(s.integer("active_data_key", 0, 1, 1000000));
  if (!out.data_keys.count(out.active_data_key))
    fail(s.field("active_data_key"), "must be the id of one of keys.data_keys");
  auto form = s.object("form_token_key");
  if (!form) fail(s.field("form_token_key"), "is missing");
  out.form_token_key = read_secret(*form, data_dir);
  auto receipt = s.object("receipt_key");
  if (!receipt) fail(s.field("receipt_key"), "is missing");
  out.receipt_key = read_secret(*receipt, data_dir);
  auto pseudonym = s.object("pseudonym_key");
  if (!pseudonym) fail(s.field("pseudonym_key"), "is missing");
  out.pseudonym_key = read_secret(*pseudonym, data_dir);
  auto audit = s.object("audit_key");
  if (!audit) fail(s.field("audit_key"), "is missing");
  out.audit_key = read_secret(*audit, data_dir);
  s.refuse_unknown_keys();
}

}  // namespace

ListenConfig parse_listen(const std::string& text, const std::string& field) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    fail(field, "must be HOST:PORT, for example 0.0.0.0:8443");
  ListenConfig out;
  out.host = text.substr(0, colon);
  if (out.host.front() == '[' && out.host.back() == ']') out.host = out.host.substr(1, out.host.size() - 2);
  std::string port = text.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 || std::stoul(port) > 65535)
    fail(field, "port must be a number from 0 to 65535");
  out.port = static_cast<std::uint16_t>(std::stoul(port));
  return out;
}

unsigned cores_available() {
  cpu_set_t cores;
  CPU_ZERO(&cores);
  if (sched_getaffinity(0, sizeof cores, &cores) == 0 && CPU_COUNT(&cores) > 0)
    return static_cast<unsigned>(CPU_COUNT(&cores));
  return std::max(1u, std::thread::hardware_concurrency());
}

std::string read_key_file(const fs::path& file, const std::string& field) {
  if (!fs::exists(file))
    throw MissingKeyFile("config field \"" + field + "\": key file " + file.string() +
                             " does not exist (run `tipline init` to create it)",
                         file);
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(field, "cannot read key file " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  auto first = text.find_first_not_of(" \t\r\n");
  auto last = text.find_last_not_of(" \t\r\n");
  auto bytes = first == std::string::npos ? std::nullopt : encoding::from_hex(text.substr(first, last - first + 1));
  if (!bytes || bytes->size() != 32) fail(field, "key file " + file.string() + " must hold 64 hex digits");
  return *bytes;
}

Config load_config(const fs::path& file, const Overrides& overrides) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("cannot read config file " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  json doc;
  try {
    doc = json::parse(buffer.str(), nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    std::string text = buffer.str();
    auto byte = std::min<std::size_t>(e.byte, text.size());
    auto line = std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n') + 1;
    throw ConfigError("config file " + file.string() + " line " + std::to_string(line) + ": not valid JSON");
  }

  Config config;
  config.config_file = fs::absolute(file);
  fs::path config_dir = config.config_file.parent_path();
  Section top(doc, "");

  fs::path data_dir = top.string("data_dir", "data");
  config.data_dir = fs::absolute(overrides.data_dir ? *overrides.data_dir : data_dir);
  std::string listen = top.string("listen", "0.0.0.0:8443");
  config.listen = overrides.listen ? parse_listen(*overrides.listen, "--listen") : parse_listen(listen, "listen");
  if (auto log = top.string("log_file", ""); !log.empty()) config.log_file = resolve(config.data_dir, log);
  config.ward_file = resolve(config_dir, top.string("ward_file", "ward.json"));
  config.triage_rules_file = resolve(config_dir, top.string("triage_rules_file", "triage-rules.json"));
  // No model file: the rules alone label tips.
  if (auto model = top.string("triage_model_file", ""); !model.empty())
    config.triage_model_file = resolve(config_dir, model);

  auto storage = top.object("storage");
  config.database_file = resolve(config.data_dir, storage ? storage->string("database", "tipline.db") : "tipline.db");
  if (storage) storage->refuse_unknown_keys();

  auto tls = top.object("tls");
  config.tls.certificate_file = resolve(config.data_dir, tls ? tls->string("certificate", "tls/cert.pem") : "tls/cert.pem");
  config.tls.private_key_file = resolve(config.data_dir, tls ? tls->string("private_key", "tls/key.pem") : "tls/key.pem");
  if (tls) tls->refuse_unknown_keys();

  if (auto server = top.object("server")) load_server(*server, config.data_dir, config.server);
  if (auto form = top.object("web_form")) load_form(*form, config.form);
  if (auto admin = top.object("admin")) load_admin(*admin, config.admin);
  if (auto channels = top.object("channels")) load_channels(*channels, config.data_dir, config.channels);
  auto keys = top.object("keys");
  if (!keys) fail("keys", "is missing");
  load_keys(*keys, config.data_dir, config.keys);
  top.refuse_unknown_keys();
  return config;
}

}  // namespace tipline::config
