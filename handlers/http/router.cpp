#include "handlers/http/router.hpp"

#include <stdexcept>

#include "handlers/http/pages.hpp"

namespace tipline::handlers {

void Router::add(const std::string& method, const std::string& path, Handler handler) {
  routes_[path][method] = Route{std::move(handler), {}};
}

void Router::add_deferred(const std::string& method, const std::string& path, DeferredHandler handler) {
  routes_[path][method] = Route{{}, std::move(handler)};
}

const DeferredHandler* Router::deferred(const Request& request) const {
  auto found = routes_.find(request.path);
  if (found == routes_.end()) return nullptr;
  auto route = found->second.find(request.method);
  if (route == found->second.end() || !route->second.deferred) return nullptr;
  return &route->second.deferred;
}

void Router::add_prefix(const std::string& prefix, Handler handler) { prefixes_[prefix] = std::move(handler); }

Response Router::route(const Request& request) const {
  if (auto found = routes_.find(request.path); found != routes_.end()) {
    const auto& methods = found->second;
    std::string method = request.method == "HEAD" ? "GET" : request.method;
    if (auto h = methods.find(method); h != methods.end()) {
      if (!h->second.handler) throw std::logic_error("router: a deferred route asked to answer at once");
      return h->second.handler(request);
    }
    std::string allow;
    for (const auto& [m, _] : methods) allow += (allow.empty() ? "" : ", ") + m;
    if (methods.count("GET")) allow += ", HEAD";
    return error_page(405, "Phương thức không được hỗ trợ cho địa chỉ này.").with_header("Allow", allow);
  }
  for (const auto& [prefix, handler] : prefixes_) {
    if (request.path.compare(0, prefix.size(), prefix) != 0) continue;
    if (request.method != "GET" && request.method != "HEAD")
      return error_page(405, "Phương thức không được hỗ trợ cho địa chỉ này.").with_header("Allow", "GET, HEAD");
    return handler(request);
  }
  return error_page(404, "Không tìm thấy trang này.");
}

std::string Router::route_name(const Request& request) const {
  if (routes_.count(request.path)) return request.path;
  for (const auto& [prefix, _] : prefixes_)
    if (request.path.compare(0, prefix.size(), prefix) == 0) return prefix + "*";
  return "other";
}

}  // namespace tipline::handlers
