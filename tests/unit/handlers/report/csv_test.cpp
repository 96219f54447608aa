#include <catch2/catch.hpp>

#include <algorithm>

#include "handlers/report/csv.hpp"

using namespace tipline::report;
namespace domain = tipline::domain;

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

Period november() { return *period_for_month("2025-11", 16, 420); }

ReportTip tip(std::string area) {
  ReportTip t;
  t.created_at = november().start + 3600;
  t.channel = domain::Channel::zalo;
  t.categories = {domain::Category::dealing};
  t.priority = domain::Priority::high;
  t.area = std::move(area);
  t.status = domain::Status::new_;
  return t;
}

Labels vietnamese() {
  return Labels::from_table({
      {"category", {{"dealing", "Mua bán"}}},
      {"area", {{"tdp-1", "Tổ dân phố 1"}, {"tdp-2", "Tổ dân phố 2"}, {"tdp-3", "Tổ dân phố 3"}}},
      {"summary", {{"total", "Tổng số tin báo"}}},
      {"period", {{"label", "Kỳ báo cáo"}}},
  });
}

std::vector<std::string> lines_of(std::string_view csv) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < csv.size()) {
    auto end = csv.find("\r\n", pos);
    REQUIRE(end != std::string_view::npos);  // every line, the last too, ends in CRLF
    lines.emplace_back(csv.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

bool has_line(const std::vector<std::string>& lines, std::string_view line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

TEST_CASE("CSV fields are quoted per RFC 4180", "[report][csv]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_field("Tổ dân phố 3") == "Tổ dân phố 3");
  CHECK(csv_field("<3") == "<3");
}

TEST_CASE("CSV fields never start a formula", "[report][csv]") {
  CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_field("+84 912") == "'+84 912");
  CHECK(csv_field("-1+2") == "'-1+2");
  CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_field("\t=1") == "'\t=1");
  CHECK(csv_field("\r=1") == "\"'\r=1\"");
  CHECK(csv_field("a=1") == "a=1");  // only the first character matters
}

TEST_CASE("the report as CSV", "[report][csv]") {
  std::vector<ReportTip> tips;
  for (int i = 0; i < 3; ++i) tips.push_back(tip("tdp-1"));
  tips[0].first_action_at = tips[0].created_at + 5 * 3600 + 1800;
  auto data = build_report(tips, november(), november().end);
  auto csv = to_csv(data, vietnamese(), false);

  REQUIRE(csv.substr(0, 3) != bom);
  auto lines = lines_of(csv);
  REQUIRE(lines.size() > 4);
  CHECK(lines[0] == "section,key,name,value");
  CHECK(lines[1] == "period,label,Kỳ báo cáo,16/10/2025 \u2013 15/11/2025");
  CHECK(lines[2] == "period,from,from,2025-10-16");  // no name given: the key
  CHECK(lines[3] == "period,to,to,2025-11-15");
  CHECK(lines[4] == "summary,total,Tổng số tin báo,3");
  CHECK(has_line(lines, "category,dealing,Mua bán,3"));
  CHECK(has_line(lines, "area,tdp-1,Tổ dân phố 1,3"));
  CHECK(has_line(lines, "channel,zalo,zalo,3"));
  CHECK(has_line(lines, "priority,high,high,3"));
  CHECK(has_line(lines, "status,new,new,3"));
  CHECK(lines[lines.size() - 5] == "summary,median_hours_to_first_action,median_hours_to_first_action,5.5");
  CHECK(lines[lines.size() - 4] == "summary,overdue_open,overdue_open,0");
  CHECK(lines[lines.size() - 3] == "summary,closed_late,closed_late,0");
  CHECK(lines[lines.size() - 2] == "summary,no_area,no_area,0");
  CHECK(lines[lines.size() - 1] == "summary,corrected,corrected,0");
  // CRLF only: no bare line feed anywhere.
  CHECK(std::count(csv.begin(), csv.end(), '\n') == static_cast<long>(lines.size()));
}

TEST_CASE("the CSV can start with a BOM for Excel", "[report][csv]") {
  auto data = build_report({}, november(), november().end);
  auto csv = to_csv(data, Labels{}, true);
  REQUIRE(csv.size() > 3);
  CHECK(csv.substr(0, 3) == bom);
  CHECK(csv.substr(3, 24) == "section,key,name,value\r\n");
  CHECK(csv.find(bom, 1) == std::string::npos);
  CHECK(to_csv(data, Labels{}).substr(0, 3) == bom);  // on by default: officers open it in Excel
  // No median: the value is left empty rather than made up.
  CHECK(csv.find("summary,median_hours_to_first_action,median_hours_to_first_action,\r\n") != std::string::npos);
}

TEST_CASE("names from the caller are quoted and defused", "[report][csv]") {
  auto labels = Labels{[](std::string_view section, std::string_view key) -> std::string {
    if (section == "area" && key == "tdp-1") return "=cmd|' /C calc'!A0";
    if (section == "category") return "Mua bán, \"vận chuyển\"";
    return {};
  }};
  std::vector<ReportTip> tips;
  for (int i = 0; i < 3; ++i) tips.push_back(tip("tdp-1"));
  auto lines = lines_of(to_csv(build_report(tips, november(), november().end), labels, false));
  CHECK(has_line(lines, "area,tdp-1,'=cmd|' /C calc'!A0,3"));
  CHECK(has_line(lines, "category,dealing,\"Mua bán, \"\"vận chuyển\"\"\",3"));
}

TEST_CASE("suppressed areas carry <3 and no exact number", "[report][csv][privacy]") {
  std::vector<ReportTip> tips = {tip("tdp-2"), tip("tdp-3"), tip("tdp-3")};
  for (int i = 0; i < 4; ++i) tips.push_back(tip("tdp-1"));
  tips.push_back(tip(""));
  auto csv = to_csv(build_report(tips, november(), november().end), vietnamese(), false);
  auto lines = lines_of(csv);
  CHECK(has_line(lines, "area,tdp-1,Tổ dân phố 1,4"));
  CHECK(has_line(lines, "area,tdp-2,Tổ dân phố 2,<3"));
  CHECK(has_line(lines, "area,tdp-3,Tổ dân phố 3,<3"));
  for (const auto& line : lines) {
    if (line.rfind("area,", 0) != 0) continue;
    INFO(line);
    CHECK((line.ends_with(",<3") || line.ends_with(",4")));
  }
  // Without an areas total or the no-area count, 8 - 4 can't be split into 1 + 2 + 1.
  CHECK(csv.find("no_area") == std::string::npos);
  CHECK(has_line(lines, "summary,total,Tổng số tin báo,8"));
}
