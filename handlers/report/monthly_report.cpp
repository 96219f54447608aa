#include "handlers/report/monthly_report.hpp"

#include <map>
#include <span>
#include <utility>
#include <vector>

#include "common/domain.hpp"

namespace tipline::handlers {

namespace {

struct Name {
  const char* key;
  const char* vi;
  const char* en;
};

constexpr Name period_keys[] = {{"label", "Kỳ báo cáo", "Period"},
                                {"from", "Từ ngày", "From"},
                                {"to", "Đến ngày", "To"}};

constexpr Name summary_keys[] = {
    {"total", "Tổng số tin báo", "Total tips"},
    {"median_hours_to_first_action", "Thời gian trung vị đến khi xử lý lần đầu (giờ)",
     "Median hours to first action"},
    {"overdue_open", "Đang mở, quá hạn", "Open and overdue"},
    {"closed_late", "Đóng sau hạn", "Closed after the deadline"},
    {"no_area", "Không rõ địa bàn", "No area"},
    {"corrected", "Tin báo cán bộ đã sửa phân loại", "Tips whose labels officers corrected"}};

using Names = std::map<std::string, std::string, std::less<>>;

Names names_of(std::span<const Name> table, domain::Language language) {
  Names out;
  for (const auto& n : table) out.emplace(n.key, language == domain::Language::en ? n.en : n.vi);
  return out;
}

// The console's words for a vocabulary, keyed by stored name as the report's rows are.
template <domain::vocabulary_enum E>
Names vocabulary_names(domain::Language language) {
  Names out;
  for (const auto value : domain::all<E>()) out.emplace(domain::stored_name(value), domain::label(value, language));
  return out;
}

}  // namespace

report::ReportData monthly_report(storage::WorkflowStore& store, const report::Period& period, std::int64_t now,
                                  const triage::Ward& ward) {
  std::vector<report::ReportTip> tips;
  for (auto& row : store.report_rows(period.start, period.end)) {
    report::ReportTip tip;
    tip.created_at = row.created_at;
    tip.channel = row.channel;
    tip.categories = std::move(row.categories);
    tip.priority = row.priority;
    tip.area = std::move(row.area);
    tip.status = row.status;
    tip.outcome = row.outcome;
    tip.first_action_at = row.first_action_at;
    tip.deadline = row.deadline;
    tip.closed_at = row.closed_at;
    tip.machine_categories = std::move(row.machine_categories);
    tip.corrected = row.corrected;
    tips.push_back(std::move(tip));
  }
  std::vector<std::string> areas;
  areas.reserve(ward.areas.size());
  for (const auto& area : ward.areas) areas.push_back(area.id);
  return report::build_report(tips, period, now, 3, areas);
}

report::Labels report_labels(const triage::Ward& ward, domain::Language language) {
  report::Labels::Table table;
  table[std::string(report::section::period)] = names_of(period_keys, language);
  table[std::string(report::section::summary)] = names_of(summary_keys, language);
  table[std::string(report::section::category)] = vocabulary_names<domain::Category>(language);
  table[std::string(report::section::agreement)] = vocabulary_names<domain::Category>(language);
  table[std::string(report::section::channel)] = vocabulary_names<domain::Channel>(language);
  table[std::string(report::section::priority)] = vocabulary_names<domain::Priority>(language);
  table[std::string(report::section::status)] = vocabulary_names<domain::Status>(language);
  table[std::string(report::section::outcome)] = vocabulary_names<domain::Outcome>(language);
  auto& areas = table[std::string(report::section::area)];
  for (const auto& area : ward.areas) areas.emplace(area.id, area.name);
  return report::Labels::from_table(std::move(table));
}

std::string monthly_report_csv(storage::WorkflowStore& store, const report::Period& period, std::int64_t now,
                               const triage::Ward& ward, domain::Language language) {
  return report::to_csv(monthly_report(store, period, now, ward), report_labels(ward, language));
}

}  // namespace tipline::handlers
