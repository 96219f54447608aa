#pragma once
// The learned triage: a LinearModel with one head per category and per priority, over
// the text's hashed features and the lexicon's cues, and the one rule that turns its
// scores into labels (used alike when serving, evaluating and cross-validating).
// Also the labelled corpus it learns from, and k-fold cross-validation split by
// duplicate group so a situation never sits on both sides of a fold.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triage/linear_model.hpp"
#include "triage/triage.hpp"

namespace tipline::triage {

// The heads, in file order: the twelve categories, then the four priorities.
const std::vector<std::string>& learned_heads();

struct LabelledTip {
  std::string id;
  std::string text;
  std::vector<std::string> categories;
  std::string priority;
  std::optional<std::string> group;
};

// JSON Lines as GUIDELINES.md describes them; throws DataFileError naming `source` and
// the line of the first bad record.
std::vector<LabelledTip> parse_labelled_tips(std::string_view jsonl, std::string_view source);

struct LearnedLabels {
  std::vector<std::string> categories;  // sorted like learned_heads(); "other"/"spam" alone
  std::string priority;
  bool drug_related() const { return !(categories.size() == 1 && (categories[0] == "other" || categories[0] == "spam")); }
};

class LearnedTriage final {
 public:
  LearnedTriage(const Engine& engine, LinearModel model);

  static LearnedTriage train(const Engine& engine, const std::vector<LabelledTip>& tips, const TrainingOptions& options,
                             unsigned bucket_bits = 18);

  LearnedLabels labels(std::string_view text, std::int64_t now) const;
  const LinearModel& model() const { return model_; }

 private:
  const Engine& engine_;
  LinearModel model_;
  FeatureHasher hasher_;
};

struct CategoryScore {
  std::string category;
  int support = 0;
  double precision = 0, recall = 0, f1 = 0;
};

struct TriageScores {
  int tips = 0;
  double category_micro_f1 = 0;
  double drug_related_accuracy = 0;
  double priority_accuracy = 0;
  double urgent_recall = 0;
  double urgent_precision = 0;
  std::vector<CategoryScore> per_category;
};

TriageScores evaluate(const LearnedTriage& triage, const std::vector<LabelledTip>& tips, std::int64_t now);

// k folds; tips of one duplicate group stay in one fold. The scores of every held-out
// tip, pooled.
TriageScores cross_validate(const Engine& engine, const std::vector<LabelledTip>& tips, int folds,
                            const TrainingOptions& options, unsigned bucket_bits, std::int64_t now);

}  // namespace tipline::triage
