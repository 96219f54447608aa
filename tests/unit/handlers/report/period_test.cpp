#include <catch2/catch.hpp>

#include <stdexcept>

#include "handlers/report/period.hpp"

using namespace tipline::report;

namespace {

constexpr int vietnam = 420;  // UTC+7, minutes
constexpr int ward_start = 16;

// Instants checked against an independent clock (Python's datetime, UTC+7).
constexpr std::int64_t oct16_2025 = 1760547600;  // 2025-10-16 00:00 +07
constexpr std::int64_t nov01_2025 = 1761930000;  // 2025-11-01 00:00 +07
constexpr std::int64_t nov16_2025 = 1763226000;  // 2025-11-16 00:00 +07
constexpr std::int64_t dec01_2025 = 1764522000;  // 2025-12-01 00:00 +07
constexpr std::int64_t dec16_2025 = 1765818000;  // 2025-12-16 00:00 +07
constexpr std::int64_t jan16_2026 = 1768496400;  // 2026-01-16 00:00 +07

bool contains(const Period& p, std::int64_t t) { return t >= p.start && t < p.end; }

}  // namespace

TEST_CASE("a ward month runs from the 16th to the 15th, local time", "[report][period]") {
  auto p = period_for_month("2025-11", ward_start, vietnam);
  REQUIRE(p);
  CHECK(p->start == oct16_2025);
  CHECK(p->end == nov16_2025);
  CHECK(p->label == "16/10/2025 \u2013 15/11/2025");
  CHECK(first_day(*p) == "2025-10-16");
  CHECK(last_day(*p) == "2025-11-15");
  CHECK(month_of(*p) == "2025-11");
}

TEST_CASE("January's period starts in December of the year before", "[report][period]") {
  auto p = period_for_month("2026-01", ward_start, vietnam);
  REQUIRE(p);
  CHECK(p->start == dec16_2025);
  CHECK(p->end == jan16_2026);
  CHECK(p->label == "16/12/2025 \u2013 15/01/2026");
  CHECK(month_of(*p) == "2026-01");

  auto december = period_for_month("2025-12", ward_start, vietnam);
  REQUIRE(december);
  CHECK(december->start == nov16_2025);
  CHECK(december->end == dec16_2025);  // consecutive periods meet exactly
}

TEST_CASE("the edges are local midnights, not UTC ones", "[report][period]") {
  auto november = period_for_month("2025-11", ward_start, vietnam);
  auto december = period_for_month("2025-12", ward_start, vietnam);
  REQUIRE(november);
  REQUIRE(december);
  const std::int64_t last_minute = nov16_2025 - 60;  // 2025-11-15 23:59 +07 (16:59 UTC)
  CHECK(contains(*november, last_minute));
  CHECK_FALSE(contains(*december, last_minute));
  CHECK(contains(*december, nov16_2025));  // 2025-11-16 00:00 +07 (15 Nov 17:00 UTC)
  CHECK_FALSE(contains(*november, nov16_2025));
  CHECK(month_of(current_period(last_minute, ward_start, vietnam)) == "2025-11");
  CHECK(month_of(current_period(nov16_2025, ward_start, vietnam)) == "2025-12");

  // The same month in UTC starts seven hours later.
  auto utc = period_for_month("2025-11", ward_start, 0);
  REQUIRE(utc);
  CHECK(utc->start == oct16_2025 + 7 * 3600);
  CHECK(utc->label == november->label);
}

TEST_CASE("start day 1 gives the calendar month", "[report][period]") {
  auto p = period_for_month("2025-11", 1, vietnam);
  REQUIRE(p);
  CHECK(p->start == nov01_2025);
  CHECK(p->end == dec01_2025);
  CHECK(p->label == "01/11/2025 \u2013 30/11/2025");
  CHECK(month_of(*p) == "2025-11");
  CHECK(month_of(current_period(nov01_2025, 1, vietnam)) == "2025-11");
  CHECK(month_of(current_period(nov01_2025 - 1, 1, vietnam)) == "2025-10");

  auto february = period_for_month("2024-02", 1, vietnam);
  REQUIRE(february);
  CHECK(february->label == "01/02/2024 \u2013 29/02/2024");  // leap year
  CHECK(february->end - february->start == 29 * 86400);
}

TEST_CASE("the current period is the one containing now", "[report][period]") {
  const std::int64_t nov20_10am = 1763607600;  // 2025-11-20 10:00 +07
  auto p = current_period(nov20_10am, ward_start, vietnam);
  CHECK(p.start == nov16_2025);
  CHECK(p.end == dec16_2025);
  CHECK(month_of(p) == "2025-12");
  CHECK(p.label == "16/11/2025 \u2013 15/12/2025");

  // Late December already belongs to next year's January.
  auto late_december = current_period(dec16_2025 + 3600, ward_start, vietnam);
  CHECK(month_of(late_december) == "2026-01");
  CHECK(late_december.end == jan16_2026);

  for (std::int64_t t : {oct16_2025, nov16_2025 - 1, nov20_10am, dec16_2025, jan16_2026 - 1}) {
    auto q = current_period(t, ward_start, vietnam);
    CHECK(contains(q, t));
    auto again = period_for_month(month_of(q), ward_start, vietnam);
    REQUIRE(again);
    CHECK(again->start == q.start);
    CHECK(again->end == q.end);
  }
}

TEST_CASE("a bad start day or offset is a configuration error", "[report][period]") {
  CHECK_THROWS_AS(current_period(nov16_2025, 0, vietnam), std::invalid_argument);
  CHECK_THROWS_AS(current_period(nov16_2025, 29, vietnam), std::invalid_argument);
  CHECK_THROWS_AS(current_period(nov16_2025, ward_start, 7 * 3600), std::invalid_argument);  // seconds, not minutes
  CHECK_FALSE(period_for_month("2025-11", 0, vietnam));
  CHECK_FALSE(period_for_month("2025-11", 29, vietnam));
  CHECK_FALSE(period_for_month("2025-11", ward_start, 841));
  CHECK(period_for_month("2025-11", 28, -840));
}

TEST_CASE("malformed months are refused", "[report][period]") {
  for (const char* bad : {"2025-13", "2025-00", "25-11", "2025-1", "2025-011", "2025/11", "2025-1a", "+025-11",
                          "2025 11", "", "garbage", "2025-11-01", " 2025-11", "1969-12", "２０２５-11"}) {
    INFO(bad);
    CHECK_FALSE(period_for_month(bad, ward_start, vietnam));
  }
  CHECK(period_for_month("1970-01", 1, 0));
  CHECK(period_for_month("9999-12", ward_start, vietnam));
}

TEST_CASE("custom periods take inclusive local dates", "[report][period]") {
  auto p = custom_period("2025-10-16", "2025-11-15", vietnam);
  REQUIRE(p);
  CHECK(p->start == oct16_2025);
  CHECK(p->end == nov16_2025);
  CHECK(p->label == "16/10/2025 \u2013 15/11/2025");
  CHECK(month_of(*p) == "2025-11");

  auto one_day = custom_period("2025-11-01", "2025-11-01", vietnam);
  REQUIRE(one_day);
  CHECK(one_day->start == nov01_2025);
  CHECK(one_day->end == nov01_2025 + 86400);
  CHECK(one_day->label == "01/11/2025 \u2013 01/11/2025");

  auto over_new_year = custom_period("2025-12-16", "2026-01-15", vietnam);
  REQUIRE(over_new_year);
  CHECK(over_new_year->start == dec16_2025);
  CHECK(over_new_year->end == jan16_2026);

  CHECK(custom_period("2024-02-29", "2024-03-01", vietnam));
  CHECK_FALSE(custom_period("2025-02-29", "2025-03-01", vietnam));  // not a leap year
  CHECK_FALSE(custom_period("2025-11-31", "2025-12-01", vietnam));
  CHECK_FALSE(custom_period("2025-11-15", "2025-11-14", vietnam));  // backwards
  CHECK_FALSE(custom_period("2025-11-1", "2025-11-15", vietnam));
  CHECK_FALSE(custom_period("2025-11-01", "15/11/2025", vietnam));
  CHECK_FALSE(custom_period("2025-11-01", "2025-11-15", 900));
}
