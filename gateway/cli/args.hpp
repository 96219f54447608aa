#pragma once
// The one argument parser of every `tipline` command that reads the config.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "webhook-config/config_loader.hpp"

namespace tipline::commands::cli {

// Arguments of a store-opening subcommand: --config FILE and --data DIR, the
// command's own options (each at most once), its flags and its positional words.
struct Args {
  std::optional<std::filesystem::path> config_file;
  config::Overrides overrides;
  std::map<std::string, std::string, std::less<>> options;  // "--role" -> "admin"
  std::set<std::string, std::less<>> flags;                 // "--clear-totp"
  std::vector<std::string> positional;
  std::string error;  // the first problem; empty when the arguments parse

  std::optional<std::string> option(std::string_view name) const;
  bool flag(std::string_view name) const { return flags.count(name) > 0; }
};

enum class ConfigFile { required, optional };

// Anything starting with "-" that is neither --config, --data, one of
// `value_options` (which take the next argument) nor one of `flag_options` is an
// error, as is a missing --config when it is required.
Args parse(int argc, char** argv, const std::vector<std::string_view>& value_options,
           const std::vector<std::string_view>& flag_options, ConfigFile config = ConfigFile::required);

// `text` with control characters (C0, DEL) replaced by '?', so a name read from
// the database cannot drive the terminal.
std::string printable(std::string_view text);

}  // namespace tipline::commands::cli
