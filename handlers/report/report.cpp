#include "handlers/report/report.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace tipline::report {

namespace {

using Tally = std::map<std::string, std::int64_t, std::less<>>;

// Rows are keyed by stored name, the key the section's display names are looked up by.
template <domain::vocabulary_enum E>
void count(Tally& tally, E value) {
  ++tally[std::string(domain::stored_name(value))];
}

bool by_count_then_key(const Count& a, const Count& b) {
  if (a.suppressed != b.suppressed) return b.suppressed;
  if (a.count != b.count) return a.count > b.count;
  return a.key < b.key;
}

std::vector<Count> rows_of(const Tally& tally) {
  std::vector<Count> rows;
  rows.reserve(tally.size());
  for (const auto& [key, count] : tally) rows.push_back({key, count, std::to_string(count), false});
  std::sort(rows.begin(), rows.end(), by_count_then_key);
  return rows;
}

std::vector<Count> area_rows(const Tally& tally, int small_cell) {
  const std::string marker = "<" + std::to_string(small_cell);
  std::vector<Count> rows;
  rows.reserve(tally.size());
  for (const auto& [key, count] : tally) {
    if (small_cell > 1 && count < small_cell)
      rows.push_back({key, 0, marker, true});
    else
      rows.push_back({key, count, std::to_string(count), false});
  }
  std::sort(rows.begin(), rows.end(), by_count_then_key);
  return rows;
}

std::optional<std::int64_t> median(std::vector<std::int64_t> values) {
  if (values.empty()) return std::nullopt;
  const auto mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const auto upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const auto lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return lower + (upper - lower) / 2;  // no overflow, rounds down for non-negative values
}

bool is_closed(const ReportTip& tip) { return tip.closed_at.has_value() || tip.status == domain::Status::closed; }

}  // namespace

ReportData build_report(const std::vector<ReportTip>& tips, const Period& period, std::int64_t now, int small_cell,
                        const std::vector<std::string>& known_areas) {
  ReportData data;
  data.period = period;
  Tally categories, areas, channels, priorities, statuses, outcomes;
  std::vector<std::int64_t> delays;
  std::int64_t no_area = 0;
  std::map<domain::Category, ReportData::Agreement> agreement;

  for (const auto& area : known_areas)
    if (!area.empty()) areas.try_emplace(area, 0);

  for (const auto& tip : tips) {
    if (tip.created_at < period.start || tip.created_at >= period.end) continue;
    ++data.total;
    // A tip labelled twice with the same category is still one tip in it.
    std::set<domain::Category> seen;
    for (const auto category : tip.categories)
      if (seen.insert(category).second) count(categories, category);
    if (tip.area && !tip.area->empty())
      ++areas[*tip.area];
    else
      ++no_area;
    count(channels, tip.channel);
    count(priorities, tip.priority);
    count(statuses, tip.status);
    if (tip.outcome) count(outcomes, *tip.outcome);
    data.corrected += tip.corrected;
    const std::set<domain::Category> machine(tip.machine_categories.begin(), tip.machine_categories.end());
    std::set<domain::Category> officers = machine;
    if (tip.corrected) officers = seen;
    for (const auto category : domain::all<domain::Category>()) {
      const bool by_machine = machine.count(category) > 0, by_officers = officers.count(category) > 0;
      if (!by_machine && !by_officers) continue;
      auto& a = agreement[category];
      ++a.either;
      if (by_machine && by_officers) ++a.both;
      else if (by_machine) ++a.machine_only;
      else ++a.officers_only;
    }
    if (tip.first_action_at) delays.push_back(std::max<std::int64_t>(0, *tip.first_action_at - tip.created_at));
    if (tip.deadline) {
      if (!is_closed(tip) && *tip.deadline < now) ++data.overdue_open;
      if (tip.closed_at && *tip.closed_at > *tip.deadline) ++data.closed_late;
    }
  }

  data.by_category = rows_of(categories);
  data.by_area = area_rows(areas, small_cell);
  data.by_channel = rows_of(channels);
  data.by_priority = rows_of(priorities);
  data.by_status = rows_of(statuses);
  data.by_outcome = rows_of(outcomes);
  data.median_seconds_to_first_action = median(std::move(delays));
  for (auto& [category, a] : agreement) {
    a.key = std::string(domain::stored_name(category));
    a.shown = std::to_string(a.both) + "/" + std::to_string(a.either) + " (" +
              std::to_string((a.both * 100 + a.either / 2) / a.either) + "%)";
    data.agreement.push_back(a);
  }
  // Decided on what the reader can see (whether any row is suppressed), never on the
  // hidden values, so withholding it does not itself give anything away.
  const bool any_suppressed =
      std::any_of(data.by_area.begin(), data.by_area.end(), [](const Count& row) { return row.suppressed; });
  if (!any_suppressed) data.no_area = no_area;
  return data;
}

std::string format_hours(std::int64_t seconds) {
  // Tenths of an hour, rounded half up, in integers so no locale or float formatting
  // gets involved.
  const bool negative = seconds < 0;
  const std::int64_t magnitude = negative ? -seconds : seconds;
  const std::int64_t tenths = (magnitude + 180) / 360;
  return (negative && tenths > 0 ? "-" : "") + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace tipline::report
