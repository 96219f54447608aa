#include "shared/http_result.hpp"

#include <regex>

namespace tipline::testing {

std::string hidden_field(const std::string& html, const std::string& name) {
  std::smatch match;
  std::regex pattern("name=\"" + name + "\" value=\"([^\"]*)\"");
  return std::regex_search(html, match, pattern) ? match[1].str() : "";
}

}  // namespace tipline::testing
