#include "gateway/cli/audit_command.hpp"

#include <ostream>
#include <string>

#include "common/encoding.hpp"
#include "gateway/cli/args.hpp"
#include "gateway/cli/store_access.hpp"

namespace tipline::commands {
namespace {

constexpr const char* usage =
    "usage: tipline audit verify --config FILE [--data DIR]\n"
    "       tipline audit restore-triggers --config FILE [--data DIR]\n";

}  // namespace

int run_audit(int argc, char** argv, std::ostream& out, std::ostream& err) {
  const std::string action = argc > 0 ? argv[0] : "";
  if (action == "--help" || action == "-h") {
    out << usage;
    return 0;
  }
  auto args = cli::parse(argc > 0 ? argc - 1 : 0, argv + (argc > 0 ? 1 : 0), {}, {});
  std::string problem = args.error;
  if (action != "verify" && action != "restore-triggers")
    problem = action.empty() ? "missing action" : "unknown action " + cli::printable(action);
  else if (problem.empty() && !args.positional.empty())
    problem = "unexpected argument " + cli::printable(args.positional[0]);
  if (!problem.empty()) {
    err << "tipline audit: " << problem << "\n" << usage;
    return 2;
  }
  try {
    if (action == "restore-triggers") {
      // The store refuses to open without them, so they are put back on the file itself.
      const auto config = config::load_config(*args.config_file, args.overrides);
      storage::restore_audit_triggers(config.database_file.string());
      out << "the audit log's append-only triggers are back; check the log with `tipline audit verify`\n";
      return 0;
    }
    auto opened = cli::open_store(args);
    const auto verdict = opened.store->verify_audit();
    if (verdict.ok) {
      out << "audit log intact: " << verdict.rows << " rows\n";
      if (verdict.head_id > 0)
        out << "head: row " << verdict.head_id << " hash " << encoding::to_hex(verdict.head_hash)
            << " (compare with the head noted last time: rows cut off the end leave no other trace)\n";
      return 0;
    }
    out << "audit log broken at row " << (verdict.first_bad_id ? std::to_string(*verdict.first_bad_id) : "?") << ": "
        << verdict.problem << "\n";
    return 1;
  } catch (const config::ConfigError& e) {
    err << "tipline audit verify: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "tipline audit verify: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tipline::commands
