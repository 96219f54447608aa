#pragma once
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "webhook-config/config.hpp"

namespace tipline::config {

// A configuration that cannot be used. what() names the offending field, never a
// secret's value.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A key file named by the config does not exist yet (`tipline init` creates it).
class MissingKeyFile : public ConfigError {
 public:
  MissingKeyFile(const std::string& message, std::filesystem::path file) : ConfigError(message), file_(std::move(file)) {}
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

// Values given on the command line, which win over the file.
struct Overrides {
  std::optional<std::string> listen;  // "HOST:PORT"
  std::optional<std::filesystem::path> data_dir;
};

// Reads and validates the JSON config file (comments allowed), resolves paths
// (storage, TLS and key files against the data directory; ward and rules files
// against the config file's directory) and loads every secret from its file or
// environment variable.
Config load_config(const std::filesystem::path& file, const Overrides& overrides = {});

// Parses "HOST:PORT" or "[V6]:PORT". Throws ConfigError naming `field`.
ListenConfig parse_listen(const std::string& text, const std::string& field);

// Reads a 32-byte key written as 64 hex digits (surrounding whitespace ignored).
std::string read_key_file(const std::filesystem::path& file, const std::string& field);

}  // namespace tipline::config
