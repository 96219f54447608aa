#include "handlers/report/monthly_report.hpp"

#include <map>
#include <span>
#include <utility>
#include <vector>

#include "handlers/tips/workflow_names.hpp"

namespace tipline::handlers {

namespace {

constexpr WorkflowName period_keys[] = {{"label", "Kỳ báo cáo", "Period"},
                                {"from", "Từ ngày", "From"},
                                {"to", "Đến ngày", "To"}};

constexpr WorkflowName summary_keys[] = {
    {"total", "Tổng số tin báo", "Total tips"},
    {"median_hours_to_first_action", "Thời gian trung vị đến khi xử lý lần đầu (giờ)",
     "Median hours to first action"},
    {"overdue_open", "Đang mở, quá hạn", "Open and overdue"},
    {"closed_late", "Đóng sau hạn", "Closed after the deadline"},
    {"no_area", "Không rõ địa bàn", "No area"}};

std::map<std::string, std::string, std::less<>> names_of(std::span<const WorkflowName> table, bool english) {
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& n : table) out.emplace(n.id, english ? n.en : n.vi);
  return out;
}

// The console's words, plus "unknown" for rows the report could not place.
std::map<std::string, std::string, std::less<>> workflow_names(std::span<const WorkflowName> table, bool english) {
  auto out = names_of(table, english);
  out.emplace("unknown", english ? "Unknown" : "Không rõ");
  return out;
}

}  // namespace

report::ReportData monthly_report(storage::WorkflowStore& store, const report::Period& period, std::int64_t now,
                                  const triage::Ward& ward) {
  std::vector<report::ReportTip> tips;
  for (auto& row : store.report_rows(period.start, period.end)) {
    report::ReportTip tip;
    tip.created_at = row.created_at;
    tip.channel = std::move(row.channel);
    tip.categories = std::move(row.categories);
    tip.priority = std::move(row.priority);
    tip.area = std::move(row.area);
    tip.status = std::move(row.status);
    tip.outcome = std::move(row.outcome);
    tip.first_action_at = row.first_action_at;
    tip.deadline = row.deadline;
    tip.closed_at = row.closed_at;
    tips.push_back(std::move(tip));
  }
  std::vector<std::string> areas;
  areas.reserve(ward.areas.size());
  for (const auto& area : ward.areas) areas.push_back(area.id);
  return report::build_report(tips, period, now, 3, areas);
}

report::Labels report_labels(const triage::Ward& ward, bool english) {
  report::Labels::Table table;
  table[std::string(report::section::period)] = names_of(period_keys, english);
  table[std::string(report::section::summary)] = names_of(summary_keys, english);
  table[std::string(report::section::category)] = workflow_names(category_names(), english);
  table[std::string(report::section::channel)] = workflow_names(channel_names(), english);
  table[std::string(report::section::priority)] = workflow_names(priority_names(), english);
  table[std::string(report::section::status)] = workflow_names(status_names(), english);
  table[std::string(report::section::outcome)] = workflow_names(outcome_names(), english);
  auto& areas = table[std::string(report::section::area)];
  for (const auto& area : ward.areas) areas.emplace(area.id, area.name);
  return report::Labels::from_table(std::move(table));
}

std::string monthly_report_csv(storage::WorkflowStore& store, const report::Period& period, std::int64_t now,
                               const triage::Ward& ward, bool english) {
  return report::to_csv(monthly_report(store, period, now, ward), report_labels(ward, english));
}

}  // namespace tipline::handlers
