#pragma once
// Moments in the ward's local time, as residents and officers read them.
#include <cstdint>
#include <string>

namespace tipline::handlers {

// "YYMM" of a moment in the ward's local time: the month part of a tip reference.
std::string reference_month(std::int64_t unix_seconds, int utc_offset_minutes);

// "23/11/2026 14:05" in the ward's local time.
std::string local_time_text(std::int64_t unix_seconds, int utc_offset_minutes);

}  // namespace tipline::handlers
