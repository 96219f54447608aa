#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "handlers/report/report.hpp"

using namespace tipline::report;
namespace domain = tipline::domain;

namespace {

constexpr std::int64_t oct16_2025 = 1760547600;  // 2025-10-16 00:00 +07
constexpr std::int64_t nov16_2025 = 1763226000;  // 2025-11-16 00:00 +07
constexpr std::int64_t hour = 3600;

Period november() { return *period_for_month("2025-11", 16, 420); }

ReportTip tip(std::int64_t created_at = oct16_2025 + 10 * 86400) {
  ReportTip t;
  t.created_at = created_at;
  t.channel = domain::Channel::web;
  t.categories = {domain::Category::dealing};
  t.priority = domain::Priority::normal;
  t.area = "tdp-1";
  t.status = domain::Status::new_;
  return t;
}

ReportTip in_area(const std::string& area) {
  auto t = tip();
  t.area = area;
  return t;
}

using Rows = std::vector<std::pair<std::string, std::string>>;

// Key and shown value of each row, in order.
Rows shown(const std::vector<Count>& rows) {
  Rows out;
  for (const auto& row : rows) out.emplace_back(row.key, row.shown);
  return out;
}

const Count* find(const std::vector<Count>& rows, std::string_view key) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const Count& row) { return row.key == key; });
  return it == rows.end() ? nullptr : &*it;
}

// The values each suppressed area row could have, as far as a reader of the report can
// tell: every "<3" row is lowest..2, the rows add up to total minus the exact rows,
// less no_area when it is published.
std::vector<std::set<std::int64_t>> possible_values(const ReportData& data, std::int64_t lowest) {
  std::int64_t hidden = data.total;
  std::size_t suppressed = 0;
  for (const auto& row : data.by_area) {
    if (row.suppressed)
      ++suppressed;
    else
      hidden -= row.count;
  }
  if (data.no_area) hidden -= *data.no_area;
  std::vector<std::set<std::int64_t>> possible(suppressed);
  std::vector<std::int64_t> guess(suppressed, lowest);
  while (true) {
    std::int64_t sum = 0;
    for (auto v : guess) sum += v;
    // A withheld no_area takes up whatever is left, so the rows may add up to less.
    if (data.no_area ? sum == hidden : sum <= hidden)
      for (std::size_t i = 0; i < suppressed; ++i) possible[i].insert(guess[i]);
    std::size_t i = 0;
    while (i < suppressed && guess[i] == 2) guess[i++] = lowest;
    if (i == suppressed) break;
    ++guess[i];
  }
  return possible;
}

}  // namespace

TEST_CASE("each section counts the period's tips, largest first", "[report]") {
  std::vector<ReportTip> tips;
  for (int i = 0; i < 3; ++i) tips.push_back(in_area("tdp-2"));
  for (int i = 0; i < 4; ++i) tips.push_back(in_area("tdp-1"));
  tips[0].channel = domain::Channel::zalo;
  tips[1].channel = domain::Channel::zalo;
  tips[2].channel = domain::Channel::messenger;
  tips[3].priority = domain::Priority::urgent;
  tips[4].status = domain::Status::closed;
  tips[4].outcome = domain::Outcome::arrested;
  tips[5].status = domain::Status::closed;
  tips[5].outcome = domain::Outcome::no_evidence;
  tips[6].status = domain::Status::verifying;

  auto data = build_report(tips, november(), nov16_2025);
  CHECK(data.total == 7);
  CHECK(shown(data.by_area) == Rows{{"tdp-1", "4"}, {"tdp-2", "3"}});
  CHECK(shown(data.by_channel) == Rows{{"web", "4"}, {"zalo", "2"}, {"messenger", "1"}});
  CHECK(shown(data.by_priority) == Rows{{"normal", "6"}, {"urgent", "1"}});
  // Equal counts fall back to key order.
  CHECK(shown(data.by_status) == Rows{{"new", "4"}, {"closed", "2"}, {"verifying", "1"}});
  CHECK(shown(data.by_outcome) == Rows{{"arrested", "1"}, {"no_evidence", "1"}});
  CHECK(data.by_channel[0].count == 4);
  CHECK_FALSE(data.by_channel[0].suppressed);
  REQUIRE(data.no_area);
  CHECK(*data.no_area == 0);
}

TEST_CASE("a tip counts once in each of its categories", "[report]") {
  auto a = tip();
  // A repeated label is still one tip.
  a.categories = {domain::Category::dealing, domain::Category::youth, domain::Category::dealing};
  auto b = tip();
  b.categories = {domain::Category::youth};
  auto c = tip();
  c.categories = {};
  auto data = build_report({a, b, c}, november(), nov16_2025);
  CHECK(data.total == 3);
  CHECK(shown(data.by_category) == Rows{{"youth", "2"}, {"dealing", "1"}});
}

TEST_CASE("only tips created inside the period count", "[report]") {
  const auto p = november();
  std::vector<ReportTip> tips = {tip(p.start - 1), tip(p.start), tip(p.end - 1), tip(p.end)};
  tips[0].channel = domain::Channel::zalo;
  tips[3].channel = domain::Channel::messenger;
  auto data = build_report(tips, p, p.end + 86400);
  CHECK(data.total == 2);
  CHECK(shown(data.by_channel) == Rows{{"web", "2"}});
  CHECK(data.period.label == p.label);
}

TEST_CASE("an empty area counts as no area", "[report]") {
  auto t = tip();
  t.area = "";
  auto data = build_report({t}, november(), nov16_2025);
  CHECK(shown(data.by_channel) == Rows{{"web", "1"}});
  CHECK(shown(data.by_status) == Rows{{"new", "1"}});
  CHECK(data.by_area.empty());
  REQUIRE(data.no_area);
  CHECK(*data.no_area == 1);
}

TEST_CASE("median time to first action", "[report]") {
  auto with_delay = [](std::int64_t seconds) {
    auto t = tip();
    t.first_action_at = t.created_at + seconds;
    return t;
  };
  SECTION("odd count: the middle value") {
    auto data = build_report({with_delay(5 * hour), with_delay(1 * hour), with_delay(30 * hour), tip()}, november(),
                             nov16_2025);
    REQUIRE(data.median_seconds_to_first_action);
    CHECK(*data.median_seconds_to_first_action == 5 * hour);  // the tip without an action is left out
  }
  SECTION("even count: mean of the middle two, rounded down") {
    auto data = build_report({with_delay(4 * hour), with_delay(1), with_delay(2), with_delay(100 * hour)}, november(),
                             nov16_2025);
    REQUIRE(data.median_seconds_to_first_action);
    CHECK(*data.median_seconds_to_first_action == (2 + 4 * hour) / 2);
  }
  SECTION("an action logged before the tip (clock skew) counts as immediate") {
    auto data = build_report({with_delay(-50)}, november(), nov16_2025);
    REQUIRE(data.median_seconds_to_first_action);
    CHECK(*data.median_seconds_to_first_action == 0);
  }
  SECTION("none without actions") {
    CHECK_FALSE(build_report({tip()}, november(), nov16_2025).median_seconds_to_first_action);
  }
  CHECK(format_hours(5 * hour + 30 * 60) == "5.5");
  CHECK(format_hours(0) == "0.0");
  CHECK(format_hours(hour / 20) == "0.1");  // 3 minutes: half a tenth rounds up
  CHECK(format_hours(hour / 20 - 1) == "0.0");
  CHECK(format_hours(100 * hour) == "100.0");
}

TEST_CASE("overdue open tips and tips closed late", "[report]") {
  const std::int64_t now = nov16_2025 + 86400;
  auto open_overdue = tip();
  open_overdue.deadline = now - 1;
  auto open_due_later = tip();
  open_due_later.deadline = now + 1;
  auto open_due_now = tip();
  open_due_now.deadline = now;  // not yet past
  auto closed_late = tip();
  closed_late.deadline = now - 10 * hour;
  closed_late.closed_at = now - 5 * hour;
  closed_late.status = domain::Status::closed;
  auto closed_in_time = tip();
  closed_in_time.deadline = now - 10 * hour;
  closed_in_time.closed_at = now - 10 * hour;
  closed_in_time.status = domain::Status::closed;
  auto closed_status_only = tip();  // closed without a timestamp is still not open
  closed_status_only.status = domain::Status::closed;
  closed_status_only.deadline = now - hour;
  auto no_deadline = tip();

  auto data = build_report({open_overdue, open_due_later, open_due_now, closed_late, closed_in_time,
                            closed_status_only, no_deadline},
                           november(), now);
  CHECK(data.overdue_open == 1);
  CHECK(data.closed_late == 1);
}

TEST_CASE("small area counts are suppressed", "[report][privacy]") {
  std::vector<ReportTip> tips = {in_area("tdp-a"), in_area("tdp-b"), in_area("tdp-b")};
  for (int i = 0; i < 3; ++i) tips.push_back(in_area("tdp-c"));
  for (int i = 0; i < 5; ++i) tips.push_back(in_area("tdp-d"));
  tips.push_back(tip());
  tips.back().area.reset();

  auto data = build_report(tips, november(), nov16_2025);
  CHECK(data.total == 12);
  // 1 and 2 both read "<3", sorted after the exact rows by key alone, so their order
  // does not tell which one is smaller.
  CHECK(shown(data.by_area) ==
        Rows{{"tdp-d", "5"}, {"tdp-c", "3"}, {"tdp-a", "<3"}, {"tdp-b", "<3"}});
  const auto* a = find(data.by_area, "tdp-a");
  const auto* b = find(data.by_area, "tdp-b");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->suppressed);
  CHECK(b->suppressed);
  CHECK(a->count == 0);  // the real number is not in the data at all
  CHECK(b->count == 0);
  CHECK_FALSE(find(data.by_area, "tdp-c")->suppressed);
  // Otherwise total - 5 - 3 - no_area would give the sum of the suppressed rows.
  CHECK_FALSE(data.no_area);
  // Other sections are not about places and keep their numbers.
  CHECK(find(data.by_channel, "web")->count == 12);
}

TEST_CASE("a single suppressed area cannot be worked out from the totals", "[report][privacy]") {
  std::vector<ReportTip> tips = {in_area("tdp-a")};
  for (int i = 0; i < 4; ++i) tips.push_back(in_area("tdp-b"));
  tips.push_back(tip());
  tips.back().area.reset();
  auto data = build_report(tips, november(), nov16_2025);
  CHECK(shown(data.by_area) == Rows{{"tdp-b", "4"}, {"tdp-a", "<3"}});
  CHECK_FALSE(data.no_area);
  // 6 - 4 leaves 2 for tdp-a and the tip without an area together: 1 or 2.
  CHECK(possible_values(data, 1) == std::vector<std::set<std::int64_t>>{{1, 2}});
}

TEST_CASE("the small-cell threshold is a parameter", "[report][privacy]") {
  std::vector<ReportTip> tips;
  for (int i = 0; i < 4; ++i) tips.push_back(in_area("tdp-a"));
  tips.push_back(in_area("tdp-b"));
  CHECK(shown(build_report(tips, november(), nov16_2025, 5).by_area) ==
        Rows{{"tdp-a", "<5"}, {"tdp-b", "<5"}});
  auto off = build_report(tips, november(), nov16_2025, 1);
  CHECK(shown(off.by_area) == Rows{{"tdp-a", "4"}, {"tdp-b", "1"}});
  CHECK(off.no_area);
}

TEST_CASE("known areas are listed even without tips, zero reading as <3", "[report][privacy]") {
  std::vector<ReportTip> tips;
  for (int i = 0; i < 3; ++i) tips.push_back(in_area("tdp-1"));
  tips.push_back(in_area("tdp-2"));
  auto data = build_report(tips, november(), nov16_2025, 3, {"tdp-1", "tdp-2", "tdp-3"});
  CHECK(shown(data.by_area) ==
        Rows{{"tdp-1", "3"}, {"tdp-2", "<3"}, {"tdp-3", "<3"}});
  CHECK_FALSE(data.no_area);

  auto without = build_report(tips, november(), nov16_2025);
  CHECK(shown(without.by_area) == Rows{{"tdp-1", "3"}, {"tdp-2", "<3"}});
}

TEST_CASE("an empty period gives an empty report", "[report]") {
  auto data = build_report({}, november(), nov16_2025);
  CHECK(data.total == 0);
  CHECK(data.by_category.empty());
  CHECK(data.by_area.empty());
  CHECK(data.by_channel.empty());
  CHECK(data.by_priority.empty());
  CHECK(data.by_status.empty());
  CHECK(data.by_outcome.empty());
  CHECK_FALSE(data.median_seconds_to_first_action);
  CHECK(data.overdue_open == 0);
  CHECK(data.closed_late == 0);
  REQUIRE(data.no_area);
  CHECK(*data.no_area == 0);

  auto outside_only = build_report({tip(nov16_2025)}, november(), nov16_2025);
  CHECK(outside_only.total == 0);
  CHECK(outside_only.by_channel.empty());
}

TEST_CASE("with the ward's area list no small area's count can be worked out", "[report][privacy]") {
  const std::vector<std::string> ward = {"tdp-1", "tdp-2", "tdp-3", "tdp-4"};
  // Every mix of 0..4 tips in four areas, with and without a tip lacking an area.
  for (int code = 0; code < 5 * 5 * 5 * 5 * 2; ++code) {
    std::vector<ReportTip> tips;
    std::map<std::string, int> real;
    int rest = code;
    for (const auto& area : ward) {
      real[area] = rest % 5;
      for (int i = 0; i < rest % 5; ++i) tips.push_back(in_area(area));
      rest /= 5;
    }
    if (rest == 1) {
      tips.push_back(tip());
      tips.back().area.reset();
    }
    auto data = build_report(tips, november(), nov16_2025, 3, ward);
    auto possible = possible_values(data, 0);
    std::size_t i = 0;
    for (const auto& row : data.by_area) {
      if (!row.suppressed) continue;
      INFO("case " << code << ", " << row.key << " had " << real[row.key]);
      CHECK(possible[i].count(real[row.key]) == 1);
      // Pinned down only when it is 0, which says nothing about anyone.
      if (real[row.key] > 0) CHECK(possible[i].size() > 1);
      ++i;
    }
  }
}

TEST_CASE("without the area list, a month of single tips can still be worked out", "[report][privacy]") {
  // Documents why build_report takes known_areas: every tip has an area, and the one
  // small area had a single tip, so total - 6 = 1 pins it down.
  std::vector<ReportTip> tips;
  for (int i = 0; i < 6; ++i) tips.push_back(in_area("tdp-1"));
  tips.push_back(in_area("tdp-2"));
  auto without = build_report(tips, november(), nov16_2025);
  CHECK(shown(without.by_area) == Rows{{"tdp-1", "6"}, {"tdp-2", "<3"}});
  CHECK(possible_values(without, 1) == std::vector<std::set<std::int64_t>>{{1}});

  auto with = build_report(tips, november(), nov16_2025, 3, {"tdp-1", "tdp-2", "tdp-3"});
  CHECK(shown(with.by_area) == Rows{{"tdp-1", "6"}, {"tdp-2", "<3"}, {"tdp-3", "<3"}});
  CHECK(possible_values(with, 0) == std::vector<std::set<std::int64_t>>{{0, 1}, {0, 1}});
}

TEST_CASE("the machine's categories against the officers', per category", "[report][triage]") {
  // Machine: dealing; officers kept it.
  auto kept = tip();
  kept.categories = kept.machine_categories = {domain::Category::dealing};
  // Machine: dealing; an officer made it dealing and youth.
  auto widened = tip();
  widened.machine_categories = {domain::Category::dealing};
  widened.categories = {domain::Category::dealing, domain::Category::youth};
  widened.corrected = true;
  // Machine: use; an officer made it other.
  auto wrong = tip();
  wrong.machine_categories = {domain::Category::use};
  wrong.categories = {domain::Category::other};
  wrong.corrected = true;
  // Outside the period: not counted.
  auto late = wrong;
  late.created_at = november().end;
  const auto data = build_report({kept, widened, wrong, late}, november(), nov16_2025);
  CHECK(data.corrected == 2);
  std::map<std::string, std::string> got;
  for (const auto& a : data.agreement) got[a.key] = a.shown;
  CHECK(got == std::map<std::string, std::string>{
                   {"dealing", "2/2 (100%)"}, {"youth", "0/1 (0%)"}, {"use", "0/1 (0%)"}, {"other", "0/1 (0%)"}});
  const auto youth = std::find_if(data.agreement.begin(), data.agreement.end(), [](const auto& a) { return a.key == "youth"; });
  REQUIRE(youth != data.agreement.end());
  CHECK(youth->officers_only == 1);
  CHECK(youth->machine_only == 0);
}
