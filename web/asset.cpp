#include <stdexcept>

#include "web/embedded_files.hpp"

namespace tipline::web {

std::string_view asset(const std::string& path) {
  const auto& files = embedded_files();
  auto it = files.find(path);
  if (it == files.end()) throw std::out_of_range("no embedded web file " + path);
  return it->second;
}

}  // namespace tipline::web
