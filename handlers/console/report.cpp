// The monthly report for the provincial police: counts by label and workflow state
// for a reporting period, with small areas suppressed, as a printable page with
// server-drawn charts and as CSV. Viewers may open it: it holds aggregates only.
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "handlers/console/console.hpp"
#include "handlers/console/views.hpp"
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

struct PeriodProblem {
  std::string message;
  PeriodPickerView typed;  // the input that failed, shown again
};

std::variant<ChosenPeriod, PeriodProblem> choose_period(const Request& r, const Signed& who,
                                                        const config::Config& config, std::int64_t now) {
  auto parsed = parse_form_fields(r.query);
  if (!parsed.ok())
    return PeriodProblem{who.text("common.bad_address"), {}};
  auto& q = parsed.fields;
  const std::string month = q["month"], from = q["from"], to = q["to"];
  const PeriodPickerView typed{month.substr(0, 32), from.substr(0, 32), to.substr(0, 32)};
  const int start_day = config.admin.report_start_day;
  const int offset = config.form.utc_offset_minutes;

  if (!month.empty() && (!from.empty() || !to.empty()))
    return PeriodProblem{who.text("report.both"), typed};
  if (!month.empty()) {
    auto period = report::period_for_month(month, start_day, offset);
    if (!period)
      return PeriodProblem{who.text("report.bad_month"), typed};
    const auto m = report::month_of(*period);
    return ChosenPeriod{*period, "month=" + m, m, m};
  }
  if (!from.empty() || !to.empty()) {
    // Short, overlapping ranges would let one tip be told apart by differencing; a
    // viewer, who may not open tips, gets the monthly periods only.
    if (who.officer.role == domain::Role::viewer)
      return PeriodProblem{who.text("report.months_only"), typed};
    if (from.empty() || to.empty())
      return PeriodProblem{who.text("report.both_days"), typed};
    auto period = report::custom_period(from, to, offset);
    if (!period)
      return PeriodProblem{who.text("report.bad_range"), typed};
    const auto first = report::first_day(*period), last = report::last_day(*period);
    return ChosenPeriod{*period, "from=" + first + "&to=" + last, first + "_" + last, first + ".." + last};
  }
  auto period = report::current_period(now, start_day, offset);
  const auto m = report::month_of(period);
  return ChosenPeriod{period, "month=" + m, m, m};
}

Response period_problem(const Console& console, const Signed& who, const PeriodProblem& problem) {
  ReportView view;
  view.problem = problem.message;
  view.picker = problem.typed;
  return console.page(who, who.text("report.title"), render(view, who.lang), 400);
}

// One section of the report: its counts, and a chart of them drawn by our own code
// from escaped names (no script, no style attribute).
ReportView::Section section(const report::Labels& labels, std::string_view key, const std::string& title,
                            const std::vector<report::Count>& rows) {
  ReportView::Section out{title, {}, Html()};
  if (rows.empty()) return out;
  for (const auto& row : rows) out.counts.push_back({labels.display(key, row.key), row.shown, row.suppressed});
  out.chart = Html::trusted(report::bar_chart_svg(rows, title, [&](std::string_view k) { return labels.display(key, k); }));
  return out;
}

// How often the machine's categories matched the officers': a table, no chart.
ReportView::Section agreement_section(const report::Labels& labels, const std::string& title,
                                      const std::vector<report::ReportData::Agreement>& rows) {
  ReportView::Section out{title, {}, Html()};
  for (const auto& row : rows)
    out.counts.push_back({labels.display(report::section::agreement, row.key), row.shown, false});
  return out;
}

}  // namespace

Response Console::report_page(const Request& r, const Signed& who) {
  const auto now = unix_seconds(r);
  auto chosen_or_problem = choose_period(r, who, config_, now);
  if (auto* problem = std::get_if<PeriodProblem>(&chosen_or_problem)) return period_problem(*this, who, *problem);
  const auto& chosen = std::get<ChosenPeriod>(chosen_or_problem);

  const auto data = monthly_report(workflow_, chosen.period, now, ward_);
  const auto labels = report_labels(ward_, who.lang);
  auto summary = [&](std::string_view key) { return labels.display(report::section::summary, key); };

  ReportView view;
  view.picker = {report::month_of(chosen.period), report::first_day(chosen.period), report::last_day(chosen.period)};
  view.period_label = labels.display(report::section::period, "label");
  view.period = chosen.period.label;
  view.csv_query = chosen.query;
  const auto& median = data.median_seconds_to_first_action;
  view.summary = {
      {summary("total"), std::to_string(data.total)},
      {summary("median_hours_to_first_action"),
       median ? report::format_hours(*median) : who.text("report.no_action_yet")},
      {summary("overdue_open"), std::to_string(data.overdue_open)},
      {summary("closed_late"), std::to_string(data.closed_late)},
      {summary("no_area"), data.no_area ? std::to_string(*data.no_area) : who.text("report.area_withheld")},
      {summary("corrected"), std::to_string(data.corrected)},
  };
  view.sections = {
      section(labels, report::section::category, who.text("report.by_category"), data.by_category),
      section(labels, report::section::area, who.text("report.by_area"), data.by_area),
      section(labels, report::section::channel, who.text("report.by_channel"), data.by_channel),
      section(labels, report::section::priority, who.text("report.by_priority"), data.by_priority),
      section(labels, report::section::status, who.text("report.by_status"), data.by_status),
      section(labels, report::section::outcome, who.text("report.by_outcome"), data.by_outcome),
      agreement_section(labels, who.text("report.triage_agreement"), data.agreement),
  };
  view.made_at = local_time(now);
  view.made_by = who.officer.display_name;

  audit_log_.audit(audit_event(who, "view_report", std::nullopt, chosen.detail, now));
  return page(who, who.text("report.title"), render(view, who.lang));
}

Response Console::report_csv(const Request& r, const Signed& who) {
  const auto now = unix_seconds(r);
  auto chosen_or_problem = choose_period(r, who, config_, now);
  if (auto* problem = std::get_if<PeriodProblem>(&chosen_or_problem)) return period_problem(*this, who, *problem);
  const auto& chosen = std::get<ChosenPeriod>(chosen_or_problem);

  Response response;
  response.content_type = "text/csv; charset=utf-8";
  // The name holds digits, '-' and '_' only (a validated period), so it needs no quoting rules.
  response.with_header("Content-Disposition", "attachment; filename=\"tipline-report-" + chosen.name + ".csv\"");
  response.body = monthly_report_csv(workflow_, chosen.period, now, ward_, who.lang);
  // Written before the file leaves: an export that cannot be audited is not served.
  audit_log_.audit(audit_event(who, "export", std::nullopt, chosen.detail, now));
  return response;
}

}  // namespace tipline::handlers
