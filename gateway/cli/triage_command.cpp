#include "gateway/cli/triage_command.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "common/clock.hpp"
#include "triage/triage.hpp"

namespace tipline::commands {
namespace {

// Without --rules the file is looked up relative to the working directory, as the server
// does: the rules are data a ward tunes, so none are compiled in.
constexpr const char* kDefaultRules = "webhook-config/triage-rules.json";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

int run_triage(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string ward_path, rules_path = kDefaultRules;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--ward" || arg == "--rules") && i + 1 < argc) {
      (arg == "--ward" ? ward_path : rules_path) = argv[++i];
    } else {
      err << "tipline triage: unknown argument '" << arg << "'\nusage: tipline triage --ward FILE [--rules FILE]\n";
      return 2;
    }
  }
  if (ward_path.empty()) {
    err << "usage: tipline triage --ward FILE [--rules FILE]\n";
    return 2;
  }
  std::optional<triage::Engine> engine;
  try {
    auto ward_text = read_file(ward_path);
    if (!ward_text) {
      err << "tipline triage: cannot read ward file " << ward_path << "\n";
      return 2;
    }
    auto rules_text = read_file(rules_path);
    if (!rules_text) {
      err << "tipline triage: cannot read rules file " << rules_path << "\n";
      return 2;
    }
    triage::Ward ward;
    try {
      ward = triage::parse_ward(*ward_text);
    } catch (const triage::DataFileError& e) {
      err << "tipline triage: " << ward_path << ": " << e.what() << "\n";
      return 2;
    }
    try {
      engine.emplace(std::move(ward), triage::parse_rules(*rules_text));
    } catch (const triage::DataFileError& e) {
      err << "tipline triage: " << rules_path << ": " << e.what() << "\n";
      return 2;
    }
  } catch (const std::exception& e) {
    err << "tipline triage: " << e.what() << "\n";
    return 2;
  }

  triage::Grouper grouper(*engine);
  // The only clock read: the command stands in for the server, which passes its own `now`.
  const std::int64_t now = unix_now();
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error&) {
      err << "tipline triage: input line " << line_no << ": not valid JSON\n";
      return 2;
    }
    if (!j.is_object() || !j.contains("id") || !j.contains("text") || !j["text"].is_string() ||
        !(j["id"].is_string() || j["id"].is_number_integer())) {
      err << "tipline triage: input line " << line_no << ": needs a string \"text\" and an \"id\"\n";
      return 2;
    }
    std::string id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    const auto& text = j["text"].get_ref<const std::string&>();
    triage::Result r = engine->classify(text, now);
    auto group = grouper.assign(id, r, now);
    out << triage::to_json_line(id, r, group) << '\n';
  }
  out.flush();
  return 0;
}

}  // namespace tipline::commands
