#pragma once
// init and serve take the same arguments as the store commands (--config, --data),
// serve also --listen, and nothing else.
#include "gateway/cli/args.hpp"

namespace tipline::commands::cli {

Args parse_server_args(int argc, char** argv, bool allow_listen);

}  // namespace tipline::commands::cli
