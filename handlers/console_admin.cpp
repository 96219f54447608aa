// Accounts, the audit log and console settings (admins only).
#include "handlers/console.hpp"

namespace tipline::handlers {

Response Console::accounts_page(const Request& r) {
  auto signed_in = require(r, Need::admin);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  return page(std::get<Signed>(signed_in), "404", Html(), 404);
}
Response Console::add_account(const Request& r) { return accounts_page(r); }
Response Console::update_account(const Request& r) { return accounts_page(r); }
Response Console::audit_page(const Request& r) { return accounts_page(r); }
Response Console::settings(const Request& r) { return accounts_page(r); }

}  // namespace tipline::handlers
