#include "handlers/tips/workflow_names.hpp"

namespace tipline::handlers {

namespace {

constexpr WorkflowName categories[] = {{"dealing", "Mua bán", "Dealing"},
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

constexpr WorkflowName statuses[] = {{"new", "Mới", "New"},
                                     {"verifying", "Đang xác minh", "Verifying"},
                                     {"actioned", "Đã xử lý", "Actioned"},
                                     {"transferred", "Đã chuyển", "Transferred"},
                                     {"unfounded", "Không có cơ sở", "Unfounded"},
                                     {"spam", "Tin rác", "Spam"},
                                     {"closed", "Đã đóng", "Closed"}};

constexpr WorkflowName priorities[] = {
    {"urgent", "Khẩn", "Urgent"}, {"high", "Cao", "High"}, {"normal", "Thường", "Normal"}, {"low", "Thấp", "Low"}};

constexpr WorkflowName outcomes[] = {{"arrested", "Đã bắt giữ, xử lý hình sự", "Arrest, criminal case"},
                                     {"administrative", "Xử phạt hành chính", "Administrative penalty"},
                                     {"rehab", "Đưa đi cai nghiện", "Sent to rehabilitation"},
                                     {"transferred", "Chuyển cơ quan khác", "Transferred to another agency"},
                                     {"monitoring", "Đưa vào diện theo dõi", "Placed under watch"},
                                     {"no_evidence", "Không đủ căn cứ", "No evidence"},
                                     {"duplicate", "Trùng tin khác", "Duplicate"},
                                     {"spam", "Tin rác", "Spam"},
                                     {"other", "Khác", "Other"}};

constexpr WorkflowName channels[] = {{"web", "Biểu mẫu web", "Web form"},
                                     {"zalo", "Zalo", "Zalo"},
                                     {"messenger", "Messenger (Facebook)", "Messenger (Facebook)"}};

}  // namespace

std::span<const WorkflowName> category_names() { return categories; }
std::span<const WorkflowName> status_names() { return statuses; }
std::span<const WorkflowName> priority_names() { return priorities; }
std::span<const WorkflowName> outcome_names() { return outcomes; }
std::span<const WorkflowName> channel_names() { return channels; }

std::string name_of(std::span<const WorkflowName> table, std::string_view id, bool english) {
  for (const auto& n : table)
    if (id == n.id) return english ? n.en : n.vi;
  return std::string(id);
}

std::vector<std::string> ids_of(std::span<const WorkflowName> table) {
  std::vector<std::string> ids;
  for (const auto& n : table) ids.emplace_back(n.id);
  return ids;
}

bool known_id(std::span<const WorkflowName> table, std::string_view id) {
  for (const auto& n : table)
    if (id == n.id) return true;
  return false;
}

}  // namespace tipline::handlers
