#pragma once
// The officers' console over one TLS connection to the real server, as a browser
// drives it (shared/console_browser.hpp). Plus helpers that reach past the console
// for what a test needs to arrange: accounts made directly in the store
// (shared/officers.hpp), and raw SQL on the database file to move timestamps.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "shared/console_browser.hpp"
#include "shared/officers.hpp"
#include "support/https_client.hpp"

namespace tipline::testing {

class ConsoleClient final : public ConsoleBrowser {
 public:
  explicit ConsoleClient(std::uint16_t port, const std::string& bind_address = "127.0.0.1");
};

// Runs SQL without parameters on the database file through a connection of its own
// (the server's WAL database allows it while it runs). Returns the rows changed by
// the last statement.
int exec_sql(const std::filesystem::path& database_file, const std::string& sql);
// The first column of the first row of a query as an integer, nullopt when no row.
std::optional<std::int64_t> query_int(const std::filesystem::path& database_file, const std::string& sql);

}  // namespace tipline::testing
