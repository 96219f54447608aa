#pragma once
// The tunable part of triage, parsed from webhook-config/triage-rules.json (documented in
// triage/RULES.md): teencode, named term classes, innocent phrases, weighted cues for every
// label, personal-data word lists and grouping settings. Code holds only the structure.
#include <cstddef>
#include <cstdint>
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

// Duplicate grouping, the "grouping" section of the rules file (triage/RULES.md documents every
// key). The numeric defaults are the shipped file's values; word lists are empty unless given.
//
// How two tips are scored (used by Grouper).
struct GroupingWeights {
  double same_identifier = 3.0;  // a shared subject phone, plate, link, full name, address, channel
  double same_nickname = 2.0;    // a shared nickname or named business (venue)
  double same_alley = 1.5;       // a shared alley (hẻm/ngõ/kiệt): a few houses
  double same_landmark = 1.0;    // a shared broad landmark (market, school, park...)
  double same_area = 1.0;
  double same_product = 0.75;
  double different_product = 1.5;  // subtracted when both name a product and none is shared
  double category_overlap = 1.5;   // times the Jaccard index of the two activity-family sets
  double text_similarity = 4.0;    // times the cosine of the two content-word sets
  double incident_min_text = 0.2;  // cosine an urgent tip needs with only a broad place shared
  double threshold = 3.5;
  std::size_t max_group_size = 4;
  std::int64_t window_seconds = 60 * 86400;  // "window_days" in the file
  std::size_t postings_per_key = 64;  // newest entries looked at per index key
};

// How a tip's grouping keys and content words are made (used by Engine::classify).
struct GroupingKeys {
  std::size_t min_channel_key = 8;     // letters+digits a channel key needs
  std::size_t nickname_words = 2;      // capitalised words a nickname takes after its title
  std::size_t channel_name_words = 5;  // words a spelled channel name takes after noun/platform
  // Word lists, folded; empty when the file gives none (like `stopwords`).
  std::vector<std::string> alley_words;     // open an alley's name: a landmark starting so is an alley
  std::vector<std::string> channel_nouns;   // introduce a channel or account name
  std::vector<std::string> platform_words;  // skipped between the channel noun and the name
  // Term classes whose words are left out of the content words (they name the kind of
  // activity, which every tip of a category shares); each must be a defined class.
  std::vector<std::string> content_skip_classes;
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
  GroupingKeys grouping_keys;

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
