// Parsing a Messenger webhook body before its 200: the gateway's parser (Boost.JSON and
// the Messenger adapter) beside nlohmann_json merely building a DOM of the same bodies,
// the parser the adapter used before. Bodies are text messages made from the dev
// corpus, ASCII with \uXXXX escapes as Meta sends them.
// usage: webhook_parse_bench CORPUS.jsonl [ROUNDS]
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "handlers/channels/inbound_messenger.hpp"

namespace {

std::vector<std::string> messenger_bodies(const char* corpus_path) {
  std::ifstream in(corpus_path, std::ios::binary);
  std::vector<std::string> bodies;
  std::int64_t n = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto text = nlohmann::json::parse(line).value("text", std::string());
    const std::int64_t ms = 1795496133234 + n;
    nlohmann::json message = {{"mid", "m_bench_" + std::to_string(n++)}, {"text", text}};
    nlohmann::json element = {{"sender", {{"id", std::to_string(2570000000000000 + n % 4000)}}},
                              {"recipient", {{"id", "104857600012345"}}},
                              {"timestamp", ms},
                              {"message", message}};
    nlohmann::json body = {{"object", "page"},
                           {"entry", {{{"id", "104857600012345"}, {"time", ms}, {"messaging", {element}}}}}};
    bodies.push_back(body.dump(-1, ' ', /*ensure_ascii=*/true));
  }
  return bodies;
}

template <typename Parse>
double microseconds_per_body(const std::vector<std::string>& bodies, int rounds, Parse parse) {
  std::size_t sink = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r)
    for (const auto& body : bodies) sink += parse(body);
  const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count();
  if (sink == 0) std::cerr << "nothing parsed\n";
  return us / (static_cast<double>(rounds) * static_cast<double>(bodies.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: webhook_parse_bench CORPUS.jsonl [ROUNDS]\n";
    return 2;
  }
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 50;
  const auto bodies = messenger_bodies(argv[1]);
  if (bodies.empty()) {
    std::cerr << "no bodies made from " << argv[1] << "\n";
    return 2;
  }
  const double gateway = microseconds_per_body(
      bodies, rounds, [](const std::string& b) { return tipline::channels::parse_messenger_webhook(b).size(); });
  const double dom_only = microseconds_per_body(bodies, rounds, [](const std::string& b) {
    return nlohmann::json::parse(b.begin(), b.end(), nullptr, false).size();
  });
  std::printf("%zu Messenger bodies x %d rounds, one thread\n", bodies.size(), rounds);
  std::printf("gateway parser (Boost.JSON + adapter)   %.2f us/body\n", gateway);
  std::printf("nlohmann_json DOM only (baseline)       %.2f us/body\n", dom_only);
  std::printf("ratio baseline/gateway: %.1f\n", dom_only / gateway);
  return 0;
}
