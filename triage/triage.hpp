#pragma once
// Public API of the Vietnamese triage engine. Pure: no I/O, no clock, no global mutable state.
//
//   Ward ward = parse_ward(ward_json);          // the caller reads the files
//   Rules rules = parse_rules(rules_json);      // both throw DataFileError naming line and field
//   Engine engine(std::move(ward), std::move(rules), LinearModel::parse(model_bytes));
//   Result r = engine.classify(text, now);      // const, safe to call from many threads
//   Grouper grouper(engine);                    // one per store; not thread-safe, serialise calls
//   std::optional<std::string> g = grouper.assign(tip_ref, r, now);
//   std::string line = to_json_line(id, r, g);  // the `tipline triage` output format
//
// At startup the server rebuilds the grouper by classifying each stored tip's text again and
// calling grouper.restore(tip_ref, stored_group, result, created_at) in creation order.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "triage/linear_model.hpp"
#include "triage/rules.hpp"
#include "triage/ward.hpp"

namespace tipline::triage {

// A piece of personal data: an exact substring text[start, end) (UTF-8 byte offsets).
struct PiiSpan {
  std::string type;   // phone, id_number, plate, email, social_link, person_name, address
  std::string text;
  std::string owner;  // reporter, subject, other
  std::size_t start = 0;
  std::size_t end = 0;
};

struct Result {
  bool drug_related = false;
  std::vector<std::string> categories;  // GUIDELINES.md §2, sorted; "other"/"spam" stand alone
  std::string priority;                 // urgent, high, normal, low
  std::optional<std::string> area;      // a ward area id, or none
  std::vector<PiiSpan> pii;             // in text order
  // What duplicate grouping compares. Contains personal data (phones, names): keep it in memory
  // or inside the encrypted record, never in clear.
  std::vector<std::string> group_keys;   // "id:TYPE:...", "nick:", "chan:", "venue:", "alley:", "lm:", "area:", "prod:"
  std::vector<std::uint32_t> content;    // sorted hashes of the content words
};

// Why the learned model gave a label: a feature that added much to its score.
struct Reason {
  // 'w' a word, 'b' two words, 'm' a word with its marks (key: as written in the text);
  // 'n' a lexicon cue ("class:drug", "cue:urgent", "rule:use"); 's' the message's shape
  // ("caps", "emoji", "bang", "bangs", "lenN").
  char kind = 'w';
  std::string key;
  double weight = 0;
};

struct LabelReasons {
  std::string label;  // a category or the priority
  std::vector<Reason> reasons;  // heaviest first
};

class Engine final {
 public:
  // Rules only: the lexicon's cues decide every label.
  Engine(Ward ward, Rules rules);
  // Learned: categories, drug-related and priority come from the model; the rules find
  // areas, personal data and grouping keys, and their cues are the model's features.
  // Throws ModelFileError when the model's heads are not the triage's labels.
  Engine(Ward ward, Rules rules, LinearModel model);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // `now` is unix seconds; it dates relative mentions such as "hồi năm 2012".
  Result classify(std::string_view text, std::int64_t now) const;
  // The lexicon's term classes, cue targets and rule labels for `text`, as named features.
  std::vector<std::string> cue_names(std::string_view text, std::int64_t now) const;
  // The model's features of `text`, with a model of `bucket_bits` (for training).
  SparseFeatures model_features(std::string_view text, std::int64_t now, unsigned bucket_bits) const;

  bool learned() const;
  // For each label classify() gives (categories, then the priority), the `per_label`
  // features that added most to its score. Words inside personal data are never
  // reasons. Empty without a model.
  std::vector<LabelReasons> explain(std::string_view text, std::int64_t now, std::size_t per_label = 3) const;

  const Rules& rules() const;
  const Ward& ward() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Online duplicate grouping. Each tip is compared only with tips that share an index key
// (identifier, nickname, landmark, area, product) and, per key, only with the newest
// `postings_per_key` of them inside the time window: the cost of a tip does not grow with the
// number of stored tips.
class Grouper final {
 public:
  explicit Grouper(const Engine& engine);
  explicit Grouper(GroupingWeights weights);

  // Returns the group of a new tip: the group of the most similar earlier tip when the
  // similarity reaches the threshold, otherwise a new group that only this tip has so far.
  // Tips that are not drug-related get no group. Labels are "g-" plus a hash: no personal data.
  std::optional<std::string> assign(std::string_view tip_key, const Result& result, std::int64_t now);

  // Re-adds a stored tip with the group it already has (at startup, in creation order).
  void restore(std::string_view tip_key, std::optional<std::string> group, const Result& result,
               std::int64_t created_at);

  std::size_t size() const { return tips_.size(); }

 private:
  struct Tip {
    std::vector<std::string> keys;
    std::string area;  // the "area:" key, empty when none
    std::vector<std::uint32_t> content;
    std::uint32_t categories = 0;  // bit per category
    std::uint32_t families = 0;    // bit per activity family (see grouping.cpp)
    bool incident = false;         // urgent: a one-off event happening now
    std::int64_t at = 0;
    std::uint32_t group = 0;
  };
  double similarity(const Tip& a, const Tip& b) const;
  Tip make_tip(const Result& result, std::int64_t at) const;
  void index(std::uint32_t tip_index);

  GroupingWeights w_;
  std::vector<Tip> tips_;
  std::vector<std::string> group_labels_;
  std::vector<std::size_t> group_sizes_;
  std::unordered_map<std::string, std::uint32_t> group_ids_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> postings_;
};

// One output line (no trailing newline):
// {"id","drug_related","categories","priority","area","pii":[{"type","text","owner","start","end"}],"group"}
std::string to_json_line(std::string_view id, const Result& result, const std::optional<std::string>& group);

}  // namespace tipline::triage
