#include "gateway/cli/vacuum_command.hpp"

#include <filesystem>
#include <ostream>

#include "gateway/cli/args.hpp"
#include "gateway/cli/store_access.hpp"

namespace tipline::commands {

namespace {

constexpr const char* usage = "usage: tipline vacuum --config FILE [--data DIR]\n";

std::uintmax_t size_of(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace

int run_vacuum(int argc, char** argv, std::ostream& out, std::ostream& err) {
  const auto args = cli::parse(argc, argv, {}, {});
  std::string problem = args.error;
  if (problem.empty() && !args.positional.empty()) problem = "unexpected argument " + cli::printable(args.positional[0]);
  if (!problem.empty()) {
    err << "tipline vacuum: " << problem << "\n" << usage;
    return 2;
  }
  try {
    auto opened = cli::open_store(args);
    const auto file = opened.config.database_file;
    const auto wal = std::filesystem::path(file.string() + "-wal");
    const auto before = size_of(file) + size_of(wal);
    opened.store->vacuum();
    out << "vacuumed " << file.string() << ": " << before / 1024 << " KiB with its WAL before, "
        << (size_of(file) + size_of(wal)) / 1024 << " KiB after\n";
    return 0;
  } catch (const config::ConfigError& e) {
    err << "tipline vacuum: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "tipline vacuum: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tipline::commands
