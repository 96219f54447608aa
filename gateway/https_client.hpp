#pragma once
// The one outbound HTTPS client: the outbox dispatcher sends every platform call
// through it. Calls are synchronous for the caller (the dispatcher's own thread) and
// bounded by a deadline; Asio and Beast stay inside https_client.cpp.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "handlers/channels/outbound.hpp"

namespace tipline::gateway {

struct HttpsResponse {
  int status = 0;
  std::string body;
};

// Connection refused, DNS failure, TLS failure (including a certificate that does not
// verify), deadline passed, or an oversized or malformed answer. what() names the
// stage and host, never the URL's query string (it may hold a token).
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class HttpsClient final {
 public:
  struct Options {
    std::chrono::milliseconds timeout{10000};  // whole call: resolve, connect, handshake, write, read
    std::filesystem::path extra_ca_file;       // trusted besides the system store (tests' fake platform)
    std::size_t max_response_bytes = 1024 * 1024;
  };

  explicit HttpsClient(Options options);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends one request (a fresh connection each time; platform calls are rare) and
  // returns the answer whatever its status. Throws TransportError.
  HttpsResponse send(const channels::PlatformRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tipline::gateway
