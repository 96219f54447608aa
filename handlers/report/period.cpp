#include "handlers/report/period.hpp"

#include <stdexcept>

namespace tipline::report {

namespace {

constexpr std::int64_t seconds_per_day = 86400;
// Reports before the tip-line existed are meaningless, and four-digit years keep
// the "YYYY" formats exact.
constexpr int min_year = 1970;
constexpr int max_year = 9999;

struct Date {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};

struct YearMonth {
  int year;
  int month;
};

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
// algorithm), so no time-zone database or C library state is involved.
std::int64_t days_from_civil(Date d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  auto q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

YearMonth add_months(YearMonth ym, int months) {
  const int index = ym.year * 12 + (ym.month - 1) + months;
  return {index / 12, index % 12 + 1};
}

bool valid_offset(int minutes) { return minutes >= -max_utc_offset_minutes && minutes <= max_utc_offset_minutes; }
bool valid_start_day(int day) { return day >= 1 && day <= 28; }

// Exactly `digits` ASCII digits; std::from_chars would also accept a sign-less
// shorter run, which would let "2025-1" through.
std::optional<int> parse_digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<YearMonth> parse_year_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto year = parse_digits(text.substr(0, 4));
  auto month = parse_digits(text.substr(5, 2));
  if (!year || !month || *year < min_year || *year > max_year || *month < 1 || *month > 12) return std::nullopt;
  return YearMonth{*year, *month};
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[7] != '-') return std::nullopt;
  auto ym = parse_year_month(text.substr(0, 7));
  auto day = parse_digits(text.substr(8, 2));
  if (!ym || !day || *day < 1 || *day > days_in_month(ym->year, ym->month)) return std::nullopt;
  return Date{ym->year, ym->month, *day};
}

std::int64_t local_midnight(Date d, int utc_offset_minutes) {
  return days_from_civil(d) * seconds_per_day - std::int64_t{utc_offset_minutes} * 60;
}

Date local_date(std::int64_t unix_seconds, int utc_offset_minutes) {
  return civil_from_days(floor_div(unix_seconds + std::int64_t{utc_offset_minutes} * 60, seconds_per_day));
}

std::string two_digits(int value) {
  return std::string{static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

// Years outside 1000..9999 only come from a clock far off; they still print whole.
std::string four_digits(int value) {
  auto text = std::to_string(value);
  return text.size() < 4 ? std::string(4 - text.size(), '0') + text : text;
}

std::string iso(Date d) { return four_digits(d.year) + "-" + two_digits(d.month) + "-" + two_digits(d.day); }
std::string dmy(Date d) { return two_digits(d.day) + "/" + two_digits(d.month) + "/" + four_digits(d.year); }

// [first, last] local days, both inclusive.
Period make_period(Date first, Date last, int utc_offset_minutes) {
  Period period;
  period.start = local_midnight(first, utc_offset_minutes);
  period.end = local_midnight(last, utc_offset_minutes) + seconds_per_day;
  period.label = dmy(first) + " \u2013 " + dmy(last);
  period.utc_offset_minutes = utc_offset_minutes;
  return period;
}

// The period named by `month`: it ends (exclusive) on `start_day` of the month
// after its last day, which is `month` itself unless start_day is 1.
Period period_named(YearMonth month, int start_day, int utc_offset_minutes) {
  const YearMonth end_month = start_day == 1 ? add_months(month, 1) : month;
  const YearMonth start_month = add_months(end_month, -1);
  const Date first{start_month.year, start_month.month, start_day};
  const Date last = civil_from_days(days_from_civil({end_month.year, end_month.month, start_day}) - 1);
  return make_period(first, last, utc_offset_minutes);
}

}  // namespace

std::optional<Period> period_for_month(std::string_view yyyy_mm, int start_day, int utc_offset_minutes) {
  if (!valid_start_day(start_day) || !valid_offset(utc_offset_minutes)) return std::nullopt;
  auto month = parse_year_month(yyyy_mm);
  if (!month) return std::nullopt;
  return period_named(*month, start_day, utc_offset_minutes);
}

Period current_period(std::int64_t now, int start_day, int utc_offset_minutes) {
  if (!valid_start_day(start_day)) throw std::invalid_argument("report start day must be 1..28");
  if (!valid_offset(utc_offset_minutes)) throw std::invalid_argument("UTC offset out of range (minutes expected)");
  const Date today = local_date(now, utc_offset_minutes);
  // From start_day on, today belongs to the period that ends next month.
  const YearMonth this_month{today.year, today.month};
  const YearMonth end_month = today.day >= start_day ? add_months(this_month, 1) : this_month;
  const YearMonth named = start_day == 1 ? add_months(end_month, -1) : end_month;
  return period_named(named, start_day, utc_offset_minutes);
}

std::string first_day(const Period& period) { return iso(local_date(period.start, period.utc_offset_minutes)); }

std::string last_day(const Period& period) { return iso(local_date(period.end - 1, period.utc_offset_minutes)); }

std::string month_of(const Period& period) { return last_day(period).substr(0, 7); }

std::optional<Period> custom_period(std::string_view from_date, std::string_view to_date, int utc_offset_minutes) {
  if (!valid_offset(utc_offset_minutes)) return std::nullopt;
  auto from = parse_date(from_date);
  auto to = parse_date(to_date);
  if (!from || !to || days_from_civil(*to) < days_from_civil(*from)) return std::nullopt;
  return make_period(*from, *to, utc_offset_minutes);
}

}  // namespace tipline::report
