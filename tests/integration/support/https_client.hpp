#pragma once
// A blocking HTTPS/1.1 client for tests: keeps one TLS connection, can bind to a
// chosen loopback address, and can write raw bytes to play a slow or broken client.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shared/http_result.hpp"

namespace tipline::testing {

class TlsClient final {
 public:
  explicit TlsClient(std::uint16_t port, const std::string& bind_address = "127.0.0.1",
                     std::chrono::seconds timeout = std::chrono::seconds(20));
  ~TlsClient();

  HttpResult request(const std::string& method, const std::string& target, const std::string& body = "",
                     const std::string& content_type = "",
                     const std::vector<std::pair<std::string, std::string>>& headers = {});
  void write_raw(const std::string& bytes);
  // `head`: the answer to a HEAD request, which has a length but no body.
  HttpResult read_response(bool head = false);
  // True when the server closes the connection within `within`.
  bool closed_by_server(std::chrono::milliseconds within);
  // Reads and discards whatever the server sends; true when it then closes the
  // connection within `within`, false when it is still open then.
  bool drained_until_closed(std::chrono::milliseconds within);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct Multipart {
  std::string content_type;
  std::string body;
};

// Builds a multipart/form-data body from text fields and an optional photo.
Multipart multipart_form(const std::vector<std::pair<std::string, std::string>>& fields,
                         const std::string& photo_bytes = "", const std::string& photo_type = "image/jpeg");

}  // namespace tipline::testing
