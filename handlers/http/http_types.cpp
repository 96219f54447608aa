#include "handlers/http/http_types.hpp"

namespace tipline::handlers {

std::string_view Request::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_case_name) return value;
  return {};
}

std::int64_t unix_seconds(const Request& request) {
  return std::chrono::duration_cast<std::chrono::seconds>(request.received_at.time_since_epoch()).count();
}

Response text_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

}  // namespace tipline::handlers
