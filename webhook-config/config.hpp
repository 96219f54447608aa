#pragma once
// Tipline's configuration as the rest of the program sees it: plain values, with
// every secret already read from its file or environment variable. Only the loader
// (config_loader.hpp) reads the config file and the environment.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace tipline::config {

struct ListenConfig {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8443;
};

struct TlsConfig {
  std::filesystem::path certificate_file;
  std::filesystem::path private_key_file;
};

struct ServerConfig {
  unsigned io_threads = 2;        // threads running sockets and TLS
  unsigned handler_threads = 16;  // threads running handlers, which may wait for a commit
  unsigned max_connections = 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  std::chrono::seconds handshake_timeout{10};
  std::chrono::seconds request_timeout{30};  // whole request, first byte to last
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds idle_timeout{60};     // keep-alive wait for the next request
  std::chrono::seconds shutdown_grace{10};   // SIGTERM: how long in-flight requests may finish
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
};

struct Config {
  std::filesystem::path config_file;
  std::filesystem::path data_dir;
  std::filesystem::path database_file;
  std::filesystem::path log_file;  // empty: stderr only
  std::filesystem::path ward_file;
  std::filesystem::path triage_rules_file;
  ListenConfig listen;
  TlsConfig tls;
  ServerConfig server;
  FormConfig form;
  Keys keys;
};

}  // namespace tipline::config
