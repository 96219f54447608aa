#pragma once
// Loads the shipped ward and rules files once per test binary.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "triage/triage.hpp"

namespace tipline::triage::testing {

inline std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline const Engine& shipped_engine() {
  static const Engine engine(parse_ward(read_text(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/ward.json")),
                             parse_rules(read_text(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/triage-rules.json")));
  return engine;
}

constexpr std::int64_t kNow = 1735689600;  // 2025-01-01, so "hồi năm 2012" is old

inline bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace tipline::triage::testing
