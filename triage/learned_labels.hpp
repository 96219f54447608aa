#pragma once
// Learning the triage: the labelled corpus it learns from, training a model over the
// engine's features, and scoring an engine on labelled tips, by itself or in k-fold
// cross-validation split by duplicate group so a situation never sits on both sides.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "triage/decision.hpp"
#include "triage/linear_model.hpp"
#include "triage/triage.hpp"

namespace tipline::triage {

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

// The default size of the model's feature table: 2^16 buckets. Cross-validation scores
// as well as with 2^18, and the 4 MB table stays in the processor's caches while scoring.
inline constexpr unsigned default_bucket_bits = 16;

// A model for `engine`'s ward and rules (their cues are features), learned from `tips`.
// Deterministic: the same tips, options and seed give the same model, byte for byte.
LinearModel train_model(const Engine& engine, const std::vector<LabelledTip>& tips, const TrainingOptions& options,
                        unsigned bucket_bits = default_bucket_bits);

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
  // Pairs of tips put in one duplicate group, against the labelled groups.
  double duplicate_pair_precision = 0, duplicate_pair_recall = 0, duplicate_pair_f1 = 0;
  std::vector<CategoryScore> per_category;
};

// `engine`'s labels and duplicate groups for `tips` (in order, all at `now`) against theirs.
TriageScores evaluate(const Engine& engine, const std::vector<LabelledTip>& tips, std::int64_t now);

// k folds; tips of one duplicate group stay in one fold. For each fold a model is
// trained on the others and scores the fold; the scores of every held-out tip, pooled.
TriageScores cross_validate(const Engine& engine, const std::vector<LabelledTip>& tips, int folds,
                            const TrainingOptions& options, unsigned bucket_bits, std::int64_t now);

}  // namespace tipline::triage
