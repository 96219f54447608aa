#pragma once
// Whole pages: the shared layout around a body, and the error page.
#include <string>
#include <string_view>

#include "handlers/http/html.hpp"
#include "handlers/http/http_types.hpp"

namespace tipline::handlers {

Response page(int status, std::string_view title, const Html& content);
Response error_page(int status, std::string_view message);

}  // namespace tipline::handlers
