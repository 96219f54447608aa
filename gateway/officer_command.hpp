#pragma once
// `tipline officer ...`: officers' accounts from the command line, for the first
// admin and for the admin locked out of the console.
//
//   tipline officer add USERNAME --name "Display Name" --role admin|leader|officer|viewer
//   tipline officer disable USERNAME | enable USERNAME
//   tipline officer reset-password USERNAME [--clear-totp]
//   tipline officer list
//   tipline officer ensure-admin
//
// each with --config FILE [--data DIR]. Every change is audited with actor "cli".
// One-time passwords go to stdout, once; they are never stored or logged in clear.
//
// Also here: the argument parsing and store opening that `tipline audit` and
// `tipline report` share with it.
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sqlite_store.hpp"
#include "webhook-config/config.hpp"
#include "webhook-config/config_loader.hpp"

namespace tipline::commands {

// argv holds the arguments after the word "officer". Returns 0; 1 when the change
// cannot be made (duplicate or unknown user, last enabled admin, database error); 2
// on bad arguments or an unusable config.
int run_officer(int argc, char** argv, std::ostream& out, std::ostream& err);

namespace cli {

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

// Anything starting with "-" that is neither --config, --data, one of
// `value_options` (which take the next argument) nor one of `flag_options` is an
// error, as is a missing --config.
Args parse(int argc, char** argv, const std::vector<std::string_view>& value_options,
           const std::vector<std::string_view>& flag_options);

// Loads the config and opens its existing database. Throws config::ConfigError
// (with a hint to run `tipline init` when a key file or the database is missing)
// and storage::StoreError.
struct Opened {
  config::Config config;
  std::unique_ptr<storage::SqliteStore> store;
};
Opened open_store(const Args& args);

// `text` with control characters (C0, DEL) replaced by '?', so a name read from
// the database cannot drive the terminal.
std::string printable(std::string_view text);

}  // namespace cli
}  // namespace tipline::commands
