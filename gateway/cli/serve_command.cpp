#include "gateway/cli/serve_command.hpp"

#include <iostream>

#include "common/log.hpp"
#include "gateway/cli/server_args.hpp"
#include "gateway/cli/service.hpp"
#include "triage/ward.hpp"

namespace tipline::commands {

int run_serve(int argc, char** argv) {
  auto args = cli::parse_server_args(argc, argv, true);
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
