#include "gateway/request_framing.hpp"

#include <cctype>

namespace tipline::gateway {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> framing_problem(std::string_view head) {
  while (head.starts_with("\r\n")) head.remove_prefix(2);
  const auto request_line_end = head.find("\r\n");
  if (request_line_end == std::string_view::npos) return std::nullopt;  // the parser judges it
  const bool http10 = head.substr(0, request_line_end).ends_with("HTTP/1.0");
  int hosts = 0, transfer_encodings = 0;
  bool content_length = false, chunked_only = true;
  std::size_t at = request_line_end + 2;
  while (at < head.size()) {
    auto end = head.find("\r\n", at);
    if (end == std::string_view::npos) end = head.size();
    const auto line = head.substr(at, end - at);
    at = end + 2;
    if (line.empty()) break;  // the end of the header section
    if (line.front() == ' ' || line.front() == '\t') return "a folded header line";
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // the parser refuses it
    const auto name = line.substr(0, colon);
    const auto value = trimmed(line.substr(colon + 1));
    if (same_name(name, "host")) {
      ++hosts;
    } else if (same_name(name, "content-length")) {
      content_length = true;
    } else if (same_name(name, "transfer-encoding")) {
      ++transfer_encodings;
      chunked_only = chunked_only && same_name(value, "chunked");
    }
  }
  if (transfer_encodings > 1 || (transfer_encodings == 1 && !chunked_only))
    return "a Transfer-Encoding other than chunked";
  if (transfer_encodings > 0 && content_length) return "both Transfer-Encoding and Content-Length";
  if (hosts > 1) return "more than one Host";
  if (hosts == 0 && !http10) return "no Host";
  return std::nullopt;
}

}  // namespace tipline::gateway
