#include "triage/decision.hpp"

namespace tipline::triage {

namespace {

// Both chosen by cross-validation over the training corpus (`tipline triage evaluate`).
// A drug category's head is trusted from a little below even odds: each tip has few
// labels, so a head that is unsure has usually seen too few tips told this way.
constexpr double category_threshold = -1.0;
// How far below the best priority the urgent head may score and still win, in logits:
// it buys urgent recall (0.96 at 2.0, 0.98 at 3.0) for precision (0.78 to 0.67).
constexpr double urgent_margin = 2.0;

}  // namespace

const std::vector<std::string>& learned_heads() {
  static const std::vector<std::string> heads{"dealing", "use_den",   "use",    "post_rehab", "trafficking", "cultivation",
                                              "youth",   "disguised", "online", "wanted",     "other",       "spam",
                                              "urgent",  "high",      "normal", "low"};
  return heads;
}

LearnedLabels decide_labels(const std::vector<double>& s) {
  const auto& heads = learned_heads();
  LearnedLabels out;
  // Drug categories above the threshold; "other"/"spam" only when they beat every drug
  // category, and the best category when none clears it (GUIDELINES: at least one).
  std::size_t best = 0;
  for (std::size_t c = 0; c < learned_drug_category_count; ++c) {
    if (s[c] > category_threshold) out.categories.push_back(heads[c]);
    if (s[c] > s[best]) best = c;
  }
  const std::size_t not_drug = s[10] >= s[11] ? 10 : 11;
  if (s[not_drug] > s[best] && (s[not_drug] > 0 || out.categories.empty()))
    out.categories = {heads[not_drug]};
  else if (out.categories.empty())
    out.categories = {heads[best]};
  if (!out.drug_related()) {
    out.priority = "low";
    return out;
  }
  std::size_t top = learned_category_count + 1;  // high
  for (std::size_t p = learned_category_count + 1; p < heads.size(); ++p)
    if (s[p] > s[top]) top = p;
  out.priority = s[learned_category_count] + urgent_margin >= s[top] ? "urgent" : heads[top];
  return out;
}

}  // namespace tipline::triage
