#include "handlers/report_export.hpp"

#include <map>
#include <utility>
#include <vector>

namespace tipline::handlers {

namespace {

struct Name {
  const char* key;
  const char* vi;
  const char* en;
};

// The same names the console shows (console_queue.cpp: status_name, priority_name,
// category_name, outcome_name). Those take a signed-in officer to choose the
// language, which the command line does not have, so the words are repeated here:
// a change to one table belongs in the other too.
constexpr Name categories[] = {{"dealing", "Mua bán", "Dealing"},
                               {"use_den", "Tụ điểm sử dụng", "Place of use"},
                               {"use", "Sử dụng", "Use"},
                               {"post_rehab", "Sau cai nghiện", "After rehab"},
                               {"trafficking", "Vận chuyển", "Trafficking"},
                               {"cultivation", "Trồng cây", "Cultivation"},
                               {"youth", "Học sinh, thanh thiếu niên", "Youth"},
                               {"disguised", "Trá hình (vape, nước uống)", "Disguised"},
                               {"online", "Trên mạng", "Online"},
                               {"wanted", "Đối tượng truy nã", "Wanted"},
                               {"other", "Khác", "Other"},
                               {"spam", "Tin rác", "Spam"}};

constexpr Name statuses[] = {{"new", "Mới", "New"},
                             {"verifying", "Đang xác minh", "Verifying"},
                             {"actioned", "Đã xử lý", "Actioned"},
                             {"transferred", "Đã chuyển", "Transferred"},
                             {"unfounded", "Không có cơ sở", "Unfounded"},
                             {"spam", "Tin rác", "Spam"},
                             {"closed", "Đã đóng", "Closed"},
                             {"unknown", "Không rõ", "Unknown"}};

constexpr Name priorities[] = {{"urgent", "Khẩn", "Urgent"},
                               {"high", "Cao", "High"},
                               {"normal", "Thường", "Normal"},
                               {"low", "Thấp", "Low"},
                               {"unknown", "Không rõ", "Unknown"}};

constexpr Name outcomes[] = {{"arrested", "Đã bắt giữ, xử lý hình sự", "Arrest, criminal case"},
                             {"administrative", "Xử phạt hành chính", "Administrative penalty"},
                             {"rehab", "Đưa đi cai nghiện", "Sent to rehabilitation"},
                             {"transferred", "Chuyển cơ quan khác", "Transferred to another agency"},
                             {"monitoring", "Đưa vào diện theo dõi", "Placed under watch"},
                             {"no_evidence", "Không đủ căn cứ", "No evidence"},
                             {"duplicate", "Trùng tin khác", "Duplicate"},
                             {"spam", "Tin rác", "Spam"},
                             {"other", "Khác", "Other"}};

constexpr Name channels[] = {{"web", "Biểu mẫu web", "Web form"},
                             {"zalo", "Zalo", "Zalo"},
                             {"messenger", "Messenger (Facebook)", "Messenger (Facebook)"},
                             {"unknown", "Không rõ", "Unknown"}};

constexpr Name period_keys[] = {{"label", "Kỳ báo cáo", "Period"},
                                {"from", "Từ ngày", "From"},
                                {"to", "Đến ngày", "To"}};

constexpr Name summary_keys[] = {
    {"total", "Tổng số tin báo", "Total tips"},
    {"median_hours_to_first_action", "Thời gian trung vị đến khi xử lý lần đầu (giờ)",
     "Median hours to first action"},
    {"overdue_open", "Đang mở, quá hạn", "Open and overdue"},
    {"closed_late", "Đóng sau hạn", "Closed after the deadline"},
    {"no_area", "Không rõ địa bàn", "No area"}};

template <std::size_t N>
std::map<std::string, std::string, std::less<>> names_of(const Name (&table)[N], bool english) {
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& n : table) out.emplace(n.key, english ? n.en : n.vi);
  return out;
}

}  // namespace

report::ReportData monthly_report(storage::Store& store, const report::Period& period, std::int64_t now,
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
  table[std::string(report::section::category)] = names_of(categories, english);
  table[std::string(report::section::channel)] = names_of(channels, english);
  table[std::string(report::section::priority)] = names_of(priorities, english);
  table[std::string(report::section::status)] = names_of(statuses, english);
  table[std::string(report::section::outcome)] = names_of(outcomes, english);
  auto& areas = table[std::string(report::section::area)];
  for (const auto& area : ward.areas) areas.emplace(area.id, area.name);
  return report::Labels::from_table(std::move(table));
}

std::string monthly_report_csv(storage::Store& store, const report::Period& period, std::int64_t now,
                               const triage::Ward& ward, bool english) {
  return report::to_csv(monthly_report(store, period, now, ward), report_labels(ward, english));
}

}  // namespace tipline::handlers
