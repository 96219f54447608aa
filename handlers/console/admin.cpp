// Accounts, the audit log and console settings (admins only).
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "common/password.hpp"
#include "common/utf8.hpp"
#include "handlers/accounts/accounts.hpp"
#include "handlers/console/console.hpp"
#include "handlers/console/text.hpp"

namespace tipline::handlers {

namespace {



std::string role_name(const Signed& who, const std::string& role) {
  if (role == "admin") return std::string(who.tr("Quản trị", "Administrator"));
  if (role == "leader") return std::string(who.tr("Chỉ huy", "Leader"));
  if (role == "officer") return std::string(who.tr("Cán bộ", "Officer"));
  if (role == "viewer") return std::string(who.tr("Chỉ xem báo cáo", "Reports only"));
  return role;
}

// An audit log action as the filter takes it: a short identifier.
bool valid_action(const std::string& action) {
  if (action.empty() || action.size() > 40) return false;
  for (char c : action)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
  return true;
}


Html role_options(const Signed& who, const std::string& selected) {
  Html options;
  for (const auto& role : role_ids()) options += select_option(role, role_name(who, role), role == selected);
  return options;
}

Html message_html(const std::string& text) {
  return text.empty() ? Html() : render(R"(<p class="errors" role="alert">{{m}}</p>)", {{"m", text}});
}

Response refused(const Console& console, const Signed& who) {
  return console.page(who, "403",
                      render("<h1>403</h1><p>{{m}}</p>",
                             {{"m", std::string(who.tr("Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.",
                                                       "The form has expired or is not valid. Reload the page and try again."))}}),
                      403);
}

Response bad_request(const Console& console, const Signed& who, const std::string& message) {
  return console.page(who, "400", render(R"(<h1>400</h1><p class="errors" role="alert">{{m}}</p>)", {{"m", message}}), 400);
}

}  // namespace

// ---- accounts --------------------------------------------------------------------------

namespace {

Html accounts_body(const Console& console, storage::Store& store, const Signed& who, std::int64_t now,
                   const std::string& problem, const FormFields& typed) {
  const std::string csrf = who.session.csrf_token;
  Html rows;
  for (const auto& o : store.list_officers()) {
    const bool self = o.id == who.officer.id;
    const std::string id = std::to_string(o.id);
    Html actions = render(R"(<form method="post" action="/admin/accounts/update" class="row-action">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><input type="hidden" name="action" value="role">
<label class="inline">{{l_role}} <select name="role">{{roles}}</select></label> <button type="submit">{{change}}</button></form>)",
                          {{"csrf", csrf},
                           {"id", id},
                           {"l_role", std::string(who.tr("Vai trò", "Role"))},
                           {"roles", role_options(who, o.role)},
                           {"change", std::string(who.tr("Đổi vai trò", "Change role"))}});
    if (!self) {
      actions += render(R"(<form method="post" action="/admin/accounts/update" class="row-action">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><input type="hidden" name="action" value="{{action}}">
<button type="submit"{{cls}}>{{label}}</button></form>
<form method="post" action="/admin/accounts/update" class="row-action">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}"><input type="hidden" name="action" value="reset_password">
<button type="submit" class="danger">{{reset}}</button></form>)",
                        {{"csrf", csrf},
                         {"id", id},
                         {"action", std::string(o.disabled ? "enable" : "disable")},
                         {"cls", o.disabled ? Html() : Html::trusted(R"( class="danger")")},
                         {"label", std::string(o.disabled ? who.tr("Mở khóa tài khoản", "Enable account")
                                                          : who.tr("Khóa tài khoản", "Disable account"))},
                         {"reset", std::string(who.tr("Đặt lại mật khẩu", "Reset password"))}});
    }
    rows += render(R"(<tr{{cls}}><td class="ref">{{username}}{{self}}</td><td>{{display}}</td><td>{{role}}</td><td>{{totp}}</td>
<td>{{state}}</td><td>{{locked}}</td><td class="account-actions">{{actions}}</td></tr>
)",
                   {{"cls", o.disabled ? Html::trusted(R"( class="disabled")") : Html()},
                    {"username", o.username},
                    {"self", self ? render(R"( <span class="meta">({{you}})</span>)", {{"you", std::string(who.tr("bạn", "you"))}})
                                  : Html()},
                    {"display", o.display_name},
                    {"role", role_name(who, o.role)},
                    {"totp", std::string(o.totp_secret ? who.tr("Bật", "On") : who.tr("Tắt", "Off"))},
                    {"state", std::string(o.disabled ? who.tr("Đã khóa", "Disabled") : who.tr("Hoạt động", "Active"))},
                    {"locked", o.locked_until > now ? console.local_time(o.locked_until) : std::string("—")},
                    {"actions", actions}});
  }

  auto typed_value = [&](const char* key) {
    auto it = typed.find(key);
    return it == typed.end() ? std::string() : it->second.substr(0, 200);
  };
  const std::string typed_role = typed_value("role").empty() ? std::string("officer") : typed_value("role");
  const bool totp_on = console.totp_required();

  return render(R"(<h1>{{title}}</h1>{{problem}}
<table class="accounts"><thead><tr><th>{{h_user}}</th><th>{{h_display}}</th><th>{{h_role}}</th><th>{{h_totp}}</th>
<th>{{h_state}}</th><th>{{h_locked}}</th><th>{{h_actions}}</th></tr></thead>
<tbody>{{rows}}</tbody></table>
<h2>{{add_title}}</h2>
<form method="post" action="/admin/accounts" class="card account-form">
<input type="hidden" name="csrf" value="{{csrf}}">
<label for="username">{{l_user}}</label>
<input type="text" id="username" name="username" value="{{username}}" minlength="3" maxlength="32" pattern="[a-z0-9._\-]{3,32}" autocomplete="off" required>
<p class="meta">{{user_hint}}</p>
<label for="display_name">{{l_display}}</label>
<input type="text" id="display_name" name="display_name" value="{{display_name}}" maxlength="80" autocomplete="off" required>
<label for="role">{{l_role}}</label><select id="role" name="role">{{roles}}</select>
<p class="meta">{{role_hint}}</p>
<button type="submit">{{add}}</button></form>
<h2>{{settings_title}}</h2>
<form method="post" action="/admin/settings" class="card">
<input type="hidden" name="csrf" value="{{csrf}}">
<label><input type="checkbox" name="totp_required" value="1"{{totp_checked}}> {{l_totp}}</label>
<p class="meta">{{totp_hint}}</p>
<button type="submit">{{save}}</button></form>)",
                {{"title", std::string(who.tr("Tài khoản cán bộ", "Officer accounts"))},
                 {"problem", message_html(problem)},
                 {"h_user", std::string(who.tr("Tên đăng nhập", "User name"))},
                 {"h_display", std::string(who.tr("Tên hiển thị", "Display name"))},
                 {"h_role", std::string(who.tr("Vai trò", "Role"))},
                 {"h_totp", std::string(who.tr("Xác thực hai lớp", "Two-factor"))},
                 {"h_state", std::string(who.tr("Trạng thái", "State"))},
                 {"h_locked", std::string(who.tr("Tạm khóa đến", "Locked until"))},
                 {"h_actions", std::string(who.tr("Thao tác", "Actions"))},
                 {"rows", rows},
                 {"add_title", std::string(who.tr("Thêm tài khoản", "Add an account"))},
                 {"csrf", csrf},
                 {"l_user", std::string(who.tr("Tên đăng nhập", "User name"))},
                 {"username", typed_value("username")},
                 {"user_hint", std::string(who.tr("3–32 ký tự: chữ thường không dấu a–z, số, dấu chấm, gạch dưới, gạch ngang.",
                                                  "3–32 characters: lower-case a–z, digits, dot, underscore, hyphen."))},
                 {"l_display", std::string(who.tr("Tên hiển thị", "Display name"))},
                 {"display_name", typed_value("display_name")},
                 {"l_role", std::string(who.tr("Vai trò", "Role"))},
                 {"roles", role_options(who, typed_role)},
                 {"role_hint", std::string(who.tr("Cán bộ: xử lý tin được giao. Chỉ huy: thêm phân công và xem cán bộ. "
                                                  "Chỉ xem báo cáo: chỉ thấy số liệu tổng hợp. Quản trị: thêm quản lý tài khoản và nhật ký.",
                                                  "Officer: works on tips. Leader: also assigns and sees the team. "
                                                  "Reports only: sees aggregates only. Administrator: also manages accounts and the audit log."))},
                 {"add", std::string(who.tr("Tạo tài khoản", "Create account"))},
                 {"settings_title", std::string(who.tr("Cài đặt", "Settings"))},
                 {"totp_checked", totp_on ? Html::trusted(" checked") : Html()},
                 {"l_totp", std::string(who.tr("Bắt buộc xác thực hai lớp (TOTP) cho mọi tài khoản",
                                               "Require two-factor sign-in (TOTP) for every account"))},
                 {"totp_hint", std::string(who.tr("Khi bật, cán bộ chưa cài đặt sẽ phải cài đặt trước khi mở trang khác "
                                                  "(kể cả bạn).",
                                                  "When on, officers who have not set it up must do so before any other "
                                                  "page opens (you included)."))},
                 {"save", std::string(who.tr("Lưu", "Save"))}});
}

Html one_time_password_body(const Signed& who, std::string_view title, const std::string& username,
                            const std::string& one_time) {
  return render(R"(<h1>{{title}}</h1>
<div class="card one-time">
<p>{{l_user}}: <strong class="ref">{{username}}</strong></p>
<p>{{l_pass}}:</p>
<p class="code" id="one-time-password">{{password}}</p>
<p class="notice">{{hint}}</p>
</div>
<p><a href="/admin/accounts">{{back}}</a></p>)",
                {{"title", std::string(title)},
                 {"l_user", std::string(who.tr("Tên đăng nhập", "User name"))},
                 {"username", username},
                 {"l_pass", std::string(who.tr("Mật khẩu dùng một lần", "One-time password"))},
                 {"password", one_time},
                 {"hint", std::string(who.tr("Mật khẩu này chỉ hiện một lần, bây giờ. Hãy trao trực tiếp cho cán bộ "
                                             "(không gửi qua tin nhắn). Họ phải đổi mật khẩu ngay khi đăng nhập lần đầu.",
                                             "This password is shown once, now. Hand it over in person (not by "
                                             "message). It must be changed at the first sign-in."))},
                 {"back", std::string(who.tr("← Về danh sách tài khoản", "← Back to the accounts"))}});
}

}  // namespace

Response Console::accounts_page(const Request& r) {
  auto signed_in = require(r, Need::admin);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  return page(who, who.tr("Tài khoản", "Accounts"), accounts_body(*this, store_, who, unix_seconds(r), "", {}));
}

Response Console::add_account(const Request& r) {
  auto signed_in = require(r, Need::admin);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  auto form = checked_form(r, who);
  if (!form) return refused(*this, who);
  const auto now = unix_seconds(r);
  auto& f = *form;
  auto again = [&](const std::string& problem, int status) {
    return page(who, who.tr("Tài khoản", "Accounts"), accounts_body(*this, store_, who, now, problem, f), status);
  };

  std::string username = trimmed(f["username"]);
  for (auto& c : username)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const std::string display_name = trimmed(f["display_name"]);
  const std::string role = f["role"];
  if (!valid_username(username))
    return again(std::string(who.tr("Tên đăng nhập phải dài 3–32 ký tự, chỉ gồm chữ thường không dấu a–z, số, dấu chấm, "
                                    "gạch dưới và gạch ngang.",
                                    "The user name must be 3–32 characters of lower-case a–z, digits, dot, underscore "
                                    "and hyphen.")),
                 400);
  if (!valid_display_name(display_name))
    return again(std::string(who.tr("Tên hiển thị phải có từ 1 đến 80 ký tự.",
                                    "The display name must have 1 to 80 characters.")),
                 400);
  if (!known_role(role))
    return again(std::string(who.tr("Vai trò không hợp lệ.", "Unknown role.")), 400);

  std::string one_time;
  try {
    one_time = create_with_one_time_password(store_, username, display_name, role, now,
                                             audit_event(who, "officer_add", std::nullopt, username + " " + role, now));
  } catch (const storage::DuplicateError&) {
    return again(std::string(who.tr("Tên đăng nhập này đã có người dùng. Hãy chọn tên khác.",
                                    "That user name is taken. Choose another one.")),
                 409);
  }
  return page(who, who.tr("Đã tạo tài khoản", "Account created"),
              one_time_password_body(who, who.tr("Đã tạo tài khoản", "Account created"), username, one_time));
}

Response Console::update_account(const Request& r) {
  auto signed_in = require(r, Need::admin);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  auto form = checked_form(r, who);
  if (!form) return refused(*this, who);
  const auto now = unix_seconds(r);
  auto& f = *form;
  auto problem = [&](const std::string& message, int status) {
    return page(who, who.tr("Tài khoản", "Accounts"), accounts_body(*this, store_, who, now, message, {}), status);
  };

  auto id = parse_positive_id(f["id"]);
  if (!id) return bad_request(*this, who, std::string(who.tr("Mã tài khoản không hợp lệ.", "Invalid account id.")));
  const auto officers = store_.list_officers();
  const storage::Officer* target = nullptr;
  for (const auto& o : officers)
    if (o.id == *id) target = &o;
  if (!target)
    return problem(std::string(who.tr("Không tìm thấy tài khoản.", "No such account.")), 404);
  const bool self = target->id == who.officer.id;
  const std::string& action = f["action"];

  if (action == "disable") {
    if (self)
      return problem(std::string(who.tr("Bạn không thể tự khóa tài khoản của mình.", "You cannot disable your own account.")),
                     409);
    try {
      if (!target->disabled)
        store_.set_disabled(target->id, true, audit_event(who, "officer_disable", std::nullopt, target->username, now));
    } catch (const storage::LastAdminError&) {
      return problem(std::string(who.tr("Không thể khóa quản trị viên cuối cùng còn hoạt động.",
                                        "The last active administrator cannot be disabled.")),
                     409);
    }
    return redirect("/admin/accounts");
  }
  if (action == "enable") {
    if (target->disabled)
      store_.set_disabled(target->id, false, audit_event(who, "officer_enable", std::nullopt, target->username, now));
    return redirect("/admin/accounts");
  }
  if (action == "reset_password") {
    if (self)
      return problem(std::string(who.tr("Để đổi mật khẩu của bạn, hãy dùng trang Đổi mật khẩu (/admin/password).",
                                        "To change your own password, use the Change password page (/admin/password).")),
                     409);
    // Ends every session of the officer: whoever held the old password is signed out.
    const auto one_time = reset_to_one_time_password(
        store_, target->id, audit_event(who, "officer_reset_password", std::nullopt, target->username, now));
    return page(who, who.tr("Đã đặt lại mật khẩu", "Password reset"),
                one_time_password_body(who, who.tr("Đã đặt lại mật khẩu", "Password reset"), target->username, one_time));
  }
  if (action == "role") {
    const std::string& role = f["role"];
    if (!known_role(role)) return bad_request(*this, who, std::string(who.tr("Vai trò không hợp lệ.", "Unknown role.")));
    if (role == target->role) return redirect("/admin/accounts");
    // Ends the officer's sessions, so the new role applies from the next sign-in.
    try {
      store_.set_role(target->id, role,
                      audit_event(who, "officer_role", std::nullopt, target->username + " " + target->role + "->" + role, now));
    } catch (const storage::LastAdminError&) {
      return problem(std::string(who.tr("Không thể đổi vai trò của quản trị viên cuối cùng còn hoạt động.",
                                        "The role of the last active administrator cannot be changed.")),
                     409);
    }
    return redirect("/admin/accounts");
  }
  return bad_request(*this, who, std::string(who.tr("Thao tác không hợp lệ.", "Unknown action.")));
}

Response Console::settings(const Request& r) {
  auto signed_in = require(r, Need::admin);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  auto form = checked_form(r, who);
  if (!form) return refused(*this, who);
  const auto now = unix_seconds(r);
  auto& f = *form;
  const auto it = f.find("totp_required");
  if (it != f.end() && it->second != "1")
    return bad_request(*this, who, std::string(who.tr("Giá trị cài đặt không hợp lệ.", "Invalid setting value.")));
  const std::string value = it == f.end() ? "0" : "1";
  if (store_.setting(Console::totp_required_setting) != std::optional<std::string>(value))
    store_.set_setting(Console::totp_required_setting, value,
                       audit_event(who, "setting", std::nullopt, std::string(Console::totp_required_setting) + "=" + value, now));
  return redirect("/admin/accounts");
}

// ---- audit log -------------------------------------------------------------------------

Response Console::audit_page(const Request& r) {
  auto signed_in = require(r, Need::admin);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  auto parsed = parse_form_fields(r.query);
  if (!parsed.ok()) return bad_request(*this, who, std::string(who.tr("Địa chỉ trang không hợp lệ.", "The page address is malformed.")));
  auto& q = parsed.fields;

  // Browsing the log is not itself logged: every look would add rows to what is looked at.
  constexpr std::size_t per_page = 50;
  storage::AuditFilter filter;
  filter.limit = per_page + 1;  // one more than shown: whether an "older" page exists
  std::string filters_query;  // the filters again, for the "older" link
  auto id_filter = [&](const char* key, std::optional<std::int64_t>& into) {
    if (q[key].empty()) return true;
    auto id = parse_positive_id(q[key]);
    if (!id) return false;
    into = id;
    return true;
  };
  if (!id_filter("officer", filter.officer_id) || !id_filter("tip", filter.tip_id) ||
      !id_filter("before", filter.before_id))
    return bad_request(*this, who, std::string(who.tr("Bộ lọc không hợp lệ: mã cán bộ, mã tin và vị trí phải là số dương.",
                                                      "Invalid filter: officer, tip and position must be positive numbers.")));
  if (!q["action"].empty()) {
    if (!valid_action(q["action"]))
      return bad_request(*this, who, std::string(who.tr("Bộ lọc không hợp lệ: tên thao tác chỉ gồm chữ thường, số và gạch dưới.",
                                                        "Invalid filter: an action name has lower-case letters, digits and underscores only.")));
    filter.action = q["action"];
  }
  if (filter.officer_id) filters_query += "officer=" + std::to_string(*filter.officer_id) + "&";
  if (filter.action) filters_query += "action=" + *filter.action + "&";
  if (filter.tip_id) filters_query += "tip=" + std::to_string(*filter.tip_id) + "&";

  auto entries = store_.audit_entries(filter);
  const bool more = entries.size() > per_page;
  if (more) entries.resize(per_page);
  const auto check = store_.verify_audit();

  Html banner =
      check.ok ? render(R"(<p class="notice audit-ok" role="status">{{m}}</p>)",
                        {{"m", std::string(who.tr("Chuỗi băm của nhật ký toàn vẹn: đã kiểm tra ", "The log's hash chain is intact: ")) +
                                   std::to_string(check.rows) + std::string(who.tr(" dòng.", " rows checked."))}})
               : render(R"(<p class="errors audit-bad" role="alert"><strong>{{t}}</strong> {{m}}</p>)",
                        {{"t", std::string(who.tr("Nhật ký đã bị sửa hoặc hỏng!", "The log has been altered or damaged!"))},
                         {"m", (check.first_bad_id ? std::string(who.tr("Dòng sai đầu tiên: #", "First bad row: #")) +
                                                         std::to_string(*check.first_bad_id) + ". "
                                                   : std::string()) +
                                   check.problem}});

  Html officer_options = select_option("", std::string(who.tr("Tất cả", "All")), !filter.officer_id);
  for (const auto& o : store_.list_officers())
    officer_options += select_option(std::to_string(o.id), o.display_name + " (" + o.username + ")", filter.officer_id == o.id);
  Html action_list;
  for (const char* a : {"login", "login_failed", "logout", "password_changed", "totp_set", "view_tip", "reveal", "assign",
                        "status", "note", "reply", "correct_labels", "merge", "split", "view_report", "export", "officer_add",
                        "officer_disable", "officer_enable", "officer_reset_password", "officer_role", "setting"})
    action_list += render(R"(<option value="{{a}}">)", {{"a", std::string(a)}});

  Html rows;
  for (const auto& e : entries) {
    rows += render(R"(<tr><td class="num">{{id}}</td><td>{{at}}</td><td>{{actor}}</td><td class="ref">{{action}}</td><td>{{tip}}</td><td>{{detail}}</td></tr>
)",
                   {{"id", std::to_string(e.id)},
                    {"at", local_time(e.event.at)},
                    {"actor", e.event.actor},
                    {"action", e.event.action},
                    {"tip", e.event.tip_id ? render(R"(<a href="/admin/tip?id={{id}}">#{{id}}</a>)",
                                                    {{"id", std::to_string(*e.event.tip_id)}})
                                           : Html()},
                    {"detail", e.event.detail}});
  }
  Html pager;
  if (more)
    pager = render(R"(<p class="pager"><a href="/admin/audit?{{q}}before={{last}}" rel="next">{{t}}</a></p>)",
                   {{"q", filters_query},
                    {"last", std::to_string(entries.back().id)},
                    {"t", std::string(who.tr("Cũ hơn →", "Older →"))}});
  Html newest;
  if (filter.before_id)
    newest = render(R"(<p class="pager"><a href="/admin/audit{{q}}">{{t}}</a></p>)",
                    {{"q", filters_query.empty() ? filters_query : "?" + filters_query.substr(0, filters_query.size() - 1)},
                     {"t", std::string(who.tr("← Mới nhất", "← Newest"))}});

  return page(who, who.tr("Nhật ký", "Audit log"),
              render(R"(<h1>{{title}}</h1>{{banner}}
<form method="get" action="/admin/audit" class="filters">
<label>{{l_officer}} <select name="officer">{{officer_options}}</select></label>
<label>{{l_action}} <input type="text" name="action" value="{{action}}" list="audit-actions" maxlength="40" pattern="[a-z0-9_.]+"></label>
<datalist id="audit-actions">{{action_list}}</datalist>
<label>{{l_tip}} <input type="text" name="tip" value="{{tip}}" inputmode="numeric" pattern="[0-9]*" size="8"></label>
<button type="submit">{{l_filter}}</button></form>
<table class="audit"><thead><tr><th class="num">#</th><th>{{h_time}}</th><th>{{h_actor}}</th><th>{{h_action}}</th><th>{{h_tip}}</th><th>{{h_detail}}</th></tr></thead>
<tbody>{{rows}}</tbody></table>{{empty}}{{newest}}{{pager}})",
                     {{"title", std::string(who.tr("Nhật ký thao tác", "Audit log"))},
                      {"banner", banner},
                      {"l_officer", std::string(who.tr("Cán bộ", "Officer"))},
                      {"officer_options", officer_options},
                      {"l_action", std::string(who.tr("Thao tác", "Action"))},
                      {"action", filter.action.value_or("")},
                      {"action_list", action_list},
                      {"l_tip", std::string(who.tr("Mã số tin", "Tip id"))},
                      {"tip", filter.tip_id ? std::to_string(*filter.tip_id) : std::string()},
                      {"l_filter", std::string(who.tr("Lọc", "Filter"))},
                      {"h_time", std::string(who.tr("Thời gian", "Time"))},
                      {"h_actor", std::string(who.tr("Người thực hiện", "Actor"))},
                      {"h_action", std::string(who.tr("Thao tác", "Action"))},
                      {"h_tip", std::string(who.tr("Tin", "Tip"))},
                      {"h_detail", std::string(who.tr("Chi tiết", "Detail"))},
                      {"rows", rows},
                      {"empty", entries.empty() ? render("<p>{{t}}</p>", {{"t", std::string(who.tr("Không có dòng nào.", "No entries."))}})
                                                : Html()},
                      {"newest", newest},
                      {"pager", pager}}));
}

}  // namespace tipline::handlers
