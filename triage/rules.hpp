#pragma once
// The tunable part of triage, parsed from webhook-config/triage-rules.json (documented in
// triage/RULES.md): teencode, named term classes, innocent phrases, weighted cues for every
// label, personal-data word lists and grouping weights. Code holds only the structure.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "triage/lexicon.hpp"
#include "triage/ward.hpp"  // DataFileError

namespace tipline::triage {

// One weighted piece of evidence: every element (a term class or a literal phrase) occurs
// within `within` words of each other (0: anywhere in the text), and no `unless` element
// occurs anywhere in the text.
struct Cue {
  std::string target;  // a category, "spam", "other", "urgent", "old", ...
  std::vector<int> all;     // term class ids
  std::vector<int> unless;  // term class ids
  std::size_t within = 0;
  double weight = 1.0;
};

struct GroupingWeights {
  double same_identifier = 3.0;  // subject phone, plate, handle, full name, address
  double same_nickname = 2.0;
  double same_landmark = 1.5;
  double same_area = 1.0;
  double same_product = 1.0;
  double category_overlap = 1.0;  // times the Jaccard index of the two category sets
  double text_similarity = 4.0;   // times the cosine of the two content-word sets
  double threshold = 3.0;
  std::size_t max_group_size = 4;
  std::int64_t window_seconds = 60 * 86400;
  std::size_t postings_per_key = 64;  // newest entries looked at per index key
};

class Rules final {
 public:
  // Term classes referred to by name from code; all must exist in the file.
  int class_id(std::string_view name) const;  // -1 when absent
  const std::string& class_name(int id) const { return class_names_[static_cast<std::size_t>(id)]; }
  std::size_t class_count() const { return class_names_.size(); }

  std::unordered_map<std::string, std::vector<Word>> teencode;  // word -> expansion
  PhraseIndex terms;     // payload: class id
  PhraseIndex innocent;  // payload unused
  std::vector<Cue> cues;
  // A helper target that becomes a category unless one of `unless` was given already.
  struct Derived {
    std::string from, to;
    std::vector<std::string> unless;
  };
  std::vector<Derived> derived;
  std::map<std::string, std::vector<std::string>> suppresses;  // category -> categories it removes
  std::string default_drug_category = "use";
  double threshold = 1.0;
  int old_after_years = 5;
  std::vector<std::string> family_names;          // folded, for full names
  std::vector<std::string> not_names;             // folded phrases that look like names but are not
  std::vector<std::string> name_stop_before;      // folded words that make a following name a place
  std::vector<std::string> nickname_titles;       // folded words that introduce a nickname
  std::vector<std::string> stopwords;             // folded, ignored by text similarity
  GroupingWeights grouping;

 private:
  friend Rules parse_rules(std::string_view json_text);
  int intern(const std::string& name);
  std::vector<std::string> class_names_;
  std::unordered_map<std::string, int> class_ids_;
};

// Parses rules JSON text (the caller reads the file). Throws DataFileError naming the line and
// field of the first problem.
Rules parse_rules(std::string_view json_text);

}  // namespace tipline::triage
