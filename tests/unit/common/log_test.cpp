#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <ctime>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "common/log.hpp"

using namespace tipline;

namespace {

// Captures every line written while it lives.
struct CapturedLines {
  CapturedLines() {
    previous = log::set_sink([this](std::string_view line) { lines.emplace_back(line); });
  }
  ~CapturedLines() { log::set_sink(std::move(previous)); }
  std::vector<std::string> lines;
  log::Sink previous;
};

std::chrono::system_clock::time_point parse_stamp(const std::string& line) {
  std::tm tm{};
  int millis = 0;
  REQUIRE(std::sscanf(line.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                      &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis) == 7);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm)) + std::chrono::milliseconds(millis);
}

}  // namespace

TEST_CASE("a log line: UTC time to the millisecond, level, event, then key=value fields", "[log]") {
  CapturedLines captured;
  log::info("request", {{"route", "/tips"}, {"status", 200}, {"ms", 1.5}, {"ref", "TL-2611-00042"}});
  REQUIRE(captured.lines.size() == 1);
  const auto& line = captured.lines[0];
  CHECK(std::regex_match(line, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z info request )"
                                          R"(route=/tips status=200 ms=1.500 ref=TL-2611-00042\n)")));
}

TEST_CASE("a field's value cannot forge a field or a line of its own", "[log][hostile]") {
  CapturedLines captured;
  log::warn("event name", {{"reason", "bad \"quote\" a=b\nerror forged=1"}, {"empty", ""}, {"ctl", "x\x01y\x7f"}});
  REQUIRE(captured.lines.size() == 1);
  const auto& line = captured.lines[0];
  CHECK_THAT(line, Catch::Contains(R"( warn "event name" reason="bad \"quote\" a=b\x0aerror forged=1" empty="" )"
                                   R"(ctl=x\x01y\x7f)"));
  CHECK(line.find('\n') == line.size() - 1);
}

TEST_CASE("timestamps stay right across seconds, on every thread", "[log]") {
  CapturedLines captured;
  std::vector<std::pair<std::chrono::system_clock::time_point, std::chrono::system_clock::time_point>> windows;
  auto write_one = [&] {
    const auto before = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    log::info("tick");
    windows.emplace_back(before, std::chrono::system_clock::now());
  };
  for (int i = 0; i < 6; ++i) {
    write_one();
    std::this_thread::sleep_for(std::chrono::milliseconds(230));  // crosses at least one second
  }
  std::thread(write_one).join();
  REQUIRE(captured.lines.size() == windows.size());
  for (std::size_t i = 0; i < windows.size(); ++i) {
    const auto stamp = parse_stamp(captured.lines[i]);
    CHECK(stamp >= windows[i].first);
    CHECK(stamp <= windows[i].second);
  }
}

namespace {

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Lines logged to the default output go to a file of their own while it lives, and
// not to the test run's stderr.
struct LogFileOnly {
  LogFileOnly() {
    path = std::filesystem::temp_directory_path() / ("tipline-log-test-" + std::to_string(::getpid()) + ".log");
    std::filesystem::remove(path);
    log::flush();
    saved_stderr = ::dup(STDERR_FILENO);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDERR_FILENO);
    ::close(null);
    log::log_to_file(path.string());
  }
  ~LogFileOnly() {
    log::flush();
    ::dup2(saved_stderr, STDERR_FILENO);
    ::close(saved_stderr);
    std::filesystem::remove(path);
  }
  std::filesystem::path path;
  int saved_stderr = -1;
};

}  // namespace

TEST_CASE("info lines are written within moments; a warning at once, with every line before it", "[log]") {
  LogFileOnly output;
  log::info("first_info", {{"n", 1}});
  log::warn("then_warn", {{"n", 2}});
  const std::string at_warning = read_whole(output.path);
  const auto first = at_warning.find("first_info n=1\n");
  const auto warned = at_warning.find("then_warn n=2\n");
  REQUIRE(first != std::string::npos);
  REQUIRE(warned != std::string::npos);
  CHECK(first < warned);

  log::info("later_info");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (read_whole(output.path).find("later_info") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK_THAT(read_whole(output.path), Catch::Contains("later_info\n"));
}

TEST_CASE("lines from many threads all arrive whole, each thread's in its order", "[log]") {
  LogFileOnly output;
  constexpr int threads = 4, per_thread = 3000;  // several batches' worth
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([t] {
      for (int i = 0; i < per_thread; ++i) log::info("line", {{"thread", t}, {"i", i}, {"pad", std::string(40, 'x')}});
    });
  for (auto& writer : writers) writer.join();
  log::flush();

  std::istringstream text(read_whole(output.path));
  std::vector<int> next(threads, 0);
  const std::regex shape(R"(\S+ info line thread=(\d) i=(\d+) pad=x{40})");
  std::string line;
  int count = 0;
  while (std::getline(text, line)) {
    std::smatch m;
    REQUIRE(std::regex_match(line, m, shape));
    const int t = std::stoi(m[1].str());
    CHECK(std::stoi(m[2].str()) == next[t]);
    next[t] = std::stoi(m[2].str()) + 1;
    ++count;
  }
  CHECK(count == threads * per_thread);
}
