#pragma once
// Reporting periods. The ward's plan counts a month from the 16th of one month to
// the 15th of the next, in local time, so a period is a pair of instants computed
// from local midnights rather than a calendar month in UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tipline::report {

struct Period {
  std::int64_t start = 0;  // unix seconds, inclusive: local midnight of the first day
  std::int64_t end = 0;    // unix seconds, exclusive: local midnight after the last day
  std::string label;       // "16/10/2025 – 15/11/2025", the way the ward writes dates
  // Kept with the period so its days and month can be read back without the caller
  // passing the offset again (and getting it wrong).
  int utc_offset_minutes = 0;
};

// Offsets outside this range do not exist anywhere; refusing them catches a config
// value given in hours or seconds instead of minutes.
inline constexpr int max_utc_offset_minutes = 14 * 60;

// The period named "YYYY-MM": the one whose last day falls in that month. With
// start_day 16, "2025-11" is 16/10/2025 – 15/11/2025; with start_day 1 it is the
// calendar month. Nullopt for a malformed month, a start_day outside 1..28 (every
// month has a 28th) or an impossible offset.
std::optional<Period> period_for_month(std::string_view yyyy_mm, int start_day, int utc_offset_minutes);

// The period containing `now`. A bad start_day or offset is a configuration error
// and throws std::invalid_argument.
Period current_period(std::int64_t now, int start_day, int utc_offset_minutes);

// The month that names a period: the month of its last local day ("2025-11").
std::string month_of(const Period& period);

// The first and last local days of a period, "YYYY-MM-DD", both inclusive.
std::string first_day(const Period& period);
std::string last_day(const Period& period);

// From one local day to another, both "YYYY-MM-DD" and inclusive. Nullopt for a
// malformed or impossible date (2025-02-30), or `to` before `from`.
std::optional<Period> custom_period(std::string_view from_date, std::string_view to_date, int utc_offset_minutes);

}  // namespace tipline::report
