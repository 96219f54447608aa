#include "support/run_tipline.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace tipline::testing {

Run run_tipline(const TestDataDir& data, const std::vector<std::string>& args, const std::string& input) {
  static int runs = 0;
  const auto out_file = data.dir / ("cli-" + std::to_string(++runs) + ".out");
  const auto err_file = data.dir / ("cli-" + std::to_string(runs) + ".err");
  const auto in_file = data.dir / ("cli-" + std::to_string(runs) + ".in");
  std::ofstream(in_file, std::ios::binary) << input;
  std::vector<std::string> words{TIPLINE_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = ::open(in_file.c_str(), O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 || ::dup2(in, 0) < 0) std::_Exit(126);
    ::execv(TIPLINE_BINARY, argv.data());
    std::_Exit(127);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) throw std::runtime_error("waitpid failed");
  Run run;
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = read_file(out_file);
  run.err = read_file(err_file);
  return run;
}

Run tipline_cmd(const TestDataDir& data, std::vector<std::string> args) {
  args.push_back("--config");
  args.push_back(data.config_file.string());
  return run_tipline(data, args);
}

}  // namespace tipline::testing
