#pragma once
// An HTTPS server on loopback standing in for Zalo's and Meta's APIs: it records every
// request and answers with scripted replies, which may be slow, fail, or never come.
// Its certificate is a fresh development certificate; clients trust it via ca_file().
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tipline::testing {

class FakePlatform final {
 public:
  struct Reply {
    int status = 200;
    std::string body = "{}";
    std::chrono::milliseconds delay{0};  // before answering (or dropping)
    bool drop_connection = false;        // close the connection without answering
  };

  struct Recorded {
    std::string method;
    std::string target;  // as sent: path and query
    std::string path;    // target without the query
    std::string query;   // after '?', or ""
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string server_name;                     // TLS SNI, "" when none was sent
    std::string header(const std::string& name) const {
      auto it = headers.find(name);
      return it == headers.end() ? "" : it->second;
    }
  };

  // Writes a fresh development certificate into a temporary directory and listens on
  // `address`:0 (the certificate covers 127.0.0.1, ::1 and localhost), serving on its
  // own thread.
  explicit FakePlatform(const std::string& address = "127.0.0.1");
  ~FakePlatform();  // stops, joins and removes the temporary directory
  FakePlatform(const FakePlatform&) = delete;
  FakePlatform& operator=(const FakePlatform&) = delete;

  unsigned short port() const;
  std::string base_url() const;           // "https://127.0.0.1:<port>" ("https://[::1]:<port>" on ::1)
  std::filesystem::path ca_file() const;  // the certificate to trust

  // Replies for requests whose path (the target without its query) starts with
  // `path_prefix`; the longest matching prefix that still has a reply wins. Scripted
  // replies are consumed in order (script() appends), then the prefix's default is
  // used. Without any rule: 200 "{}".
  void script(const std::string& path_prefix, std::vector<Reply> replies);
  void set_default(const std::string& path_prefix, Reply reply);

  std::vector<Recorded> requests() const;  // every request, in arrival order
  std::vector<Recorded> requests_to(const std::string& path_prefix) const;
  // True once at least `count` requests to `path_prefix` have arrived.
  bool wait_for(const std::string& path_prefix, std::size_t count, std::chrono::milliseconds timeout) const;
  std::size_t connections() const;  // TCP connections accepted so far

  // Stops listening and drops every connection, answered or not. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tipline::testing
