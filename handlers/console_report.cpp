// The monthly report for the provincial police.
#include "handlers/console.hpp"

namespace tipline::handlers {

Response Console::report_page(const Request& r) {
  auto signed_in = require(r, Need::viewer);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  return page(std::get<Signed>(signed_in), "404", Html(), 404);
}
Response Console::report_csv(const Request& r) { return report_page(r); }

}  // namespace tipline::handlers
