#include "gateway/cli/triage_files.hpp"

#include "gateway/cli/store_access.hpp"
#include "webhook-config/config_loader.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tipline::commands {

namespace fs = std::filesystem;

namespace {

// Set by CMake: the source tree's webhook-config/ and tests/fixtures/triage/.
#ifndef TIPLINE_SHIPPED_CONFIG_DIR
#error "TIPLINE_SHIPPED_CONFIG_DIR must name webhook-config/"
#endif
#ifndef TIPLINE_TRIAGE_FIXTURES_DIR
#error "TIPLINE_TRIAGE_FIXTURES_DIR must name tests/fixtures/triage/"
#endif

}  // namespace

TriageFiles shipped_triage_files() {
  const fs::path dir = TIPLINE_SHIPPED_CONFIG_DIR;
  return {dir / "ward.json", dir / "triage-rules.json", dir / "triage-model.bin"};
}

fs::path shipped_training_corpus() { return fs::path(TIPLINE_TRIAGE_FIXTURES_DIR) / "train"; }
fs::path shipped_dev_set() { return fs::path(TIPLINE_TRIAGE_FIXTURES_DIR) / "dev.jsonl"; }

triage::Engine load_engine(const TriageFiles& files) {
  auto named = [](const fs::path& path, auto&& parse) {
    try {
      return parse(read_whole_file(path));
    } catch (const triage::DataFileError& e) {
      throw config::ConfigError(path.string() + ": " + e.what());
    } catch (const triage::ModelFileError& e) {
      throw config::ConfigError(path.string() + ": " + e.what());
    }
  };
  auto ward = named(files.ward, [](const std::string& t) { return triage::parse_ward(t); });
  auto rules = named(files.rules, [](const std::string& t) { return triage::parse_rules(t); });
  if (!files.model) return triage::Engine(std::move(ward), std::move(rules));
  auto model = named(*files.model, [](const std::string& t) { return triage::LinearModel::parse(t); });
  try {
    return triage::Engine(std::move(ward), std::move(rules), std::move(model));
  } catch (const triage::ModelFileError& e) {
    throw config::ConfigError(files.model->string() + ": " + e.what());
  }
}

std::vector<triage::LabelledTip> read_labelled_tips(const fs::path& path) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path))
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::runtime_error(path.string() + ": no .jsonl files");
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    throw std::runtime_error(path.string() + ": no such file or folder");
  }
  std::vector<triage::LabelledTip> tips;
  for (const auto& file : files) {
    auto some = triage::parse_labelled_tips(read_whole_file(file), file.string());
    tips.insert(tips.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
  }
  return tips;
}

void write_file_atomically(const fs::path& path, const std::string& bytes) {
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw std::runtime_error("cannot write " + temporary.string());
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) throw std::runtime_error("cannot replace " + path.string() + ": " + ec.message());
}

}  // namespace tipline::commands
