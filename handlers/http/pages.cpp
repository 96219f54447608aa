#include "handlers/http/pages.hpp"

namespace tipline::handlers {

Response page(int status, std::string_view title, const Html& content) {
  Response r;
  r.status = status;
  r.body = render_template("layout.html", {{"title", std::string(title)}, {"content", content}}).str();
  return r;
}

Response error_page(int status, std::string_view message) {
  return page(status, "Có lỗi", render_template("error.html", {{"message", std::string(message)}}));
}

}  // namespace tipline::handlers
