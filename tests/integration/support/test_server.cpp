#include "support/test_server.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "gateway/cli/dev_certificate.hpp"
#include "gateway/cli/service.hpp"
#include "storage/sqlite_store.hpp"
#include "webhook-config/config_loader.hpp"

namespace tipline::testing {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TestDataDir::TestDataDir(const std::string& extra_config_json) {
  dir = fs::temp_directory_path() / ("tipline-it-" + encoding::to_hex(crypto::random_bytes(6)));
  fs::create_directories(dir / "data" / "keys");
  for (const char* name : {"data-1.key", "form-token.key", "receipt.key", "pseudonym.key", "audit.key"})
    std::ofstream(dir / "data" / "keys" / name) << encoding::to_hex(crypto::random_bytes(32)) << "\n";
  gateway::write_development_certificate(dir / "data" / "tls" / "cert.pem", dir / "data" / "tls" / "key.pem");
  config_file = dir / "tipline.json";
  std::string source = TIPLINE_SOURCE_DIR;
  std::ofstream(config_file) << "{\n"
                             << extra_config_json << "\n"
                             << R"("data_dir": ")" << (dir / "data").string() << R"(",
  "listen": "127.0.0.1:0",
  "log_file": "tipline.log",
  "ward_file": ")" << source << R"(/webhook-config/ward.json",
  "triage_rules_file": ")" << source << R"(/webhook-config/triage-rules.json",
  "triage_model_file": ")" << source << R"(/webhook-config/triage-model.bin",
  "keys": {"data_keys": [{"id": 1, "file": "keys/data-1.key"}], "active_data_key": 1,
           "form_token_key": {"file": "keys/form-token.key"}, "receipt_key": {"file": "keys/receipt.key"},
           "pseudonym_key": {"file": "keys/pseudonym.key"}, "audit_key": {"file": "keys/audit.key"}}
})";
}

TestDataDir::~TestDataDir() {
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

TestServer::TestServer(const std::string& extra_config_json) : data_(extra_config_json) {
  auto lines = log_;
  auto mutex = log_mutex_;
  log::set_sink([lines, mutex](std::string_view line) {
    std::lock_guard lock(*mutex);
    lines->emplace_back(line);
  });
  service_ = std::make_unique<gateway::Service>(config::load_config(data_.config_file));
  port_ = service_->start();
}

TestServer::~TestServer() {
  stop();
  log::set_sink(nullptr);
}

storage::SqliteStore& TestServer::store() {
  wait_until_filed();
  return service_->store();
}

void TestServer::wait_until_filed() {
  if (stopped_) return;  // what is left waits for the next start
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (service_->store().delivery_count() > 0) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("webhook deliveries were not filed in 20 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}
const config::Config& TestServer::config() const { return service_->config(); }

void TestServer::stop() {
  if (stopped_) return;
  stopped_ = true;
  service_->stop();
  service_->wait();
}

std::vector<std::string> TestServer::log_lines() {
  wait_until_filed();
  std::lock_guard lock(*log_mutex_);
  return *log_;
}

ServerProcess::ServerProcess(const TestDataDir& data) {
  static int started = 0;
  log_file_ = data.dir / ("stderr-" + std::to_string(++started) + ".log");
  pid_ = ::fork();
  if (pid_ == 0) {
    FILE* err = std::freopen(log_file_.c_str(), "a", stderr);
    (void)err;
    ::execl(TIPLINE_BINARY, TIPLINE_BINARY, "serve", "--config", data.config_file.c_str(), nullptr);
    std::_Exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
  std::regex listening("listening address=\\S+ port=(\\d+)");
  for (int i = 0; i < 600; ++i) {
    std::smatch m;
    std::string text = log();
    if (std::regex_search(text, m, listening)) {
      port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("tipline serve exited early: " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("tipline serve did not start listening");
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void ServerProcess::signal(int sig) { ::kill(pid_, sig); }

int ServerProcess::wait_exit() {
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

std::string ServerProcess::log() const { return read_file(log_file_); }

}  // namespace tipline::testing
