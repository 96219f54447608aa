// Triage throughput: the dev corpus repeated to 100,000 tips, classified and grouped on one
// thread by the learned engine and by the rules alone, beside plain JSON parsing of the
// same lines as a baseline; and the model file's size and load time.
// usage: triage_bench CORPUS.jsonl WARD.json RULES.json MODEL.bin [TIPS]
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
  if (argc < 5) {
    std::cerr << "usage: triage_bench CORPUS.jsonl WARD.json RULES.json MODEL.bin [TIPS]\n";
    return 2;
  }
  std::size_t total = argc > 5 ? std::stoul(argv[5]) : 100000;
  std::vector<std::string> corpus;
  std::istringstream in(read_text(argv[1]));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) corpus.push_back(line);
  if (corpus.empty()) {
    std::cerr << "empty corpus\n";
    return 2;
  }
  using namespace tipline::triage;
  const std::int64_t now = 1735689600;
  auto t0 = std::chrono::steady_clock::now();
  const std::string model_bytes = read_text(argv[4]);
  const Engine learned(parse_ward(read_text(argv[2])), parse_rules(read_text(argv[3])), LinearModel::parse(model_bytes));
  const double load_s = seconds_since(t0);
  const Engine rules_only(parse_ward(read_text(argv[2])), parse_rules(read_text(argv[3])));

  t0 = std::chrono::steady_clock::now();
  std::size_t sink = 0;
  for (std::size_t i = 0; i < total; ++i) {
    auto j = nlohmann::json::parse(corpus[i % corpus.size()]);
    sink += j["text"].get_ref<const std::string&>().size();
  }
  const double parse_s = seconds_since(t0);

  auto run = [&](const Engine& engine) {
    Grouper grouper(engine);
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < total; ++i) {
      auto j = nlohmann::json::parse(corpus[i % corpus.size()]);
      Result r = engine.classify(j["text"].get_ref<const std::string&>(), now);
      // Each repetition is a new tip a second later, so the index keeps growing.
      auto g = grouper.assign(std::string("t").append(std::to_string(i)), r, now + static_cast<std::int64_t>(i));
      sink += r.categories.size() + (g ? 1 : 0);
    }
    return seconds_since(start);
  };
  const double rules_s = run(rules_only);
  const double learned_s = run(learned);

  auto rate = [total](double seconds) { return static_cast<double>(total) / seconds; };
  std::printf("tips: %zu (corpus of %zu lines repeated), one thread\n", total, corpus.size());
  std::printf("model file: %.1f MB, loaded with the ward and rules in %.0f ms (goals: under 20 MB, under 1 s)\n",
              static_cast<double>(model_bytes.size()) / 1e6, 1e3 * load_s);
  std::printf("json parse only (baseline):          %10.0f tips/s per core\n", rate(parse_s));
  std::printf("parse + rules alone + grouping:      %10.0f tips/s per core (%.1f us/tip)\n", rate(rules_s),
              1e6 * rules_s / static_cast<double>(total));
  std::printf("parse + learned triage + grouping:   %10.0f tips/s per core (%.1f us/tip; goal: 20,000 tips/s)\n",
              rate(learned_s), 1e6 * learned_s / static_cast<double>(total));
  std::printf("(checksum %zu)\n", sink);
  return 0;
}
