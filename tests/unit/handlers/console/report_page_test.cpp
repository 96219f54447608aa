// The monthly report's page and CSV in process: who may choose which periods, and
// every look and export in the audit log.
#include <catch2/catch.hpp>

#include "support/console_in_process.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;

TEST_CASE("console report: a report-only account chooses whole months, never a handful of days",
          "[console][report]") {
  ConsoleInProcess site;
  site.officer("xem", domain::Role::viewer);
  site.officer("lead", domain::Role::leader);
  auto viewer = site.signed_in("xem");
  CHECK(outcome(viewer.get("/admin")) == "303 /admin/report");
  CHECK(viewer.get("/admin/report?month=2025-11").status == 200);
  CHECK(viewer.get("/admin/report?from=2025-11-03&to=2025-11-03").status == 400);
  CHECK(viewer.get("/admin/report.csv?from=2025-11-03&to=2025-11-03").status == 400);
  CHECK(site.audit.events("export").empty());
  auto leader = site.signed_in("lead");
  CHECK(leader.get("/admin/report?from=2025-11-03&to=2025-11-09").status == 200);
  CHECK(leader.get("/admin/report?month=2025-13").status == 400);
  CHECK(leader.get("/admin/report?month=2025-11&from=2025-11-03&to=2025-11-09").status == 400);
  const auto views = site.audit.events("view_report");
  REQUIRE(views.size() == 2);
  CHECK(views[0].detail == "2025-11");
  CHECK(views[1].detail == "2025-11-03..2025-11-09");
}

TEST_CASE("console report: the report counts the period's tips by their effective labels", "[console][report]") {
  ConsoleInProcess site;
  site.officer("lead", domain::Role::leader);
  site.officers.set_language(1, domain::Language::en);
  for (int i = 0; i < 4; ++i) site.tip("tin " + std::to_string(i), [](auto& t) { t.channel = domain::Channel::zalo; });
  site.tip("cũ", [&](auto& t) { t.received_at = site.now - 400 * 86400; });
  auto page = site.signed_in("lead").get("/admin/report");
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("<th>Total tips</th><td class=\"num\">4</td>"));
}

TEST_CASE("console report: the report's CSV export is the CSV, and it is audited", "[console][report]") {
  ConsoleInProcess site;
  site.officer("lead", domain::Role::leader);
  auto leader = site.signed_in("lead");
  auto csv = leader.get("/admin/report.csv?month=2025-11");
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.header("content-type"), Catch::StartsWith("text/csv"));
  CHECK_THAT(csv.header("content-disposition"), Catch::Contains("tipline-report-2025-11.csv"));
  CHECK_THAT(csv.body, Catch::StartsWith("\xEF\xBB\xBFsection,key,name,value\r\n"));
  auto exports = site.audit.events("export");
  REQUIRE(exports.size() == 1);
  CHECK_THAT(exports[0].detail, Catch::Contains("2025-11"));
}
