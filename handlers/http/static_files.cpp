#include "handlers/http/static_files.hpp"

#include "handlers/http/pages.hpp"
#include "web/embedded_files.hpp"

namespace tipline::handlers {
namespace {

std::string media_type(const std::string& path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".png")) return "image/png";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

Response static_file(const std::string& path) {
  // Only names in the embedded table are served, so "../" leads nowhere.
  const auto& files = web::embedded_files();
  auto it = files.find(path.substr(1));  // "/static/site.css" -> "static/site.css"
  if (it == files.end()) return error_page(404, "Không tìm thấy trang này.");
  Response r;
  r.content_type = media_type(path);
  r.body = std::string(it->second);
  r.cacheable = true;
  return r;
}

}  // namespace tipline::handlers
