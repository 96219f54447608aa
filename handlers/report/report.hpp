#pragma once
// The monthly report to the provincial police: counts of the tips received in a
// period, by label and by workflow state. Built from labels only (never tip text)
// so the report can leave the station.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"
#include "handlers/report/period.hpp"

namespace tipline::report {

// Section names, shared by the CSV and the caller's display-name lookup. A section's
// rows are keyed by the vocabulary's stored names (areas: by the ward's area ids).
namespace section {
inline constexpr std::string_view period = "period";
inline constexpr std::string_view summary = "summary";
inline constexpr std::string_view category = "category";
inline constexpr std::string_view area = "area";
inline constexpr std::string_view channel = "channel";
inline constexpr std::string_view priority = "priority";
inline constexpr std::string_view status = "status";
inline constexpr std::string_view outcome = "outcome";
inline constexpr std::string_view agreement = "triage_agreement";
}  // namespace section

// One tip as the store hands it over: labels in clear, no text.
struct ReportTip {
  std::int64_t created_at = 0;
  domain::Channel channel = domain::Channel::web;
  std::vector<domain::Category> categories;
  domain::Priority priority = domain::Priority::normal;
  std::optional<std::string> area;       // ward area id, e.g. "tdp-3"
  domain::Status status = domain::Status::new_;
  std::optional<domain::Outcome> outcome;  // set when closed
  std::optional<std::int64_t> first_action_at;  // first officer action (assignment or status change)
  std::optional<std::int64_t> deadline;
  std::optional<std::int64_t> closed_at;
  std::vector<domain::Category> machine_categories;  // the triage's labels, before officers'
  bool corrected = false;
};

struct Count {
  std::string key;
  // The exact number, except in a suppressed row where it is 0: the real value never
  // leaves build_report, so no renderer can print it by mistake.
  std::int64_t count = 0;
  std::string shown;         // what to print: the number, or "<3" when suppressed
  bool suppressed = false;   // drawn and sorted as "small", never by its real size
};

struct ReportData {
  Period period;
  std::int64_t total = 0;
  // Each sorted by count descending, then key. A tip counts once in every category it
  // has, so by_category can add up to more than total. Tips without categories or
  // outcome are not in those sections. Suppressed area rows come last, by key only, so
  // their order says nothing about which is 1 and which is 2.
  std::vector<Count> by_category, by_area, by_channel, by_priority, by_status, by_outcome;
  // Over the period's tips that have a first action; a negative delay (clock skew)
  // counts as 0. With an even number, the mean of the middle two, rounded down.
  std::optional<std::int64_t> median_seconds_to_first_action;
  std::int64_t overdue_open = 0;  // not closed (no closed_at, status not closed), deadline < now
  std::int64_t closed_late = 0;   // closed_at after the deadline
  // Tips without an area. Withheld (nullopt) whenever an area row is suppressed:
  // total minus the exact area rows minus this number would otherwise give the sum of
  // the suppressed rows, and with one suppressed row (or all of them 1s) their exact
  // values. There is deliberately no "all areas" total either.
  std::optional<std::int64_t> no_area;
  // How far the machine's categories matched the officers' over the period, per
  // category: tips both gave it, of the tips either gave it. A tip no officer corrected
  // counts as agreed. Categories neither gave in the period are left out.
  struct Agreement {
    std::string key;             // the category's stored name
    std::int64_t both = 0, either = 0;
    std::int64_t machine_only = 0, officers_only = 0;
    std::string shown;           // "12/14 (86%)"
  };
  std::vector<Agreement> agreement;
  std::int64_t corrected = 0;  // tips whose labels an officer corrected
};

// Tips with created_at in [period.start, period.end) only. Area rows with 1 to
// small_cell-1 tips are shown as "<small_cell" (small_cell <= 1 turns this off).
//
// known_areas: optional list of every area id of the ward. Each is then listed even
// with no tips, and a count of 0 is shown as "<3" like 1 and 2. Without it a "<3"
// row is at least 1, so in a month where total minus the exact rows equals the number
// of "<3" rows (every tip had an area, every small area exactly one tip) a reader can
// still work out that each of them is 1. With it a "<3" row may be 0, which closes
// that gap: the only thing left to deduce is that small areas had no tips at all.
ReportData build_report(const std::vector<ReportTip>& tips, const Period& period, std::int64_t now,
                        int small_cell = 3, const std::vector<std::string>& known_areas = {});

// Hours with one decimal, rounded half up ("5.5"). Always "." as the decimal
// separator: a "," would have to be quoted in CSV and reads as a thousands separator
// in other tools.
std::string format_hours(std::int64_t seconds);

}  // namespace tipline::report
