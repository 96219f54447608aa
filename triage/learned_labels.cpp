#include "triage/learned_labels.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>

namespace tipline::triage {

namespace {

// Corpus tips carry no date: "now" only dates relative mentions ("hồi năm 2012"), and a
// fixed one keeps training deterministic.
constexpr std::int64_t corpus_now = 1735689600;  // 2025-01-01

const std::vector<std::string>& priorities() {
  static const std::vector<std::string> names{"urgent", "high", "normal", "low"};
  return names;
}

}  // namespace

std::vector<LabelledTip> parse_labelled_tips(std::string_view jsonl, std::string_view source) {
  std::vector<LabelledTip> out;
  std::size_t line_no = 0, at = 0;
  const std::set<std::string> known(learned_heads().begin(), learned_heads().begin() + learned_category_count);
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

LinearModel train_model(const Engine& engine, const std::vector<LabelledTip>& tips, const TrainingOptions& options,
                        unsigned bucket_bits) {
  const auto& heads = learned_heads();
  std::vector<TrainingExample> examples;
  examples.reserve(tips.size());
  for (const auto& tip : tips) {
    TrainingExample e{engine.model_features(tip.text, corpus_now, bucket_bits), {}};
    for (std::size_t h = 0; h < heads.size(); ++h) {
      if (h < learned_category_count)
        e.labels.push_back(std::find(tip.categories.begin(), tip.categories.end(), heads[h]) != tip.categories.end());
      else
        e.labels.push_back(tip.priority == heads[h]);
    }
    examples.push_back(std::move(e));
  }
  return LinearModel::train(examples, heads, bucket_bits, options);
}

namespace {

// Counts of labels against the gold ones, tip by tip, for the scores.
class Tally final {
 public:
  void add(const LabelledTip& tip, const Result& got) {
    ++tips_;
    const std::set<std::string> gold(tip.categories.begin(), tip.categories.end());
    const std::set<std::string> pred(got.categories.begin(), got.categories.end());
    for (const auto& c : pred) per_[c][gold.count(c) ? 0 : 1]++;
    for (const auto& c : gold)
      if (!pred.count(c)) per_[c][2]++;
    const bool gold_drug = !(gold == std::set<std::string>{"other"} || gold == std::set<std::string>{"spam"});
    drug_ok_ += gold_drug == got.drug_related;
    priority_ok_ += got.priority == tip.priority;
    if (tip.priority == "urgent")
      (got.priority == "urgent" ? urgent_tp_ : urgent_fn_)++;
    else if (got.priority == "urgent")
      ++urgent_fp_;
  }

  // A batch's duplicate groups: `given[i]` is the group the engine gave tips[i].
  void add_groups(const std::vector<const LabelledTip*>& tips, const std::vector<std::optional<std::string>>& given) {
    for (std::size_t i = 0; i < tips.size(); ++i)
      for (std::size_t j = i + 1; j < tips.size(); ++j) {
        const bool gold = tips[i]->group && tips[i]->group == tips[j]->group;
        const bool got = given[i] && given[i] == given[j];
        if (gold && got) ++pair_tp_;
        else if (got) ++pair_fp_;
        else if (gold) ++pair_fn_;
      }
  }

  TriageScores scores() const {
    auto ratio = [](int a, int b) { return b ? double(a) / b : 1.0; };
    auto f1 = [](double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; };
    TriageScores s;
    int tp = 0, fp = 0, fn = 0;
    for (std::size_t c = 0; c < learned_category_count; ++c) {
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
    s.duplicate_pair_precision = ratio(pair_tp_, pair_tp_ + pair_fp_);
    s.duplicate_pair_recall = ratio(pair_tp_, pair_tp_ + pair_fn_);
    s.duplicate_pair_f1 = f1(s.duplicate_pair_precision, s.duplicate_pair_recall);
    return s;
  }

 private:
  std::map<std::string, std::array<int, 3>> per_;  // category -> true positives, false positives, misses
  int tips_ = 0, drug_ok_ = 0, priority_ok_ = 0, urgent_tp_ = 0, urgent_fp_ = 0, urgent_fn_ = 0;
  long pair_tp_ = 0, pair_fp_ = 0, pair_fn_ = 0;
};

// Labels and groups of a batch of tips, received in order at `now`.
void score_batch(const Engine& engine, const std::vector<const LabelledTip*>& tips, std::int64_t now, Tally& tally) {
  Grouper grouper(engine);
  std::vector<std::optional<std::string>> given;
  given.reserve(tips.size());
  for (const auto* tip : tips) {
    const Result r = engine.classify(tip->text, now);
    tally.add(*tip, r);
    given.push_back(grouper.assign(tip->id, r, now));
  }
  tally.add_groups(tips, given);
}

}  // namespace

TriageScores evaluate(const Engine& engine, const std::vector<LabelledTip>& tips, std::int64_t now) {
  Tally tally;
  std::vector<const LabelledTip*> all;
  for (const auto& tip : tips) all.push_back(&tip);
  score_batch(engine, all, now, tally);
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
    std::vector<LabelledTip> training;
    std::vector<const LabelledTip*> held_out;
    for (const auto& tip : tips) {
      if (fold_of(tip) == k) held_out.push_back(&tip);
      else training.push_back(tip);
    }
    if (held_out.empty() || training.empty()) continue;
    const Engine fold_engine(engine.ward(), engine.rules(), train_model(engine, training, options, bucket_bits));
    score_batch(fold_engine, held_out, now, tally);
  }
  return tally.scores();
}

}  // namespace tipline::triage
