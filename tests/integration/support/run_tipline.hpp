#pragma once
// The tipline binary run as a separate process, as an operator runs it.
#include <string>
#include <vector>

#include "support/test_server.hpp"

namespace tipline::testing {

struct Run {
  int status = -1;  // exit status, or 128+signal
  std::string out;
  std::string err;
};

// Runs the tipline binary with `args`, stdout and stderr captured to files in `data`,
// stdin read from `input` (empty: nothing). The working directory is the test's, not
// the source tree.
Run run_tipline(const TestDataDir& data, const std::vector<std::string>& args, const std::string& input = "");

// `args` followed by --config FILE.
Run tipline_cmd(const TestDataDir& data, std::vector<std::string> args);

}  // namespace tipline::testing
