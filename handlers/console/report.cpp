// The monthly report for the provincial police: counts by label and workflow state
// for a reporting period, with small areas suppressed, as a printable page with
// server-drawn charts and as CSV. Viewers may open it: it holds aggregates only.
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "handlers/console/console.hpp"
#include "handlers/report/svg.hpp"
#include "handlers/report/monthly_report.hpp"

namespace tipline::handlers {

namespace {


// The period a request asks for, with what names it in links, files and the audit log.
struct ChosenPeriod {
  report::Period period;
  std::string query;   // "month=2025-11" or "from=2025-10-01&to=2025-10-31", for the CSV link
  std::string name;    // "2025-11" or "2025-10-01_2025-10-31", for the file name
  std::string detail;  // "2025-11" or "2025-10-01..2025-10-31", for the audit log
};

// What the picker's fields show: the period's own values, or the input that failed.
struct PickerValues {
  std::string month, from, to;
};

struct PeriodProblem {
  std::string message;
  PickerValues typed;
};

std::variant<ChosenPeriod, PeriodProblem> choose_period(const Request& r, const Signed& who,
                                                        const config::Config& config, std::int64_t now) {
  auto parsed = parse_form_fields(r.query);
  if (!parsed.ok())
    return PeriodProblem{std::string(who.tr("Địa chỉ trang không hợp lệ.", "The page address is malformed.")), {}};
  auto& q = parsed.fields;
  const std::string month = q["month"], from = q["from"], to = q["to"];
  const PickerValues typed{month.substr(0, 32), from.substr(0, 32), to.substr(0, 32)};
  const int start_day = config.admin.report_start_day;
  const int offset = config.form.utc_offset_minutes;

  if (!month.empty() && (!from.empty() || !to.empty()))
    return PeriodProblem{std::string(who.tr("Chọn một tháng hoặc một khoảng ngày, không chọn cả hai.",
                                            "Choose a month or a range of days, not both.")),
                         typed};
  if (!month.empty()) {
    auto period = report::period_for_month(month, start_day, offset);
    if (!period)
      return PeriodProblem{std::string(who.tr("Tháng không hợp lệ. Viết theo dạng NĂM-THÁNG, ví dụ 2025-11.",
                                              "The month is not valid. Write it as YEAR-MONTH, e.g. 2025-11.")),
                           typed};
    const auto m = report::month_of(*period);
    return ChosenPeriod{*period, "month=" + m, m, m};
  }
  if (!from.empty() || !to.empty()) {
    // Short, overlapping ranges would let one tip be told apart by differencing; a
    // viewer, who may not open tips, gets the monthly periods only.
    if (who.officer.role == "viewer")
      return PeriodProblem{std::string(who.tr("Tài khoản xem báo cáo chỉ chọn được theo tháng.",
                                              "Report-only accounts can choose whole months only.")),
                           typed};
    if (from.empty() || to.empty())
      return PeriodProblem{std::string(who.tr("Cần cả ngày bắt đầu và ngày kết thúc.",
                                              "Both the first and the last day are needed.")),
                           typed};
    auto period = report::custom_period(from, to, offset);
    if (!period)
      return PeriodProblem{
          std::string(who.tr("Khoảng ngày không hợp lệ. Viết ngày theo dạng NĂM-THÁNG-NGÀY (ví dụ 2025-10-16); "
                             "ngày kết thúc không được trước ngày bắt đầu.",
                             "The range of days is not valid. Write days as YEAR-MONTH-DAY (e.g. 2025-10-16); "
                             "the last day may not come before the first.")),
          typed};
    const auto first = report::first_day(*period), last = report::last_day(*period);
    return ChosenPeriod{*period, "from=" + first + "&to=" + last, first + "_" + last, first + ".." + last};
  }
  auto period = report::current_period(now, start_day, offset);
  const auto m = report::month_of(period);
  return ChosenPeriod{period, "month=" + m, m, m};
}

Html period_picker(const Signed& who, const PickerValues& values) {
  return render(R"(<div class="filters period-picker">
<form method="get" action="/admin/report">
<label>{{l_month}} <input type="month" name="month" value="{{month}}" placeholder="2025-11" pattern="[0-9]{4}-[0-9]{2}"></label>
<button type="submit">{{show}}</button></form>
<form method="get" action="/admin/report">
<label>{{l_from}} <input type="date" name="from" value="{{from}}" placeholder="2025-10-16"></label>
<label>{{l_to}} <input type="date" name="to" value="{{to}}" placeholder="2025-11-15"></label>
<button type="submit">{{show}}</button></form>
</div>)",
                {{"l_month", std::string(who.tr("Tháng báo cáo", "Report month"))},
                 {"month", values.month},
                 {"show", std::string(who.tr("Xem", "Show"))},
                 {"l_from", std::string(who.tr("Từ ngày", "From"))},
                 {"from", values.from},
                 {"l_to", std::string(who.tr("Đến ngày", "To"))},
                 {"to", values.to}});
}

Response period_problem(const Console& console, const Signed& who, const PeriodProblem& problem) {
  return console.page(who, who.tr("Báo cáo tháng", "Monthly report"),
                      render(R"(<h1>{{title}}</h1><p class="errors" role="alert">{{m}}</p>{{picker}})",
                             {{"title", std::string(who.tr("Báo cáo tháng", "Monthly report"))},
                              {"m", problem.message},
                              {"picker", period_picker(who, problem.typed)}}),
                      400);
}

Html section_html(const Signed& who, const report::Labels& labels, std::string_view section, std::string_view title,
                  const std::vector<report::Count>& rows) {
  if (rows.empty())
    return render(R"(<section class="report-section"><h2>{{title}}</h2><p>{{none}}</p></section>
)",
                  {{"title", std::string(title)},
                   {"none", std::string(who.tr("Không có tin nào trong kỳ.", "No tips in the period."))}});
  Html body;
  for (const auto& row : rows)
    body += render(row.suppressed ? R"(<tr class="suppressed"><td>{{name}}</td><td class="num">{{shown}}</td></tr>)"
                                  : R"(<tr><td>{{name}}</td><td class="num">{{shown}}</td></tr>)",
                   {{"name", labels.display(section, row.key)}, {"shown", row.shown}});
  // Drawn by our own code from escaped names: no script, no style attribute.
  const auto chart = report::bar_chart_svg(rows, title, [&](std::string_view key) { return labels.display(section, key); });
  return render(R"(<section class="report-section"><h2>{{title}}</h2>
<div class="report-grid"><table class="report-table"><thead><tr><th>{{h_name}}</th><th class="num">{{h_count}}</th></tr></thead>
<tbody>{{body}}</tbody></table>
<figure class="chart">{{chart}}</figure></div></section>
)",
                {{"title", std::string(title)},
                 {"h_name", std::string(who.tr("Mục", "Item"))},
                 {"h_count", std::string(who.tr("Số tin", "Tips"))},
                 {"body", body},
                 {"chart", Html::trusted(chart)}});
}

}  // namespace

Response Console::report_page(const Request& r) {
  auto signed_in = require(r, Need::viewer);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  const auto now = unix_seconds(r);
  auto chosen_or_problem = choose_period(r, who, config_, now);
  if (auto* problem = std::get_if<PeriodProblem>(&chosen_or_problem)) return period_problem(*this, who, *problem);
  const auto& chosen = std::get<ChosenPeriod>(chosen_or_problem);

  const bool en = who.lang == "en";
  const auto data = monthly_report(store_, chosen.period, now, ward_);
  const auto labels = report_labels(ward_, en);
  auto summary = [&](std::string_view key) { return labels.display(report::section::summary, key); };

  Html sections;
  sections += section_html(who, labels, report::section::category, who.tr("Theo loại tin", "By category"), data.by_category);
  sections += section_html(who, labels, report::section::area, who.tr("Theo địa bàn", "By area"), data.by_area);
  sections += section_html(who, labels, report::section::channel, who.tr("Theo kênh", "By channel"), data.by_channel);
  sections += section_html(who, labels, report::section::priority, who.tr("Theo mức độ", "By priority"), data.by_priority);
  sections += section_html(who, labels, report::section::status, who.tr("Theo trạng thái", "By status"), data.by_status);
  sections += section_html(who, labels, report::section::outcome, who.tr("Theo kết quả xử lý", "By outcome"),
                           data.by_outcome);

  const auto& median = data.median_seconds_to_first_action;
  const std::string median_text =
      median ? report::format_hours(*median) : std::string(who.tr("chưa có tin nào được xử lý", "no tip acted on yet"));
  const std::string no_area_text =
      data.no_area ? std::to_string(*data.no_area)
                   : std::string(who.tr("không công bố (có địa bàn dưới 3 tin)", "withheld (an area has fewer than 3)"));

  Html content = render(R"(<h1>{{title}}</h1>
{{picker}}
<h2 class="period-label">{{l_period}}: {{period}}</h2>
<p class="noprint report-actions"><a href="/admin/report.csv?{{query}}">{{csv}}</a> · {{print}}</p>
<table class="report-summary"><tbody>
<tr><th>{{l_total}}</th><td class="num">{{total}}</td></tr>
<tr><th>{{l_median}}</th><td class="num">{{median}}</td></tr>
<tr><th>{{l_overdue}}</th><td class="num">{{overdue}}</td></tr>
<tr><th>{{l_late}}</th><td class="num">{{late}}</td></tr>
<tr><th>{{l_no_area}}</th><td class="num">{{no_area}}</td></tr>
</tbody></table>
<p class="meta">{{note}}</p>
{{sections}}<p class="meta">{{made}}</p>)",
                        {{"title", std::string(who.tr("Báo cáo tháng", "Monthly report"))},
                         {"picker", period_picker(who, {report::month_of(chosen.period), report::first_day(chosen.period),
                                                        report::last_day(chosen.period)})},
                         {"l_period", labels.display(report::section::period, "label")},
                         {"period", chosen.period.label},
                         {"query", chosen.query},
                         {"csv", std::string(who.tr("Tải CSV", "Download CSV"))},
                         {"print", std::string(who.tr("In: dùng lệnh In của trình duyệt (Ctrl+P); menu và biểu mẫu "
                                                      "không được in.",
                                                      "Print: use the browser's Print command (Ctrl+P); the menu and "
                                                      "forms are left out of the printout."))},
                         {"l_total", summary("total")},
                         {"total", std::to_string(data.total)},
                         {"l_median", summary("median_hours_to_first_action")},
                         {"median", median_text},
                         {"l_overdue", summary("overdue_open")},
                         {"overdue", std::to_string(data.overdue_open)},
                         {"l_late", summary("closed_late")},
                         {"late", std::to_string(data.closed_late)},
                         {"l_no_area", summary("no_area")},
                         {"no_area", no_area_text},
                         {"note", std::string(who.tr(
                                      "Địa bàn có dưới 3 tin (kể cả không có tin nào) được ghi “<3” để không lộ người "
                                      "báo tin. Một tin có thể thuộc nhiều loại, nên tổng theo loại có thể lớn hơn "
                                      "tổng số tin.",
                                      "Areas with fewer than 3 tips (none included) show “<3” so that no reporter can "
                                      "be singled out. A tip can have several categories, so the categories can add "
                                      "up to more than the total."))},
                         {"sections", sections},
                         {"made", std::string(who.tr("Lập lúc ", "Produced at ")) + local_time(now) + " · " +
                                      who.officer.display_name}});

  store_.audit(audit_event(who, "view_report", std::nullopt, chosen.detail, now));
  return page(who, who.tr("Báo cáo tháng", "Monthly report"), content);
}

Response Console::report_csv(const Request& r) {
  auto signed_in = require(r, Need::viewer);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  const auto now = unix_seconds(r);
  auto chosen_or_problem = choose_period(r, who, config_, now);
  if (auto* problem = std::get_if<PeriodProblem>(&chosen_or_problem)) return period_problem(*this, who, *problem);
  const auto& chosen = std::get<ChosenPeriod>(chosen_or_problem);

  Response response;
  response.content_type = "text/csv; charset=utf-8";
  // The name holds digits, '-' and '_' only (a validated period), so it needs no quoting rules.
  response.with_header("Content-Disposition", "attachment; filename=\"tipline-report-" + chosen.name + ".csv\"");
  response.body = monthly_report_csv(store_, chosen.period, now, ward_, who.lang == "en");
  // Written before the file leaves: an export that cannot be audited is not served.
  store_.audit(audit_event(who, "export", std::nullopt, chosen.detail, now));
  return response;
}

}  // namespace tipline::handlers
