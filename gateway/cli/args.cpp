#include "gateway/cli/args.hpp"

#include <algorithm>

namespace tipline::commands::cli {

namespace fs = std::filesystem;

std::optional<std::string> Args::option(std::string_view name) const {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

Args parse(int argc, char** argv, const std::vector<std::string_view>& value_options,
           const std::vector<std::string_view>& flag_options, ConfigFile config) {
  Args args;
  auto fail = [&](std::string message) {
    if (args.error.empty()) args.error = std::move(message);
  };
  auto listed = [](const std::vector<std::string_view>& names, std::string_view arg) {
    return std::find(names.begin(), names.end(), arg) != names.end();
  };
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--config" || arg == "--data" || listed(value_options, arg)) {
      if (!has_value) {
        fail(arg + " needs a value");
        continue;
      }
      const std::string value = argv[++i];
      if (arg == "--config") {
        if (args.config_file) fail("--config given twice");
        args.config_file = value;
      } else if (arg == "--data") {
        if (args.overrides.data_dir) fail("--data given twice");
        args.overrides.data_dir = fs::path(value);
      } else if (!args.options.emplace(arg, value).second) {
        fail(arg + " given twice");
      }
    } else if (listed(flag_options, arg)) {
      args.flags.insert(arg);
    } else if (!arg.empty() && arg[0] == '-') {
      fail("unexpected argument " + arg);
    } else {
      args.positional.push_back(arg);
    }
  }
  if (!args.config_file && config == ConfigFile::required) fail("--config FILE is required");
  return args;
}

std::string printable(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = '?';
  }
  return out;
}

}  // namespace tipline::commands::cli
