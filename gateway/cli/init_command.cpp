#include "gateway/cli/init_command.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "gateway/cli/dev_certificate.hpp"
#include "gateway/cli/server_args.hpp"
#include "gateway/cli/store_access.hpp"

namespace tipline::commands {
namespace {

namespace fs = std::filesystem;

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

int run_init(int argc, char** argv) {
  auto args = cli::parse_server_args(argc, argv, false);
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

}  // namespace tipline::commands
