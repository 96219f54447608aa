#pragma once
#include <string>

#include "handlers/http/http_types.hpp"

namespace tipline::handlers {

// Serves web/static/ files embedded in the executable; 404 for anything else.
Response static_file(const std::string& path);

}  // namespace tipline::handlers
