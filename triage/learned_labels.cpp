#include "triage/learned_labels.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>

namespace tipline::triage {

namespace {

constexpr std::size_t category_count = 12;
constexpr std::size_t drug_category_count = 10;

const std::vector<std::string>& priorities() {
  static const std::vector<std::string> names{"urgent", "high", "normal", "low"};
  return names;
}

TrainingExample example_of(const Engine& engine, const FeatureHasher& hasher, const LabelledTip& tip,
                           std::int64_t now) {
  TrainingExample e{hasher.features(tip.text, engine.cue_names(tip.text, now)), {}};
  const auto& heads = learned_heads();
  for (std::size_t h = 0; h < heads.size(); ++h) {
    if (h < category_count)
      e.labels.push_back(std::find(tip.categories.begin(), tip.categories.end(), heads[h]) != tip.categories.end());
    else
      e.labels.push_back(tip.priority == heads[h]);
  }
  return e;
}

}  // namespace

const std::vector<std::string>& learned_heads() {
  static const std::vector<std::string> heads{"dealing", "use_den",   "use",    "post_rehab", "trafficking", "cultivation",
                                              "youth",   "disguised", "online", "wanted",     "other",       "spam",
                                              "urgent",  "high",      "normal", "low"};
  return heads;
}

std::vector<LabelledTip> parse_labelled_tips(std::string_view jsonl, std::string_view source) {
  std::vector<LabelledTip> out;
  std::size_t line_no = 0, at = 0;
  const std::set<std::string> known(learned_heads().begin(), learned_heads().begin() + category_count);
  while (at < jsonl.size()) {
    auto end = jsonl.find('\n', at);
    if (end == std::string_view::npos) end = jsonl.size();
    const auto line = jsonl.substr(at, end - at);
    at = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto fail = [&](const std::string& why) {
      return DataFileError(std::string(source) + " line " + std::to_string(line_no) + ": " + why);
    };
    const auto doc = nlohmann::json::parse(line, nullptr, false);
    if (!doc.is_object()) throw fail("not a JSON object");
    LabelledTip tip;
    try {
      tip.id = doc.at("id").get<std::string>();
      tip.text = doc.at("text").get<std::string>();
      tip.categories = doc.at("categories").get<std::vector<std::string>>();
      tip.priority = doc.at("priority").get<std::string>();
      if (doc.contains("group") && !doc["group"].is_null()) tip.group = doc["group"].get<std::string>();
    } catch (const nlohmann::json::exception&) {
      throw fail("needs id, text, categories, priority (and group null or text)");
    }
    if (tip.categories.empty()) throw fail("no category");
    for (const auto& c : tip.categories)
      if (!known.count(c)) throw fail("unknown category \"" + c + "\"");
    if (std::find(priorities().begin(), priorities().end(), tip.priority) == priorities().end())
      throw fail("unknown priority \"" + tip.priority + "\"");
    out.push_back(std::move(tip));
  }
  return out;
}

LearnedTriage::LearnedTriage(const Engine& engine, LinearModel model)
    : engine_(engine), model_(std::move(model)), hasher_(model_.bucket_bits()) {
  if (model_.heads() != learned_heads())
    throw ModelFileError("model file's labels are not the triage's categories and priorities");
}

LearnedTriage LearnedTriage::train(const Engine& engine, const std::vector<LabelledTip>& tips,
                                   const TrainingOptions& options, unsigned bucket_bits) {
  const FeatureHasher hasher(bucket_bits);
  std::vector<TrainingExample> examples;
  examples.reserve(tips.size());
  // Corpus tips carry no date: "now" only dates relative mentions, and a fixed one keeps
  // training deterministic.
  for (const auto& tip : tips) examples.push_back(example_of(engine, hasher, tip, 1735689600));
  return LearnedTriage(engine, LinearModel::train(examples, learned_heads(), bucket_bits, options));
}

LearnedLabels LearnedTriage::labels(std::string_view text, std::int64_t now) const {
  const auto features = hasher_.features(text, engine_.cue_names(text, now));
  std::vector<double> s;
  for (std::size_t h = 0; h < learned_heads().size(); ++h) s.push_back(model_.score(h, features));
  LearnedLabels out;
  // Drug categories above zero; "other"/"spam" only when they beat every drug category,
  // and the best category when none is above zero (GUIDELINES: at least one).
  std::size_t best = 0;
  for (std::size_t c = 0; c < drug_category_count; ++c) {
    if (s[c] > 0) out.categories.push_back(learned_heads()[c]);
    if (s[c] > s[best]) best = c;
  }
  const std::size_t not_drug = s[10] >= s[11] ? 10 : 11;
  if (s[not_drug] > s[best] && (s[not_drug] > 0 || out.categories.empty()))
    out.categories = {learned_heads()[not_drug]};
  else if (out.categories.empty())
    out.categories = {learned_heads()[best]};
  if (!out.drug_related()) {
    out.priority = "low";
  } else {
    std::size_t top = category_count;
    for (std::size_t p = category_count; p < learned_heads().size(); ++p)
      if (s[p] > s[top]) top = p;
    out.priority = learned_heads()[top];
  }
  return out;
}

namespace {

// Counts of labels against the gold ones, tip by tip, for the scores.
class Tally final {
 public:
  void add(const LabelledTip& tip, const LearnedLabels& got) {
    ++tips_;
    const std::set<std::string> gold(tip.categories.begin(), tip.categories.end());
    const std::set<std::string> pred(got.categories.begin(), got.categories.end());
    for (const auto& c : pred) per_[c][gold.count(c) ? 0 : 1]++;
    for (const auto& c : gold)
      if (!pred.count(c)) per_[c][2]++;
    const bool gold_drug = !(gold == std::set<std::string>{"other"} || gold == std::set<std::string>{"spam"});
    drug_ok_ += gold_drug == got.drug_related();
    priority_ok_ += got.priority == tip.priority;
    if (tip.priority == "urgent")
      (got.priority == "urgent" ? urgent_tp_ : urgent_fn_)++;
    else if (got.priority == "urgent")
      ++urgent_fp_;
  }

  TriageScores scores() const {
    auto ratio = [](int a, int b) { return b ? double(a) / b : 1.0; };
    auto f1 = [](double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; };
    TriageScores s;
    int tp = 0, fp = 0, fn = 0;
    for (std::size_t c = 0; c < category_count; ++c) {
      const auto& name = learned_heads()[c];
      const auto it = per_.find(name);
      const std::array<int, 3> n = it == per_.end() ? std::array<int, 3>{0, 0, 0} : it->second;
      tp += n[0];
      fp += n[1];
      fn += n[2];
      CategoryScore cs{name, n[0] + n[2], ratio(n[0], n[0] + n[1]), ratio(n[0], n[0] + n[2]), 0};
      cs.f1 = f1(cs.precision, cs.recall);
      s.per_category.push_back(cs);
    }
    s.tips = tips_;
    s.category_micro_f1 = f1(ratio(tp, tp + fp), ratio(tp, tp + fn));
    s.drug_related_accuracy = ratio(drug_ok_, tips_);
    s.priority_accuracy = ratio(priority_ok_, tips_);
    s.urgent_recall = ratio(urgent_tp_, urgent_tp_ + urgent_fn_);
    s.urgent_precision = ratio(urgent_tp_, urgent_tp_ + urgent_fp_);
    return s;
  }

 private:
  std::map<std::string, std::array<int, 3>> per_;  // category -> true positives, false positives, misses
  int tips_ = 0, drug_ok_ = 0, priority_ok_ = 0, urgent_tp_ = 0, urgent_fp_ = 0, urgent_fn_ = 0;
};

}  // namespace

TriageScores evaluate(const LearnedTriage& triage, const std::vector<LabelledTip>& tips, std::int64_t now) {
  Tally tally;
  for (const auto& tip : tips) tally.add(tip, triage.labels(tip.text, now));
  return tally.scores();
}

TriageScores cross_validate(const Engine& engine, const std::vector<LabelledTip>& tips, int folds,
                            const TrainingOptions& options, unsigned bucket_bits, std::int64_t now) {
  if (folds < 2) throw std::invalid_argument("cross-validation needs at least two folds");
  // A tip's fold follows its group (or its id when it has none), so one situation's
  // tips are held out together and never sit on both sides.
  auto fold_of = [folds](const LabelledTip& tip) {
    const std::string& key = tip.group ? *tip.group : tip.id;
    std::uint32_t h = 2166136261u;
    for (unsigned char c : key) h = (h ^ c) * 16777619u;
    return static_cast<int>(h % static_cast<std::uint32_t>(folds));
  };
  Tally tally;
  for (int k = 0; k < folds; ++k) {
    std::vector<LabelledTip> training, held_out;
    for (const auto& tip : tips) (fold_of(tip) == k ? held_out : training).push_back(tip);
    if (held_out.empty() || training.empty()) continue;
    const auto triage = LearnedTriage::train(engine, training, options, bucket_bits);
    for (const auto& tip : held_out) tally.add(tip, triage.labels(tip.text, now));
  }
  return tally.scores();
}

}  // namespace tipline::triage
