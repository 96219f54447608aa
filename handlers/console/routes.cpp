#include "handlers/console/console.hpp"

namespace tipline::handlers {

void Console::add_routes(Router& router) {
  auto route = [&](const char* method, const char* path, Response (Console::*handler)(const Request&)) {
    router.add(method, path, [this, handler](const Request& r) { return (this->*handler)(r); });
  };
  route("GET", "/admin", &Console::home);
  route("GET", "/admin/login", &Console::show_login);
  route("POST", "/admin/login", &Console::login);
  route("GET", "/admin/login/code", &Console::show_second_factor);
  route("POST", "/admin/login/code", &Console::second_factor);
  route("GET", "/admin/password", &Console::show_change_password);
  route("POST", "/admin/password", &Console::change_password);
  route("GET", "/admin/totp", &Console::show_totp_setup);
  route("POST", "/admin/totp", &Console::totp_setup);
  route("POST", "/admin/logout", &Console::logout);
  route("POST", "/admin/language", &Console::set_language);
  route("GET", "/admin/queue", &Console::queue_page);
  route("GET", "/admin/team", &Console::team_page);
  route("GET", "/admin/tip", &Console::tip_page);
  route("POST", "/admin/tip/reveal", &Console::reveal);
  route("POST", "/admin/tip/assign", &Console::assign);
  route("POST", "/admin/tip/status", &Console::change_status);
  route("POST", "/admin/tip/note", &Console::add_note);
  route("POST", "/admin/tip/reply", &Console::reply);
  route("POST", "/admin/tip/labels", &Console::correct);
  route("POST", "/admin/tip/merge", &Console::merge);
  route("POST", "/admin/tip/split", &Console::split);
  route("GET", "/admin/accounts", &Console::accounts_page);
  route("POST", "/admin/accounts", &Console::add_account);
  route("POST", "/admin/accounts/update", &Console::update_account);
  route("GET", "/admin/audit", &Console::audit_page);
  route("POST", "/admin/settings", &Console::settings);
  route("GET", "/admin/report", &Console::report_page);
  route("GET", "/admin/report.csv", &Console::report_csv);
}

}  // namespace tipline::handlers
