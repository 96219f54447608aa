#pragma once
// The learned model's labels: its heads (the twelve categories, then the four
// priorities) and the one rule that turns their scores into the guidelines' labels,
// used alike when serving, evaluating and cross-validating.
#include <string>
#include <vector>

namespace tipline::triage {

// The heads, in model-file order.
const std::vector<std::string>& learned_heads();
inline constexpr std::size_t learned_category_count = 12;  // heads [0, 12) are categories
inline constexpr std::size_t learned_drug_category_count = 10;

struct LearnedLabels {
  std::vector<std::string> categories;  // ordered like learned_heads(); "other"/"spam" alone
  std::string priority;
  bool drug_related() const {
    return !(categories.size() == 1 && (categories[0] == "other" || categories[0] == "spam"));
  }
};

// `scores` holds one logit per head. Every drug category whose head clears the category
// threshold, else the best; "other" and "spam" stand alone, when they beat every drug
// category, and are low; a drug tip is urgent when the urgent head comes within the urgent
// margin of the best priority (a missed emergency costs more than a false alarm).
LearnedLabels decide_labels(const std::vector<double>& scores);

}  // namespace tipline::triage
