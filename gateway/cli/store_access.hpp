#pragma once
// How the commands reach the configured store and data files: the keyring and
// options from the config, and opening an existing database.
#include <filesystem>
#include <memory>
#include <string>

#include "gateway/cli/args.hpp"
#include "storage/keyring.hpp"
#include "storage/sqlite_store.hpp"
#include "webhook-config/config.hpp"

namespace tipline::commands {

// The store's keyring from the configured data keys.
storage::Keyring keyring_of(const config::Config& config);

// The store's options from the config (the audit log's key).
storage::SqliteOptions store_options_of(const config::Config& config);

// A file, whole; config::ConfigError naming it when it cannot be read.
std::string read_whole_file(const std::filesystem::path& path);

// A file the config names (the ward, the triage rules), whole; ConfigError naming
// `field` if it cannot be read.
std::string read_data_file(const std::filesystem::path& path, const char* field);

namespace cli {

// Loads the config and opens its existing database. Throws config::ConfigError
// (with a hint to run `tipline init` when a key file or the database is missing)
// and storage::StoreError.
struct Opened {
  config::Config config;
  std::unique_ptr<storage::SqliteStore> store;
};
Opened open_store(const Args& args);

}  // namespace cli
}  // namespace tipline::commands
