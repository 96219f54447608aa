// tipline: the anonymous tip-line gateway's one executable.
#include <cstring>
#include <iostream>

#include "gateway/cli/audit_command.hpp"
#include "gateway/cli/init_command.hpp"
#include "gateway/cli/officer_command.hpp"
#include "gateway/cli/serve_command.hpp"
#include "gateway/cli/report_command.hpp"
#include "gateway/cli/triage_command.hpp"
#include "gateway/cli/vacuum_command.hpp"

namespace {

constexpr const char* usage =
    "usage:\n"
    "  tipline init   --config FILE [--data DIR]\n"
    "  tipline serve  --config FILE [--listen HOST:PORT] [--data DIR]\n"
    "  tipline triage [--config FILE | --ward F --rules F --model F | --rules-only]  < tips.jsonl > labels.jsonl\n"
    "  tipline triage train|evaluate|retrain ...   (tipline triage --help)\n"
    "  tipline officer add USERNAME --name \"Display Name\" --role admin|leader|officer|viewer --config FILE "
    "[--data DIR]\n"
    "  tipline officer disable|enable USERNAME --config FILE [--data DIR]\n"
    "  tipline officer reset-password USERNAME [--clear-totp] --config FILE [--data DIR]\n"
    "  tipline officer list --config FILE [--data DIR]\n"
    "  tipline officer ensure-admin --config FILE [--data DIR]\n"
    "  tipline audit verify --config FILE [--data DIR]\n"
    "  tipline audit restore-triggers --config FILE [--data DIR]\n"
    "  tipline report --period YYYY-MM [--lang vi|en] --config FILE [--data DIR]   > report.csv\n"
    "  tipline vacuum --config FILE [--data DIR]\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::cout << usage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  if (command == "init") return tipline::commands::run_init(argc - 2, argv + 2);
  if (command == "serve") return tipline::commands::run_serve(argc - 2, argv + 2);
  if (command == "triage") return tipline::commands::run_triage(argc - 2, argv + 2, std::cin, std::cout, std::cerr);
  if (command == "officer") return tipline::commands::run_officer(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "audit") return tipline::commands::run_audit(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "report") return tipline::commands::run_report(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "vacuum") return tipline::commands::run_vacuum(argc - 2, argv + 2, std::cout, std::cerr);
  std::cerr << "tipline: unknown command " << command << "\n" << usage;
  return 2;
}
