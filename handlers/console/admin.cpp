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
#include "handlers/console/views.hpp"

namespace tipline::handlers {

namespace {

// An audit log action as the filter takes it: a short identifier.
bool valid_action(const std::string& action) {
  if (action.empty() || action.size() > 40) return false;
  for (char c : action)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
  return true;
}

Response bad_request(const Console& console, const Signed& who, const std::string& message) {
  return console.page(who, "400", bad_request_content(message, who.lang), 400);
}

}  // namespace

// ---- accounts --------------------------------------------------------------------------

namespace {

Html accounts_body(const Console& console, storage::OfficerStore& officers, const Signed& who, std::int64_t now,
                   const std::string& problem, const FormFields& typed) {
  AccountsView view;
  view.csrf = who.session.csrf_token;
  view.problem = problem;
  for (const auto& o : officers.list_officers())
    view.rows.push_back({.id = o.id,
                         .username = o.username,
                         .display_name = o.display_name,
                         .role = label_for(who, o.role),
                         .roles = vocabulary_options(who, std::optional(o.role)),
                         .self = o.id == who.officer.id,
                         .totp = o.totp_secret.has_value(),
                         .disabled = o.disabled,
                         .locked_until = o.locked_until > now ? console.local_time(o.locked_until) : "—"});
  auto typed_value = [&](const char* key) {
    auto it = typed.find(key);
    return it == typed.end() ? std::string() : it->second.substr(0, 200);
  };
  view.typed_username = typed_value("username");
  view.typed_display_name = typed_value("display_name");
  // What was typed, if the vocabulary knows it; a new account is an officer by default.
  const auto typed_role = typed_value("role");
  view.typed_roles =
      vocabulary_options(who, typed_role.empty() ? domain::Role::officer : domain::parse<domain::Role>(typed_role));
  view.totp_required = console.totp_required();
  return render(view, who.lang);
}

Response one_time_password_page(const Console& console, const Signed& who, const std::string& title,
                                const std::string& username, const std::string& one_time) {
  return console.page(who, title, render(OneTimePasswordView{title, username, one_time}, who.lang));
}

}  // namespace

Response Console::accounts_page(const Request& r, const Signed& who) {
  return page(who, who.text("nav.accounts"), accounts_body(*this, officers_, who, unix_seconds(r), "", {}));
}

Response Console::add_account(const Request& r, const Signed& who, FormFields& f) {
  const auto now = unix_seconds(r);
  auto again = [&](const std::string& problem, int status) {
    return page(who, who.text("nav.accounts"), accounts_body(*this, officers_, who, now, problem, f), status);
  };

  std::string username = trimmed(f["username"]);
  for (auto& c : username)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  const std::string display_name = trimmed(f["display_name"]);
  const auto role = domain::parse<domain::Role>(f["role"]);
  if (!valid_username(username))
    return again(who.text("accounts.bad_username"), 400);
  if (!valid_display_name(display_name))
    return again(who.text("accounts.bad_display_name"), 400);
  if (!role)
    return again(who.text("accounts.bad_role"), 400);

  std::string one_time;
  try {
    one_time = create_with_one_time_password(
        officers_, username, display_name, *role, now,
        audit_event(who, "officer_add", std::nullopt, username + " " + std::string(domain::stored_name(*role)), now));
  } catch (const storage::DuplicateError&) {
    return again(who.text("accounts.taken"), 409);
  }
  return one_time_password_page(*this, who, who.text("accounts.created"), username, one_time);
}

Response Console::update_account(const Request& r, const Signed& who, FormFields& f) {
  const auto now = unix_seconds(r);
  auto problem = [&](const std::string& message, int status) {
    return page(who, who.text("nav.accounts"), accounts_body(*this, officers_, who, now, message, {}), status);
  };

  auto id = parse_positive_id(f["id"]);
  if (!id) return bad_request(*this, who, who.text("accounts.bad_id"));
  const auto officers = officers_.list_officers();
  const storage::Officer* target = nullptr;
  for (const auto& o : officers)
    if (o.id == *id) target = &o;
  if (!target)
    return problem(who.text("accounts.not_found"), 404);
  const bool self = target->id == who.officer.id;
  const std::string& action = f["action"];

  if (action == "disable") {
    if (self)
      return problem(who.text("accounts.self_disable"), 409);
    try {
      if (!target->disabled)
        officers_.set_disabled(target->id, true, audit_event(who, "officer_disable", std::nullopt, target->username, now));
    } catch (const storage::LastAdminError&) {
      return problem(who.text("accounts.last_admin_disable"), 409);
    }
    return redirect("/admin/accounts");
  }
  if (action == "enable") {
    if (target->disabled)
      officers_.set_disabled(target->id, false, audit_event(who, "officer_enable", std::nullopt, target->username, now));
    return redirect("/admin/accounts");
  }
  if (action == "reset_password") {
    if (self)
      return problem(who.text("accounts.self_reset"), 409);
    // Ends every session of the officer: whoever held the old password is signed out.
    const auto one_time = reset_to_one_time_password(
        officers_, target->id, audit_event(who, "officer_reset_password", std::nullopt, target->username, now));
    return one_time_password_page(*this, who, who.text("accounts.password_reset"), target->username, one_time);
  }
  if (action == "role") {
    const auto role = domain::parse<domain::Role>(f["role"]);
    if (!role) return bad_request(*this, who, who.text("accounts.bad_role"));
    if (*role == target->role) return redirect("/admin/accounts");
    const std::string change =
        std::string(domain::stored_name(target->role)) + "->" + std::string(domain::stored_name(*role));
    // Ends the officer's sessions, so the new role applies from the next sign-in.
    try {
      officers_.set_role(target->id, *role,
                      audit_event(who, "officer_role", std::nullopt, target->username + " " + change, now));
    } catch (const storage::LastAdminError&) {
      return problem(who.text("accounts.last_admin_role"), 409);
    }
    return redirect("/admin/accounts");
  }
  return bad_request(*this, who, who.text("accounts.bad_action"));
}

Response Console::settings(const Request& r, const Signed& who, FormFields& f) {
  const auto now = unix_seconds(r);
  const auto it = f.find("totp_required");
  if (it != f.end() && it->second != "1")
    return bad_request(*this, who, who.text("accounts.bad_setting"));
  const std::string value = it == f.end() ? "0" : "1";
  if (officers_.setting(Console::totp_required_setting) != std::optional<std::string>(value))
    officers_.set_setting(Console::totp_required_setting, value,
                       audit_event(who, "setting", std::nullopt, std::string(Console::totp_required_setting) + "=" + value, now));
  return redirect("/admin/accounts");
}

// ---- audit log -------------------------------------------------------------------------

Response Console::audit_page(const Request& r, const Signed& who) {
  auto parsed = parse_form_fields(r.query);
  if (!parsed.ok()) return bad_request(*this, who, who.text("common.bad_address"));
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
    return bad_request(*this, who, who.text("audit.bad_ids"));
  if (!q["action"].empty()) {
    if (!valid_action(q["action"]))
      return bad_request(*this, who, who.text("audit.bad_action"));
    filter.action = q["action"];
  }
  if (filter.officer_id) filters_query += "officer=" + std::to_string(*filter.officer_id) + "&";
  if (filter.action) filters_query += "action=" + *filter.action + "&";
  if (filter.tip_id) filters_query += "tip=" + std::to_string(*filter.tip_id) + "&";

  auto entries = audit_log_.audit_entries(filter);
  const bool more = entries.size() > per_page;
  if (more) entries.resize(per_page);
  const auto check = audit_log_.verify_audit();

  AuditView view;
  view.intact = check.ok;
  view.checked = check.rows;
  if (check.first_bad_id) view.first_bad = std::to_string(*check.first_bad_id);
  view.problem = check.problem;
  view.officers.push_back({"", who.text("common.all"), !filter.officer_id});
  for (const auto& o : officers_.list_officers())
    view.officers.push_back({std::to_string(o.id), o.display_name + " (" + o.username + ")", filter.officer_id == o.id});
  view.action_filter = filter.action.value_or("");
  view.tip_filter = filter.tip_id ? std::to_string(*filter.tip_id) : std::string();
  view.known_actions = {"login",         "login_failed",    "logout",         "password_changed",
                        "totp_set",      "view_tip",        "reveal",         "assign",
                        "status",        "note",            "reply",          "correct_labels",
                        "merge",         "split",           "view_report",    "export",
                        "officer_add",   "officer_disable", "officer_enable", "officer_reset_password",
                        "officer_role",  "setting"};
  for (const auto& e : entries)
    view.entries.push_back({.id = e.id,
                            .at = local_time(e.event.at),
                            .actor = e.event.actor,
                            .action = e.event.action,
                            .tip_id = e.event.tip_id ? std::to_string(*e.event.tip_id) : std::string(),
                            .detail = e.event.detail});
  if (more) view.older = "/admin/audit?" + filters_query + "before=" + std::to_string(entries.back().id);
  if (filter.before_id)
    view.newest =
        "/admin/audit" + (filters_query.empty() ? filters_query : "?" + filters_query.substr(0, filters_query.size() - 1));
  return page(who, who.text("nav.audit"), render(view, who.lang));
}

}  // namespace tipline::handlers
