#pragma once
// Request and response values exchanged between the gateway and handlers. They
// carry no socket and no peer address: the gateway reduces the address to a keyed
// hash (`source_key`) that handlers may use for rate limits only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tipline::handlers {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // target without the query string
  std::string query;   // after '?', never logged
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string source_key;  // keyed hash of the peer address; in memory only
  bool from_loopback = false;  // the peer is this machine (or a proxy on it)
  std::chrono::system_clock::time_point received_at;

  std::string_view header(std::string_view lower_case_name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string tip_reference;  // logged with the request when set
  bool cacheable = false;     // static assets only; everything else is no-store

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// How a handler that does not block answers later: called once, from any thread.
using Respond = std::function<void(Response)>;

Response text_response(int status, std::string body);

// When the request arrived, in unix seconds: handlers' "now".
std::int64_t unix_seconds(const Request& request);

}  // namespace tipline::handlers
