#include <catch2/catch.hpp>

#include <chrono>
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
