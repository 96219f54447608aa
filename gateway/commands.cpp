#include "gateway/commands.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "gateway/dev_certificate.hpp"
#include "gateway/officer_command.hpp"
#include "gateway/service.hpp"
#include "storage/sqlite_store.hpp"
#include "triage/ward.hpp"
#include "webhook-config/config_loader.hpp"

namespace tipline::commands {
namespace {

namespace fs = std::filesystem;

// init and serve take the same arguments as the store commands (--config, --data),
// serve also --listen, and nothing else.
cli::Args parse_args(int argc, char** argv, bool allow_listen) {
  std::vector<std::string_view> value_options;
  if (allow_listen) value_options.push_back("--listen");
  auto args = cli::parse(argc, argv, value_options, {});
  if (args.error.empty() && !args.positional.empty()) args.error = "unexpected argument " + args.positional.front();
  if (auto listen = args.option("--listen")) args.overrides.listen = *listen;
  return args;
}

void write_new_key(const fs::path& file) {
  fs::create_directories(file.parent_path());
  ::chmod(file.parent_path().c_str(), 0700);
  // Created 0600 from the first byte, never readable by others in between.
  const std::string text = encoding::to_hex(crypto::random_bytes(32)) + "\n";
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && ::fchmod(fd, 0600) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  if (!ok) throw config::ConfigError("cannot write key file " + file.string());
}

}  // namespace

storage::Keyring keyring_of(const config::Config& config) {
  std::map<std::uint32_t, std::string> keys;
  for (const auto& [id, key] : config.keys.data_keys) keys[static_cast<std::uint32_t>(id)] = key;
  return storage::Keyring(std::move(keys), static_cast<std::uint32_t>(config.keys.active_data_key));
}

std::string read_data_file(const std::filesystem::path& path, const char* field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config::ConfigError(std::string("config field \"") + field + "\": cannot read " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

storage::SqliteOptions store_options_of(const config::Config& config) {
  storage::SqliteOptions options;
  options.audit_key = config.keys.audit_key;
  return options;
}

int run_init(int argc, char** argv) {
  auto args = parse_args(argc, argv, false);
  if (!args.error.empty()) {
    std::cerr << "tipline init: " << args.error << "\nusage: tipline init --config FILE [--data DIR]\n";
    return 2;
  }
  try {
    config::Config config;
    // Each pass creates the key file the loader found missing, until none is.
    for (int pass = 0;; ++pass) {
      try {
        config = config::load_config(*args.config_file, args.overrides);
        break;
      } catch (const config::MissingKeyFile& missing) {
        if (pass > 64) throw;
        write_new_key(missing.file());
        std::cout << "created key " << missing.file().string() << "\n";
      }
    }
    fs::create_directories(config.data_dir);
    ::chmod(config.data_dir.c_str(), 0700);
    if (!fs::exists(config.tls.certificate_file) && !fs::exists(config.tls.private_key_file)) {
      gateway::write_development_certificate(config.tls.certificate_file, config.tls.private_key_file);
      std::cout << "created development certificate " << config.tls.certificate_file.string() << "\n";
    }
    storage::SqliteStore store(config.database_file.string(), keyring_of(config), store_options_of(config));
    std::cout << "database ready " << config.database_file.string() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "tipline init: " << e.what() << "\n";
    return 2;
  }
}

int run_serve(int argc, char** argv) {
  auto args = parse_args(argc, argv, true);
  if (!args.error.empty()) {
    std::cerr << "tipline serve: " << args.error
              << "\nusage: tipline serve --config FILE [--listen HOST:PORT] [--data DIR]\n";
    return 2;
  }
  try {
    auto config = config::load_config(*args.config_file, args.overrides);
    if (!config.log_file.empty()) log::log_to_file(config.log_file.string());
    gateway::Service service(std::move(config));
    service.stop_on_signals();
    service.start();
    service.wait();
    return 0;
  } catch (const config::ConfigError& e) {
    std::cerr << "tipline serve: " << e.what() << "\n";
    return 2;
  } catch (const triage::DataFileError& e) {
    std::cerr << "tipline serve: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    log::error("serve_failed", {{"error", e.what()}});
    return 1;
  }
}

}  // namespace tipline::commands
