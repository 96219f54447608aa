#include "gateway/cli/store_access.hpp"

#include <fstream>
#include <sstream>

namespace tipline::commands {

storage::Keyring keyring_of(const config::Config& config) {
  std::map<std::uint32_t, std::string> keys;
  for (const auto& [id, key] : config.keys.data_keys) keys[static_cast<std::uint32_t>(id)] = key;
  return storage::Keyring(std::move(keys), static_cast<std::uint32_t>(config.keys.active_data_key));
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config::ConfigError("cannot read " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw config::ConfigError("cannot read " + path.string());
  return buffer.str();
}

std::string read_data_file(const std::filesystem::path& path, const char* field) {
  try {
    return read_whole_file(path);
  } catch (const config::ConfigError& e) {
    throw config::ConfigError(std::string("config field \"") + field + "\": " + e.what());
  }
}

storage::SqliteOptions store_options_of(const config::Config& config) {
  storage::SqliteOptions options;
  options.audit_key = config.keys.audit_key;
  return options;
}

namespace cli {

namespace fs = std::filesystem;

Opened open_store(const Args& args) {
  Opened opened;
  try {
    opened.config = config::load_config(*args.config_file, args.overrides);
  } catch (const config::MissingKeyFile& e) {
    throw config::ConfigError(std::string(e.what()) + " (run tipline init first)");
  }
  // Opening would create an empty database: a mistyped --data must not look like a
  // fresh installation with no officers.
  if (!fs::exists(opened.config.database_file))
    throw config::ConfigError("no database at " + opened.config.database_file.string() + " (run tipline init first)");
  opened.store = std::make_unique<storage::SqliteStore>(opened.config.database_file.string(),
                                                        keyring_of(opened.config), store_options_of(opened.config));
  return opened;
}

}  // namespace cli
}  // namespace tipline::commands
