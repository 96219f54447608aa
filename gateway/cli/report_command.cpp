#include "gateway/cli/report_command.hpp"

#include <ostream>
#include <string>

#include "common/clock.hpp"
#include "common/domain.hpp"
#include "gateway/cli/store_access.hpp"
#include "gateway/cli/args.hpp"
#include "handlers/report/period.hpp"
#include "handlers/report/monthly_report.hpp"
#include "triage/ward.hpp"

namespace tipline::commands {
namespace {

constexpr const char* usage = "usage: tipline report --period YYYY-MM [--lang vi|en] --config FILE [--data DIR]\n";

}  // namespace

int run_report(int argc, char** argv, std::ostream& out, std::ostream& err) {
  if (argc == 1 && (std::string(argv[0]) == "--help" || std::string(argv[0]) == "-h")) {
    out << usage;
    return 0;
  }
  auto args = cli::parse(argc, argv, {"--period", "--lang"}, {});
  std::string problem = args.error;
  const auto month = args.option("--period");
  const auto lang_word = args.option("--lang");
  const auto lang = lang_word ? domain::parse<domain::Language>(*lang_word) : domain::Language::vi;
  if (problem.empty() && !args.positional.empty())
    problem = "unexpected argument " + cli::printable(args.positional[0]);
  if (problem.empty() && !month) problem = "--period YYYY-MM is required";
  if (problem.empty() && !lang)
    problem = "--lang must be vi or en, not " + cli::printable(*lang_word);
  if (!problem.empty()) {
    err << "tipline report: " << problem << "\n" << usage;
    return 2;
  }
  try {
    auto opened = cli::open_store(args);
    const auto& config = opened.config;
    const auto period = report::period_for_month(*month, config.admin.report_start_day, config.form.utc_offset_minutes);
    if (!period) {
      err << "tipline report: --period must be a month as YYYY-MM, not " << cli::printable(*month) << "\n" << usage;
      return 2;
    }
    const auto ward = triage::parse_ward(commands::read_data_file(config.ward_file, "ward_file"));
    const auto now = unix_now();
    const std::string csv = handlers::monthly_report_csv(*opened.store, *period, now, ward, *lang);
    // The report leaves the building: the export is on record before it is out.
    storage::AuditEvent event;
    event.at = now;
    event.actor = "cli";
    event.action = "export";
    event.detail = "monthly report " + report::month_of(*period) + " (" + period->label + ") csv " +
                   std::string(domain::stored_name(*lang));
    opened.store->audit(event);
    out << csv << std::flush;
    return out ? 0 : 1;
  } catch (const config::ConfigError& e) {
    err << "tipline report: " << e.what() << "\n";
    return 2;
  } catch (const triage::DataFileError& e) {
    err << "tipline report: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "tipline report: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tipline::commands
