#pragma once
// The real gateway for integration tests: a fresh data directory with keys and a
// development certificate, the SQLite store, and the HTTPS server on 127.0.0.1:0,
// either in this process (TestServer) or as a child `tipline serve` (ServerProcess).
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "webhook-config/config.hpp"

namespace tipline::storage {
class SqliteStore;
}
namespace tipline::gateway {
class Service;
}

namespace tipline::testing {

std::string read_file(const std::filesystem::path& path);

// A data directory with keys and certificate plus a config file pointing at it.
struct TestDataDir {
  explicit TestDataDir(const std::string& extra_config_json = "");
  ~TestDataDir();
  std::filesystem::path dir;
  std::filesystem::path config_file;
  std::filesystem::path database_file() const { return dir / "data" / "tipline.db"; }
};

class TestServer final {
 public:
  // `extra_config_json` is spliced into the config's top-level object, e.g.
  // R"("web_form": {"submissions_per_source_per_hour": 2},)".
  explicit TestServer(const std::string& extra_config_json = "");
  ~TestServer();

  std::uint16_t port() const { return port_; }
  // The store, and the log, once every webhook delivery acknowledged so far is filed
  // (the gateway files them after its 200).
  storage::SqliteStore& store();
  const config::Config& config() const;
  const std::filesystem::path& dir() const { return data_.dir; }

  void stop();  // graceful, as on SIGTERM; blocks until done
  void wait_until_filed();
  std::vector<std::string> log_lines();

 private:
  TestDataDir data_;
  std::unique_ptr<gateway::Service> service_;
  std::uint16_t port_ = 0;
  std::shared_ptr<std::mutex> log_mutex_ = std::make_shared<std::mutex>();
  std::shared_ptr<std::vector<std::string>> log_ = std::make_shared<std::vector<std::string>>();
  bool stopped_ = false;
};

// `tipline serve` as a child process, its stderr captured to a file.
class ServerProcess final {
 public:
  explicit ServerProcess(const TestDataDir& data);
  ~ServerProcess();
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  void signal(int sig);
  int wait_exit();  // the exit status, or 128+signal
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::filesystem::path log_file_;
};

}  // namespace tipline::testing
