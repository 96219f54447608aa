#include "gateway/response_bytes.hpp"

#include <boost/beast/http/status.hpp>

namespace tipline::gateway {

namespace {

void append_header_text(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out += text;
  // Two memchr scans: find_first_of would call memchr once for every character.
  if (text.find('\r') == std::string_view::npos && text.find('\n') == std::string_view::npos) return;
  for (std::size_t i = start; i < out.size(); ++i)
    if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  append_header_text(out, name);
  out += ": ";
  append_header_text(out, value);
  out += "\r\n";
}

bool may_have_body(int status) { return status >= 200 && status != 204 && status != 304; }

}  // namespace

std::string response_bytes(const handlers::Response& response, bool keep_alive, bool head_only) {
  namespace http = boost::beast::http;
  std::string out;
  std::size_t headers_size = 0;
  for (const auto& [name, value] : response.headers) headers_size += name.size() + value.size() + 4;
  const bool with_body = may_have_body(response.status);
  out.reserve(128 + response.content_type.size() + headers_size + (with_body && !head_only ? response.body.size() : 0));
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += http::obsolete_reason(http::int_to_status(static_cast<unsigned>(response.status)));
  out += "\r\n";
  append_header(out, "Server", "tipline");
  append_header(out, "Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers) append_header(out, name, value);
  if (with_body) append_header(out, "Content-Length", std::to_string(response.body.size()));
  if (!keep_alive) append_header(out, "Connection", "close");
  out += "\r\n";
  if (with_body && !head_only) out += response.body;
  return out;
}

}  // namespace tipline::gateway
