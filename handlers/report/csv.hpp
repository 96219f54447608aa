#pragma once
// The monthly report as CSV for the provincial police, who open it in Excel.
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "handlers/report/report.hpp"

namespace tipline::report {

// Display names for the report's keys, e.g. ("category", "dealing") -> "Mua bán",
// ("area", "tdp-3") -> "Tổ dân phố 3", ("summary", "total") -> "Tổng số tin báo".
// Sections are the ones in report::section. A missing function or an empty answer
// falls back to the key, so an unnamed value still shows up rather than vanishing.
struct Labels {
  std::function<std::string(std::string_view section, std::string_view key)> name;

  std::string display(std::string_view section, std::string_view key) const;

  // section -> key -> name, for callers whose names come from a config file.
  using Table = std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>;
  static Labels from_table(Table table);
};

// Four columns on every line, "section,key,name,value", so the file can be filtered
// or pivoted without special cases: first the period (label, from, to) and the total,
// then one row per key of each section (category, area, channel, priority, status,
// outcome), then the median hours to first action, overdue_open, closed_late and,
// unless withheld, no_area. Area rows carry their shown value ("<3"), never a
// suppressed count.
//
// RFC 4180: fields with a comma, quote, CR or LF are quoted and quotes doubled; CRLF
// line ends. A field starting with = + - @ tab or CR gets a leading ' so a
// spreadsheet never runs a name as a formula. excel_bom starts the file with a UTF-8
// byte order mark, without which Excel reads the file in the system's legacy code
// page and garbles the Vietnamese names.
std::string to_csv(const ReportData& data, const Labels& labels, bool excel_bom = true);

// One CSV field, guarded and quoted as above.
std::string csv_field(std::string_view text);

}  // namespace tipline::report
