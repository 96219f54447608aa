#pragma once
// The `tipline` subcommands other than triage: init and serve.
#include <filesystem>
#include <string>

#include "storage/keyring.hpp"
#include "storage/sqlite_store.hpp"
#include "webhook-config/config.hpp"

namespace tipline::commands {

// The store's keyring from the configured data keys.
storage::Keyring keyring_of(const config::Config& config);

// The store's options from the config (the audit log's key).
storage::SqliteOptions store_options_of(const config::Config& config);

// A file the config names (the ward, the triage rules), whole; ConfigError naming
// `field` if it cannot be read.
std::string read_data_file(const std::filesystem::path& path, const char* field);

// tipline init --config FILE [--data DIR]: creates the data directory, every
// missing key file and, if missing, a development TLS certificate. Never replaces
// an existing file.
int run_init(int argc, char** argv);

// tipline serve --config FILE [--listen HOST:PORT] [--data DIR]
int run_serve(int argc, char** argv);

}  // namespace tipline::commands
