#pragma once
// A response as a test reads it, however it was carried (TLS or a router in process).
#include <map>
#include <string>

namespace tipline::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// The value of the hidden input `name` in an HTML page, or "" when absent.
std::string hidden_field(const std::string& html, const std::string& name);

}  // namespace tipline::testing
