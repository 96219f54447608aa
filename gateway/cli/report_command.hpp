#pragma once
// `tipline report --period YYYY-MM [--lang vi|en] --config FILE [--data DIR]`: the
// monthly report's CSV on stdout, the same file the console's export gives (it starts
// with a UTF-8 byte order mark, so Excel reads the Vietnamese names right). The
// period is the one whose last day falls in that month, counted from the configured
// admin.report_start_day in the ward's clock (form.utc_offset_minutes). Audited as
// an export by "cli" before anything is printed.
#include <iosfwd>

namespace tipline::commands {

// argv holds the arguments after the word "report". Returns 0; 2 on bad arguments
// (a malformed period included), an unusable config or ward file; 1 when the
// database fails.
int run_report(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace tipline::commands
