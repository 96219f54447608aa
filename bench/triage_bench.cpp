// Triage throughput: the dev corpus repeated to 100,000 tips, classified and grouped on one
// thread, beside plain JSON parsing of the same lines as a baseline.
// usage: triage_bench CORPUS.jsonl WARD.json RULES.json [TIPS]
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "triage/triage.hpp"

namespace {

std::string read_text(const char* path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: triage_bench CORPUS.jsonl WARD.json RULES.json [TIPS]\n";
    return 2;
  }
  std::size_t total = argc > 4 ? std::stoul(argv[4]) : 100000;
  std::vector<std::string> corpus;
  std::istringstream in(read_text(argv[1]));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) corpus.push_back(line);
  if (corpus.empty()) {
    std::cerr << "empty corpus\n";
    return 2;
  }
  using namespace tipline::triage;
  Engine engine(parse_ward(read_text(argv[2])), parse_rules(read_text(argv[3])));
  const std::int64_t now = 1735689600;

  auto t0 = std::chrono::steady_clock::now();
  std::size_t sink = 0;
  for (std::size_t i = 0; i < total; ++i) {
    auto j = nlohmann::json::parse(corpus[i % corpus.size()]);
    sink += j["text"].get_ref<const std::string&>().size();
  }
  double parse_s = seconds_since(t0);

  Grouper grouper(engine);
  t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < total; ++i) {
    auto j = nlohmann::json::parse(corpus[i % corpus.size()]);
    Result r = engine.classify(j["text"].get_ref<const std::string&>(), now);
    // Each repetition is a new tip a second later, so the index keeps growing.
    auto g = grouper.assign(std::string("t").append(std::to_string(i)), r, now + static_cast<std::int64_t>(i));
    sink += r.categories.size() + (g ? 1 : 0);
  }
  double triage_s = seconds_since(t0);

  std::printf("tips: %zu (corpus of %zu lines repeated), one thread\n", total, corpus.size());
  std::printf("json parse only:          %10.0f tips/s per core\n", static_cast<double>(total) / parse_s);
  std::printf("parse + triage + grouping: %10.0f tips/s per core (%.1f us/tip)\n",
              static_cast<double>(total) / triage_s, 1e6 * triage_s / static_cast<double>(total));
  std::printf("(checksum %zu)\n", sink);
  return 0;
}
