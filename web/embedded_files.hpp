#pragma once
// The pages' templates and static assets, compiled into the executable.
#include <map>
#include <string>
#include <string_view>

namespace tipline::web {

// Path relative to web/ (e.g. "static/site.css") -> bytes.
const std::map<std::string_view, std::string_view>& embedded_files();

// The file at `path`; throws std::out_of_range when it is not embedded.
std::string_view asset(const std::string& path);

}  // namespace tipline::web
