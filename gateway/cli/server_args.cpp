#include "gateway/cli/server_args.hpp"

namespace tipline::commands::cli {


Args parse_server_args(int argc, char** argv, bool allow_listen) {
  std::vector<std::string_view> value_options;
  if (allow_listen) value_options.push_back("--listen");
  auto args = parse(argc, argv, value_options, {});
  if (args.error.empty() && !args.positional.empty()) args.error = "unexpected argument " + args.positional.front();
  if (auto listen = args.option("--listen")) args.overrides.listen = *listen;
  return args;
}

}  // namespace tipline::commands::cli
