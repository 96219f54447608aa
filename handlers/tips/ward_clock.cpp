#include "handlers/tips/ward_clock.hpp"

#include <cstdio>
#include <ctime>

namespace tipline::handlers {

std::string reference_month(std::int64_t unix_seconds, int utc_offset_minutes) {
  std::time_t local = static_cast<std::time_t>(unix_seconds + std::int64_t{utc_offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d", (tm.tm_year + 1900) % 100, tm.tm_mon + 1);
  return buf;
}

std::string local_time_text(std::int64_t unix_seconds, int utc_offset_minutes) {
  std::time_t local = static_cast<std::time_t>(unix_seconds + std::int64_t{utc_offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
                tm.tm_hour, tm.tm_min);
  return buf;
}

}  // namespace tipline::handlers
