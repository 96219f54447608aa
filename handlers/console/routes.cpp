// The console's routes, each declared with who may open it, and the checks that
// stand before its handler: the session and the role, a POST's CSRF token, the tip.
#include "handlers/console/console.hpp"

#include "handlers/console/views.hpp"

namespace tipline::handlers {

void Console::add_routes(Router& router) {
  auto route = [&](const char* method, const char* path, auto who_may, auto handler) {
    router.add(method, path, guarded(who_may, handler));
  };
  route("GET", "/admin", Need::viewer, &Console::home);
  route("GET", "/admin/login", anyone, &Console::show_login);
  route("POST", "/admin/login", anyone, &Console::login);
  route("GET", "/admin/login/code", anyone, &Console::show_second_factor);
  route("POST", "/admin/login/code", anyone, &Console::second_factor);
  route("GET", "/admin/password", Need::viewer, &Console::show_change_password);
  route("POST", "/admin/password", Need::viewer, &Console::change_password);
  route("GET", "/admin/totp", Need::viewer, &Console::show_totp_setup);
  route("POST", "/admin/totp", Need::viewer, &Console::totp_setup);
  route("POST", "/admin/logout", anyone, &Console::logout);
  route("POST", "/admin/language", Need::viewer, &Console::set_language);
  route("GET", "/admin/queue", Need::officer, &Console::queue_page);
  route("GET", "/admin/team", Need::leader, &Console::team_page);
  // Viewers see aggregates and reports only, never a tip.
  route("GET", "/admin/tip", Need::officer, &Console::tip_page);
  route("POST", "/admin/tip/reveal", Need::officer, &Console::reveal);
  route("POST", "/admin/tip/assign", Need::officer, &Console::assign);
  route("POST", "/admin/tip/status", Need::officer, &Console::change_status);
  route("POST", "/admin/tip/note", Need::officer, &Console::add_note);
  route("POST", "/admin/tip/reply", Need::officer, &Console::reply);
  route("POST", "/admin/tip/labels", Need::officer, &Console::correct);
  route("POST", "/admin/tip/merge", Need::officer, &Console::merge);
  route("POST", "/admin/tip/split", Need::officer, &Console::split);
  route("GET", "/admin/accounts", Need::admin, &Console::accounts_page);
  route("POST", "/admin/accounts", Need::admin, &Console::add_account);
  route("POST", "/admin/accounts/update", Need::admin, &Console::update_account);
  route("GET", "/admin/audit", Need::admin, &Console::audit_page);
  route("POST", "/admin/settings", Need::admin, &Console::settings);
  route("GET", "/admin/report", Need::viewer, &Console::report_page);
  route("GET", "/admin/report.csv", Need::viewer, &Console::report_csv);
}

template <typename Next>
Handler Console::signed_in(Need need, Next next) {
  return [this, need, next](const Request& r) {
    auto who = require(r, need);
    if (auto* refusal = std::get_if<Response>(&who)) return std::move(*refusal);
    return next(r, std::get<Signed>(who));
  };
}

template <typename Next>
Handler Console::with_form(Need need, Next next) {
  return signed_in(need, [this, next](const Request& r, const Signed& who) {
    auto form = checked_form(r, who);
    if (!form) return page(who, "403", refused_content(who.lang), 403);
    return next(r, who, *form);
  });
}

Handler Console::guarded(Anyone, OpenHandler handler) {
  return [this, handler](const Request& r) { return (this->*handler)(r); };
}

Handler Console::guarded(Need need, PageHandler handler) {
  return signed_in(need, [this, handler](const Request& r, const Signed& who) { return (this->*handler)(r, who); });
}

Handler Console::guarded(Need need, FormHandler handler) {
  return with_form(need, [this, handler](const Request& r, const Signed& who, FormFields& form) {
    return (this->*handler)(r, who, form);
  });
}

Handler Console::guarded(Need need, TipHandler handler) {
  return with_form(need, [this, handler](const Request& r, const Signed& who, FormFields& form) {
    auto id = parse_positive_id(form["id"]);
    auto tip = id ? tips_.load_tip(*id) : std::nullopt;
    if (!tip) return page(who, "404", Html(), 404);
    return (this->*handler)(r, who, form, *tip);
  });
}

}  // namespace tipline::handlers
