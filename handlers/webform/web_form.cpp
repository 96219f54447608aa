#include "handlers/webform/web_form.hpp"

#include <chrono>
#include <ctime>

#include "common/log.hpp"
#include "common/utf8.hpp"
#include "handlers/http/form_fields.hpp"
#include "handlers/http/pages.hpp"
#include "handlers/tips/ward_clock.hpp"

namespace tipline::handlers {
namespace {


Html error_box(const std::string& message) {
  if (message.empty()) return {};
  return render_template("errors.html", {{"message", message}});
}

const char* token_problem(TokenCheck check) {
  switch (check) {
    case TokenCheck::ok: return "";
    case TokenCheck::expired: return "expired";
    case TokenCheck::replayed: return "replayed";
    case TokenCheck::malformed:
    case TokenCheck::bad_signature: return "invalid";
  }
  return "invalid";
}

constexpr const char* too_many_message =
    "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút. Nếu khẩn cấp, hãy gọi 113.";

}  // namespace

std::variant<WebTip, std::string> validate_tip_form(const SubmittedForm& form, const std::vector<AreaOption>& areas,
                                                    std::size_t max_text_chars, std::int64_t now) {
  WebTip tip;
  tip.what = trimmed(form.field("what"));
  tip.where = trimmed(form.field("where"));
  tip.when = trimmed(form.field("when"));
  tip.now = now;
  tip.photo = form.photo;
  if (tip.what.empty()) return std::string("Vui lòng viết điều bạn thấy vào ô \"Bạn thấy gì?\".");
  for (const auto* text : {&tip.what, &tip.where, &tip.when})
    if (utf8::length(*text) > max_text_chars)
      return "Mỗi ô chỉ được tối đa " + std::to_string(max_text_chars) + " ký tự.";
  if (auto area = form.field("area"); !area.empty()) {
    bool known = false;
    for (const auto& option : areas) known = known || option.id == area;
    if (!known) return std::string("Khu vực đã chọn không có trong danh sách.");
    tip.area_id = area;
  }
  return tip;
}

std::string status_text(domain::Status status) {
  switch (status) {
    case domain::Status::new_:
      return "Đã tiếp nhận, đang chờ xử lý";
    case domain::Status::verifying:
      return "Đang xác minh";
    case domain::Status::actioned:
      return "Đã xử lý";
    case domain::Status::transferred:
      return "Đã chuyển cơ quan có thẩm quyền";
    case domain::Status::unfounded:
    case domain::Status::spam:
    case domain::Status::closed:
      break;
  }
  // Unfounded or spam are officers' judgements; the reporter sees the tip as closed.
  return "Đã kết thúc";
}

WebForm::WebForm(Intake& intake, storage::TipStore& store, const config::FormConfig& config, std::string form_token_key,
                 std::vector<AreaOption> areas, Metrics& metrics)
    : intake_(intake),
      store_(store),
      config_(config),
      tokens_(std::move(form_token_key), config.token_lifetime),
      submissions_(config.submissions_per_source_per_hour, std::chrono::hours(1)),
      lookups_(config.status_lookups_per_source_per_hour, std::chrono::hours(1)),
      failed_lookups_(config.failed_lookups_per_minute, std::chrono::minutes(1)),
      areas_(std::move(areas)),
      metrics_(metrics) {}

Response WebForm::form_page(int status, const TipFormInput& input, const std::string& error, std::int64_t now) {
  Html options;
  for (const auto& area : areas_) {
    std::string selected = area.id == input.area ? " selected" : "";
    options += Html::trusted("<option value=\"" + escape_html(area.id) + "\"" + selected + ">" +
                             escape_html(area.name) + "</option>\n");
  }
  auto content = render_template("form.html", {{"errors", error_box(error)},
                                               {"form_token", tokens_.issue(now)},
                                               {"what", input.what},
                                               {"where", input.where},
                                               {"when", input.when},
                                               {"area_options", options},
                                               {"max_chars", std::to_string(config_.max_text_chars)},
                                               {"max_photo_mb", std::to_string(config_.max_photo_bytes >> 20)}});
  return page(status, "Gửi tin báo", content);
}

Response WebForm::show_form(const Request& request) { return form_page(200, {}, "", unix_seconds(request)); }

std::optional<Response> WebForm::refuse_token(const SubmittedForm& form, std::int64_t now) {
  auto check = tokens_.redeem(form.field("form_token"), now);
  if (check == TokenCheck::ok) return std::nullopt;
  metrics_.count_rejected(std::string("form_token_") + token_problem(check));
  log::info("form_token_refused", {{"reason", token_problem(check)}});
  return error_page(400, check == TokenCheck::replayed
                             ? "Biểu mẫu này đã được gửi rồi. Nếu muốn gửi thêm, hãy mở lại trang gửi tin báo."
                             : "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng mở lại trang và gửi lại.");
}

Response WebForm::submit_tip(const Request& request) {
  auto now = unix_seconds(request);
  auto read = read_submitted_form(request, config_.max_photo_bytes);
  if (!read.form) return error_page(read.status, read.message);
  const SubmittedForm& form = *read.form;
  TipFormInput input{form.field("what"), form.field("where"), form.field("when"), form.field("area")};
  if (!form.field("website").empty()) {
    // Only a program fills the hidden field. Answer as for any bad form, store nothing.
    metrics_.count_rejected("honeypot");
    return error_page(400, "Không gửi được biểu mẫu. Vui lòng mở lại trang và gửi lại.");
  }
  if (auto refused = refuse_token(form, now)) return *refused;
  if (!submissions_.allow(request.source_key, now)) {
    metrics_.count_rejected("rate_limit");
    return form_page(429, input, too_many_message, now);
  }
  auto checked = validate_tip_form(form, areas_, config_.max_text_chars, now);
  if (auto* message = std::get_if<std::string>(&checked)) return form_page(400, input, *message, now);
  auto receipt = intake_.submit_web_tip(std::get<WebTip>(checked));
  metrics_.count_tip(domain::Channel::web);
  auto content = render_template("submitted.html",
                                 {{"reference", receipt.reference}, {"receipt_code", receipt.code.display()}});
  auto response = page(200, "Đã nhận tin báo", content);
  response.tip_reference = receipt.reference;
  return response;
}

Response WebForm::lookup_page(int status, const std::string& error) {
  return page(status, "Xem trạng thái", render_template("status_lookup.html", {{"errors", error_box(error)}}));
}

Response WebForm::show_status_lookup(const Request&) { return lookup_page(200, ""); }

std::variant<std::int64_t, Response> WebForm::find_tip(const Request& request, const std::string& typed_code,
                                                       std::string& digits, std::int64_t now) {
  if (!lookups_.allow(request.source_key, now) || !failed_lookups_.would_allow("", now)) {
    metrics_.count_rejected("status_throttle");
    return lookup_page(429, "Bạn đã thử quá nhiều lần. Vui lòng đợi một lúc rồi thử lại.");
  }
  auto normalised = normalise_receipt_code(typed_code);
  std::optional<std::int64_t> tip_id;
  if (normalised) tip_id = intake_.find_by_receipt(*normalised);
  if (!tip_id) {
    failed_lookups_.allow("", now);
    metrics_.count_rejected("wrong_receipt_code");
    return lookup_page(404, "Không tìm thấy tin báo với mã này. Hãy kiểm tra lại 20 chữ số.");
  }
  digits = *normalised;
  return *tip_id;
}

Response WebForm::status_page(std::int64_t tip_id, const std::string& digits, const std::string& notice,
                              std::int64_t now) {
  auto tip = store_.load_tip(tip_id);
  if (!tip) return lookup_page(404, "Không tìm thấy tin báo với mã này.");
  Html officer_messages;
  int additions = -1;  // the first reporter message is the tip itself
  for (const auto& m : tip->messages) {
    if (m.author == domain::Author::reporter) ++additions;
    const bool to_reporter = m.kind == domain::MessageKind::question || m.kind == domain::MessageKind::answer;
    if (m.author != domain::Author::officer || !to_reporter) continue;
    // Officers' questions are stored as they typed them.
    const std::string& text = m.body;
    officer_messages += render_template(
        "officer_message.html", {{"when", local_time_text(m.created_at, config_.utc_offset_minutes)}, {"text", text}});
  }
  if (officer_messages.str().empty()) officer_messages = Html::trusted("<p>Chưa có câu hỏi nào.</p>");
  auto content = render_template(
      "status.html", {{"reference", tip->reference},
                      {"notice", notice.empty() ? Html() : Html::trusted("<p class=\"warn\">" + escape_html(notice) + "</p>")},
                      {"status", status_text(tip->status)},
                      {"received", local_time_text(tip->created_at, config_.utc_offset_minutes)},
                      {"additions", std::to_string(std::max(additions, 0))},
                      {"officer_messages", officer_messages},
                      {"code", digits},
                      {"form_token", tokens_.issue(now)},
                      {"max_chars", std::to_string(config_.max_text_chars)}});
  auto response = page(200, "Tin báo " + tip->reference, content);
  response.tip_reference = tip->reference;
  return response;
}

Response WebForm::lookup_status(const Request& request) {
  auto now = unix_seconds(request);
  auto read = read_submitted_form(request, 0);
  if (!read.form) return error_page(read.status, read.message);
  std::string digits;
  auto found = find_tip(request, read.form->field("code"), digits, now);
  if (auto* refusal = std::get_if<Response>(&found)) return std::move(*refusal);
  return status_page(std::get<std::int64_t>(found), digits, "", now);
}

Response WebForm::add_information(const Request& request) {
  auto now = unix_seconds(request);
  auto read = read_submitted_form(request, config_.max_photo_bytes);
  if (!read.form) return error_page(read.status, read.message);
  const SubmittedForm& form = *read.form;
  std::string digits;
  auto found = find_tip(request, form.field("code"), digits, now);
  if (auto* refusal = std::get_if<Response>(&found)) return std::move(*refusal);
  auto tip_id = std::get<std::int64_t>(found);
  if (auto refused = refuse_token(form, now)) return *refused;
  std::string text = trimmed(form.field("text"));
  if (text.empty() && !form.photo) return status_page(tip_id, digits, "Vui lòng viết thông tin bổ sung.", now);
  if (utf8::length(text) > config_.max_text_chars)
    return status_page(tip_id, digits, "Thông tin bổ sung quá dài.", now);
  intake_.add_information(tip_id, {text, form.photo, now});
  return status_page(tip_id, digits, "Đã nhận thông tin bổ sung. Cảm ơn bạn.", now);
}

}  // namespace tipline::handlers
