#include "gateway/cli/triage_command.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "common/domain.hpp"
#include "gateway/cli/args.hpp"
#include "gateway/cli/store_access.hpp"
#include "gateway/cli/triage_files.hpp"
#include "handlers/tips/message_body.hpp"
#include "triage/learned_labels.hpp"
#include "webhook-config/config_loader.hpp"

namespace tipline::commands {
namespace {

namespace fs = std::filesystem;

constexpr const char* usage =
    "usage:\n"
    "  tipline triage [FILES]  < tips.jsonl > labels.jsonl\n"
    "  tipline triage train [--corpus DIR] [--out FILE] [--seed N] [--epochs N] [FILES]\n"
    "  tipline triage evaluate [--corpus DIR] [--dev FILE] [--folds K] [FILES]\n"
    "  tipline triage retrain --config FILE [--corpus DIR] [--out FILE] [--folds K]\n"
    "FILES: --config FILE, or --ward FILE --rules FILE --model FILE, or --rules-only;\n"
    "by default the ward, rules and model shipped in webhook-config/.\n";

// A bad argument or an unusable file: the message, then exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The ward, rules and model the arguments name.
TriageFiles triage_files(const cli::Args& args, bool model_wanted) {
  TriageFiles files = shipped_triage_files();
  if (args.config_file) {
    const auto config = config::load_config(*args.config_file, args.overrides);
    files = {config.ward_file, config.triage_rules_file, config.triage_model_file};
  }
  if (auto ward = args.option("--ward")) files.ward = *ward;
  if (auto rules = args.option("--rules")) files.rules = *rules;
  if (auto model = args.option("--model")) files.model = fs::path(*model);
  if (args.flag("--rules-only") || !model_wanted) files.model.reset();
  return files;
}

std::uint64_t number_option(const cli::Args& args, std::string_view name, std::uint64_t fallback, std::uint64_t low,
                            std::uint64_t high) {
  const auto text = args.option(name);
  if (!text) return fallback;
  std::uint64_t value = 0;
  const auto* end = text->data() + text->size();
  const auto [at, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || at != end || value < low || value > high)
    throw UsageError(std::string(name) + " takes a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high));
  return value;
}

triage::TrainingOptions training_options(const cli::Args& args) {
  triage::TrainingOptions options;
  options.seed = number_option(args, "--seed", options.seed, 0, UINT64_MAX);
  options.epochs = static_cast<int>(number_option(args, "--epochs", options.epochs, 1, 100));
  return options;
}

// Scores as a table: the headline figures, then precision, recall and F1 per category.
void print_scores(std::ostream& out, const std::string& title, const triage::TriageScores& s) {
  out << title << " (" << s.tips << " tips)\n" << std::fixed << std::setprecision(3);
  out << "  category micro-F1     " << s.category_micro_f1 << "\n";
  out << "  drug-related accuracy " << s.drug_related_accuracy << "\n";
  out << "  priority accuracy     " << s.priority_accuracy << "\n";
  out << "  urgent recall         " << s.urgent_recall << "   precision " << s.urgent_precision << "\n";
  out << "  duplicate pairs F1    " << s.duplicate_pair_f1 << "   precision " << s.duplicate_pair_precision
      << " recall " << s.duplicate_pair_recall << "\n";
  out << "  category      support  precision  recall     F1\n";
  for (const auto& c : s.per_category)
    out << "  " << std::left << std::setw(12) << c.category << std::right << std::setw(9) << c.support
        << std::setw(11) << c.precision << std::setw(8) << c.recall << std::setw(7) << c.f1 << "\n";
  out.unsetf(std::ios::floatfield);
}

int label_stdin(const cli::Args& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!args.positional.empty()) throw UsageError("unexpected argument " + args.positional.front());
  const triage::Engine engine = load_engine(triage_files(args, true));
  triage::Grouper grouper(engine);
  // The only clock read: the command stands in for the server, which passes its own `now`.
  const std::int64_t now = unix_now();
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
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
    const triage::Result r = engine.classify(text, now);
    out << triage::to_json_line(id, r, grouper.assign(id, r, now)) << '\n';
  }
  out.flush();
  return 0;
}

fs::path corpus_of(const cli::Args& args) {
  if (auto corpus = args.option("--corpus")) return *corpus;
  return shipped_training_corpus();
}

int train(const cli::Args& args, std::ostream& out) {
  const auto files = triage_files(args, false);
  const auto engine = load_engine(files);
  const auto corpus = corpus_of(args);
  const auto tips = read_labelled_tips(corpus);
  const fs::path target = args.option("--out") ? fs::path(*args.option("--out")) : shipped_triage_files().model.value();
  const auto started = std::chrono::steady_clock::now();
  const auto model = triage::train_model(engine, tips, training_options(args));
  const auto bytes = model.serialize();
  write_file_atomically(target, bytes);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << "trained on " << tips.size() << " tips from " << corpus.string() << " in " << std::fixed
      << std::setprecision(1) << seconds << " s\nwrote " << target.string() << " (" << bytes.size() / 1024
      << " KiB)\n";
  return 0;
}

int evaluate(const cli::Args& args, std::ostream& out) {
  const auto files = triage_files(args, true);
  const auto rules_engine = load_engine(triage_files(args, false));
  const auto tips = read_labelled_tips(corpus_of(args));
  const int folds = static_cast<int>(number_option(args, "--folds", 5, 2, 20));
  const std::int64_t now = 1735689600;  // corpus tips carry no date; a fixed one repeats
  print_scores(out,
               std::to_string(folds) + "-fold cross-validation over the training corpus, split by duplicate group",
               triage::cross_validate(rules_engine, tips, folds, training_options(args),
                                      triage::default_bucket_bits, now));
  const fs::path dev = args.option("--dev") ? fs::path(*args.option("--dev")) : shipped_dev_set();
  if (fs::exists(dev)) {
    const auto engine = load_engine(files);
    const std::string which = files.model ? "the model " + files.model->string() : "the rules alone";
    print_scores(out, "dev set " + dev.string() + ", labelled by " + which,
                 triage::evaluate(engine, read_labelled_tips(dev), now));
  }
  return 0;
}

// The ward's corrected tips as labelled tips: the reporter's words, decrypted here and
// never written out, with the officer's labels.
std::vector<triage::LabelledTip> corrected_tips(storage::SqliteStore& store) {
  std::vector<triage::LabelledTip> out;
  for (const auto id : store.corrected_tip_ids()) {
    const auto tip = store.load_tip(id);
    const auto words = store.reporter_words(id);
    if (!tip || !tip->correction || !words) continue;
    triage::LabelledTip labelled;
    labelled.id = "ward-" + std::to_string(id);
    labelled.text = handlers::reporter_text(words->bodies);
    if (labelled.text.empty()) continue;
    const auto& labels = tip->correction->labels;
    for (const auto c : labels.categories) labelled.categories.emplace_back(domain::stored_name(c));
    if (labelled.categories.empty()) continue;
    labelled.priority = std::string(domain::stored_name(labels.priority));
    // Tips of one duplicate group are one situation: they stay in one fold.
    if (tip->labels.group) labelled.group = "ward-" + *tip->labels.group;
    out.push_back(std::move(labelled));
  }
  return out;
}

int retrain(const cli::Args& args, std::ostream& out) {
  if (!args.config_file) throw UsageError("retrain needs --config FILE: it reads the ward's corrected tips");
  auto opened = cli::open_store(args);
  const auto& config = opened.config;
  const TriageFiles files{config.ward_file, config.triage_rules_file, config.triage_model_file};
  const auto rules_engine = load_engine({files.ward, files.rules, std::nullopt});
  const auto corpus = read_labelled_tips(corpus_of(args));
  const auto ward_tips = corrected_tips(*opened.store);
  opened.store->shutdown();
  const fs::path target = args.option("--out")          ? fs::path(*args.option("--out"))
                          : config.triage_model_file     ? *config.triage_model_file
                                                         : config.ward_file.parent_path() / "triage-model.bin";
  const int folds = static_cast<int>(number_option(args, "--folds", 5, 2, 20));
  const auto options = training_options(args);
  const std::int64_t now = 1735689600;
  out << "corrected tips from the ward: " << ward_tips.size() << "\n";
  if (files.model && fs::exists(*files.model) && !ward_tips.empty())
    print_scores(out, "before: the current model on the ward's corrected tips",
                 triage::evaluate(load_engine(files), ward_tips, now));
  print_scores(out, "before: cross-validation over the shipped corpus alone",
               triage::cross_validate(rules_engine, corpus, folds, options, triage::default_bucket_bits, now));
  auto all = corpus;
  all.insert(all.end(), ward_tips.begin(), ward_tips.end());
  if (!ward_tips.empty())
    print_scores(out, "after: cross-validation over the corpus and the ward's corrected tips",
                 triage::cross_validate(rules_engine, all, folds, options, triage::default_bucket_bits, now));
  const auto bytes = triage::train_model(rules_engine, all, options).serialize();
  // The model it replaces is kept beside it, to go back to if the ward's labels misled it.
  std::error_code ec;
  if (fs::exists(target, ec)) {
    write_file_atomically(target.string() + ".previous", read_whole_file(target));
    out << "kept the previous model as " << target.string() << ".previous\n";
  }
  write_file_atomically(target, bytes);
  out << "wrote " << target.string() << " (" << all.size() << " tips); restart the server to use it\n";
  return 0;
}

}  // namespace

int run_triage(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err) {
  if (argc > 0 && (std::string_view(argv[0]) == "--help" || std::string_view(argv[0]) == "-h")) {
    out << usage;
    return 0;
  }
  std::string command;
  if (argc > 0 && argv[0][0] != '-') {
    command = argv[0];
    --argc;
    ++argv;
  }
  const auto args = cli::parse(argc, argv, {"--ward", "--rules", "--model", "--corpus", "--out", "--seed", "--epochs",
                                            "--dev", "--folds"},
                               {"--rules-only"}, cli::ConfigFile::optional);
  if (!args.error.empty()) {
    err << "tipline triage: " << args.error << "\n" << usage;
    return 2;
  }
  try {
    if (command.empty()) return label_stdin(args, in, out, err);
    if (!args.positional.empty()) throw UsageError("unexpected argument " + args.positional.front());
    if (command == "train") return train(args, out);
    if (command == "evaluate") return evaluate(args, out);
    if (command == "retrain") return retrain(args, out);
    throw UsageError("unknown command \"" + command + "\"");
  } catch (const UsageError& e) {
    err << "tipline triage: " << e.what() << "\n" << usage;
  } catch (const std::exception& e) {
    err << "tipline triage: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace tipline::commands
