#pragma once
// Where the triage's data files are and how they become an Engine, for the server and
// for every `tipline triage` command alike. Without a config, the files shipped in
// webhook-config/ and the training corpus of this source tree are used, wherever the
// command is run from.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "triage/learned_labels.hpp"
#include "triage/triage.hpp"

namespace tipline::commands {

struct TriageFiles {
  std::filesystem::path ward;
  std::filesystem::path rules;
  std::optional<std::filesystem::path> model;  // none: the rules alone label tips
};

// The shipped ward, rules and model.
TriageFiles shipped_triage_files();
// The shipped training corpus (a folder of .jsonl slices) and dev.jsonl, the validation set.
std::filesystem::path shipped_training_corpus();
std::filesystem::path shipped_dev_set();

// An engine from the files. Throws config::ConfigError naming the file and what is wrong
// with it (unreadable, malformed ward or rules, a refused model file).
triage::Engine load_engine(const TriageFiles& files);

// Every .jsonl file of `folder` in name order, or `path` itself when it is a file.
// Throws std::runtime_error (no such folder, no slices) or triage::DataFileError.
std::vector<triage::LabelledTip> read_labelled_tips(const std::filesystem::path& path);

// Writes `bytes` to `path` through a temporary file and a rename, so a reader never
// sees half a model. Throws std::runtime_error.
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes);

}  // namespace tipline::commands
