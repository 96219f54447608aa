#include "triage/rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

#include "common/domain.hpp"

namespace tipline::triage {
namespace {

using nlohmann::json;

// Term classes the engine's structure refers to by name; a rules file must define them.
constexpr std::array kRequiredClasses = {"drug",   "time",    "recent", "hearsay",      "seen",
                                         "doubt",  "plant",   "school", "product",      "first_person",
                                         "third_party", "reporter_context", "advert", "activity"};
// Classes the engine fills itself because they need arithmetic on numbers.
constexpr std::array kBuiltinClasses = {"minor_age", "school_grade", "clock", "old_year"};
// Cue targets the engine reads besides the categories (classify.cpp): the one priority
// a cue can raise a tip to, and the helpers that make it low or not a report at all.
constexpr std::array<std::string_view, 3> kHelperTargets = {domain::stored_name(domain::Priority::urgent), "old",
                                                            "procedural"};

// Categories are the product's own words (common/domain.hpp): one the vocabulary does not
// know would be a label the store refuses, or a typo no tip is ever given.
bool is_category(std::string_view word) { return domain::parse<domain::Category>(word).has_value(); }

// nlohmann::json keeps no positions, so a field's line is found by searching for its key.
std::size_t line_of(std::string_view text, std::string_view key, std::size_t nth) {
  std::string quoted = "\"" + std::string(key) + "\"";
  std::size_t pos = 0;
  for (std::size_t i = 0;; ++i) {
    pos = text.find(quoted, pos);
    if (pos == std::string_view::npos) return 1;
    if (i == nth) break;
    pos += quoted.size();
  }
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n')) + 1;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  [[noreturn]] void fail(std::string_view field, std::string_view problem, std::size_t nth = 0) const {
    throw DataFileError("rules file line " + std::to_string(line_of(text_, field, nth)) + ", field \"" +
                        std::string(field) + "\": " + std::string(problem));
  }

  // A field inside a section object ("grouping"): its line is the first occurrence of the key
  // after the section's key, and the message names it as "section.field".
  [[noreturn]] void fail_in(std::string_view section, std::string_view field, std::string_view problem) const {
    std::size_t pos = key_pos(section, 0);
    if (pos != std::string_view::npos) pos = key_pos(field, pos);
    std::size_t line = pos == std::string_view::npos
                           ? line_of(text_, section, 0)
                           : static_cast<std::size_t>(std::count(text_.begin(), text_.begin() + static_cast<long>(pos), '\n')) + 1;
    throw DataFileError("rules file line " + std::to_string(line) + ", field \"" + std::string(section) + "." +
                        std::string(field) + "\": " + std::string(problem));
  }

  std::vector<std::string> strings(const json& v, std::string_view field, std::size_t nth = 0) const {
    if (!v.is_array()) fail(field, "must be a list of strings", nth);
    std::vector<std::string> out;
    for (const auto& s : v) {
      if (!s.is_string()) fail(field, "must be a list of strings", nth);
      out.push_back(s.get<std::string>());
    }
    return out;
  }

  double number(const json& obj, const char* key, double fallback, std::size_t nth = 0) const {
    auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    if (!it->is_number() || it->get<double>() < 0) fail(key, "must be a non-negative number", nth);
    return it->get<double>();
  }

 private:
  // Position of `"key"` used as an object key (followed by a colon) at or after `from`.
  std::size_t key_pos(std::string_view key, std::size_t from) const {
    std::string quoted = "\"" + std::string(key) + "\"";
    for (std::size_t pos = text_.find(quoted, from); pos != std::string_view::npos; pos = text_.find(quoted, pos + 1)) {
      std::size_t after = text_.find_first_not_of(" \t\r\n", pos + quoted.size());
      if (after != std::string_view::npos && text_[after] == ':') return pos;
    }
    return std::string_view::npos;
  }

  std::string_view text_;
};

std::vector<std::string> folded_list(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) out.push_back(fold(s));
  return out;
}

// The "grouping" section (triage/RULES.md). Every key is optional (its default is the shipped
// value); an unknown key or a value out of range is refused, naming "grouping.KEY" and its line.
void parse_grouping(const Parser& p, const json& g, Rules& r) {
  if (!g.is_object()) p.fail("grouping", "must be an object");
  auto fail = [&](const std::string& key, const std::string& problem) { p.fail_in("grouping", key, problem); };
  // A real number in [lo, hi]; `lo_open` excludes lo itself.
  auto real = [&](const std::string& key, const json& v, double lo, double hi, bool lo_open, const char* problem) {
    if (!v.is_number()) fail(key, problem);
    double x = v.get<double>();
    if (!std::isfinite(x) || x < lo || (lo_open && x == lo) || x > hi) fail(key, problem);
    return x;
  };
  auto weight = [&](double& out) {
    return [&out, &real](const std::string& key, const json& v) {
      out = real(key, v, 0, std::numeric_limits<double>::max(), false, "must be a non-negative number");
    };
  };
  auto whole = [&](std::size_t& out, std::size_t lo) {
    return [&out, &fail, lo](const std::string& key, const json& v) {
      std::string problem = "must be a whole number from " + std::to_string(lo) + " to 1000000";
      if (!v.is_number()) fail(key, problem);
      double x = v.get<double>();
      if (!std::isfinite(x) || x != std::floor(x) || x < static_cast<double>(lo) || x > 1e6) fail(key, problem);
      out = static_cast<std::size_t>(x);
    };
  };
  auto strings = [&](const std::string& key, const json& v) {
    std::vector<std::string> out;
    if (!v.is_array()) fail(key, "must be a list of strings");
    for (const auto& s : v) {
      if (!s.is_string() || s.get<std::string>().empty()) fail(key, "must be a list of non-empty strings");
      out.push_back(s.get<std::string>());
    }
    return out;
  };
  // One word each (compared with single folded words), stored folded.
  auto words = [&](std::vector<std::string>& out) {
    return [&out, &strings, &fail](const std::string& key, const json& v) {
      out.clear();
      for (const auto& s : strings(key, v)) {
        auto tokens = tokenize(s);
        if (tokens.size() != 1) fail(key, "each entry must be a single word, not \"" + s + "\"");
        out.push_back(tokens[0].folded);
      }
    };
  };
  auto& w = r.grouping;
  auto& k = r.grouping_keys;
  const std::map<std::string, std::function<void(const std::string&, const json&)>, std::less<>> setters = {
      {"same_identifier", weight(w.same_identifier)},
      {"same_nickname", weight(w.same_nickname)},
      {"same_alley", weight(w.same_alley)},
      {"same_landmark", weight(w.same_landmark)},
      {"same_area", weight(w.same_area)},
      {"same_product", weight(w.same_product)},
      {"different_product", weight(w.different_product)},
      {"category_overlap", weight(w.category_overlap)},
      {"text_similarity", weight(w.text_similarity)},
      {"threshold", weight(w.threshold)},
      {"incident_min_text",
       [&](const std::string& key, const json& v) {
         w.incident_min_text = real(key, v, 0, 1, false, "must be a number from 0 to 1");
       }},
      {"max_group_size", whole(w.max_group_size, 2)},
      {"window_days",
       [&](const std::string& key, const json& v) {
         double days = real(key, v, 0, 36500, true, "must be a number of days above 0 and at most 36500");
         w.window_seconds = static_cast<std::int64_t>(days * 86400);
       }},
      {"postings_per_key", whole(w.postings_per_key, 1)},
      {"min_channel_key", whole(k.min_channel_key, 1)},
      {"nickname_words", whole(k.nickname_words, 1)},
      {"channel_name_words", whole(k.channel_name_words, 2)},
      {"alley_words", words(k.alley_words)},
      {"channel_nouns", words(k.channel_nouns)},
      {"platform_words", words(k.platform_words)},
      {"content_skip_classes",
       [&](const std::string& key, const json& v) {
         k.content_skip_classes.clear();
         for (const auto& name : strings(key, v)) {
           if (r.class_id(name) < 0) fail(key, "names an unknown term class \"" + name + "\"");
           k.content_skip_classes.push_back(name);
         }
       }},
      {"_doc",
       [&](const std::string& key, const json& v) {
         if (!v.is_string()) fail(key, "must be a string");
       }},
  };
  for (const auto& [key, v] : g.items()) {
    auto it = setters.find(key);
    if (it == setters.end()) fail(key, "is not a grouping setting (see triage/RULES.md)");
    it->second(key, v);
  }
}

}  // namespace

int Rules::class_id(std::string_view name) const {
  auto it = class_ids_.find(std::string(name));
  return it == class_ids_.end() ? -1 : it->second;
}

int Rules::intern(const std::string& name) {
  auto [it, fresh] = class_ids_.emplace(name, static_cast<int>(class_names_.size()));
  if (fresh) class_names_.push_back(name);
  return it->second;
}

Rules parse_rules(std::string_view text) {
  Parser p(text);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::size_t byte = std::min<std::size_t>(e.byte, text.size());
    auto line = std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n') + 1;
    throw DataFileError("rules file line " + std::to_string(line) + ": not valid JSON");
  }
  if (!doc.is_object()) throw DataFileError("rules file line 1: must be a JSON object");

  Rules r;
  if (auto it = doc.find("teencode"); it != doc.end()) {
    if (!it->is_object()) p.fail("teencode", "must map a word to its expansion");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string() || fold(v.get<std::string>()).empty()) p.fail(k, "teencode expansion must be a non-empty string");
      r.teencode[fold(k)] = plain_words(tokenize(v.get<std::string>()));
    }
  }

  for (const char* builtin : kBuiltinClasses) r.intern(builtin);
  auto terms = doc.find("terms");
  if (terms == doc.end() || !terms->is_object()) p.fail("terms", "must map a class name to its phrases");
  for (const auto& [name, phrases] : terms->items()) {
    int id = r.intern(name);
    for (const auto& s : p.strings(phrases, name))
      if (!r.terms.add(s, id)) p.fail(name, "contains an empty phrase");
  }
  for (const char* required : kRequiredClasses)
    if (r.class_id(required) < 0) p.fail("terms", std::string("needs the class \"").append(required).append("\""));

  if (auto it = doc.find("innocent"); it != doc.end())
    for (const auto& s : p.strings(*it, "innocent"))
      if (!r.innocent.add(s, 0)) p.fail("innocent", "contains an empty phrase");

  auto element = [&](const std::string& e, const char* field, std::size_t nth) {
    if (!e.empty() && e[0] == '@') {
      int id = r.class_id(e.substr(1));
      if (id < 0) p.fail(field, std::string("names an unknown term class ").append(e), nth);
      return id;
    }
    // A literal phrase becomes a class of its own.
    int id = r.intern(std::string("=").append(fold(e)));
    if (!r.terms.add(e, id)) p.fail(field, "contains an empty phrase", nth);
    return id;
  };

  auto cues = doc.find("cues");
  if (cues == doc.end() || !cues->is_array()) p.fail("cues", "must be a list of cues");
  std::size_t n = 0;
  for (const auto& c : *cues) {
    if (!c.is_object()) p.fail("cues", "each cue must be an object");
    Cue cue;
    auto target = c.find("for");
    if (target == c.end() || !target->is_string() || target->get<std::string>().empty())
      p.fail("for", "each cue needs a target label in \"for\"", n);
    cue.target = target->get<std::string>();
    auto all = c.find("all");
    if (all == c.end()) p.fail("all", "each cue needs a list \"all\"", n);
    for (const auto& e : p.strings(*all, "all", n)) cue.all.push_back(element(e, "all", n));
    if (cue.all.empty()) p.fail("all", "must not be empty", n);
    if (auto u = c.find("unless"); u != c.end())
      for (const auto& e : p.strings(*u, "unless")) cue.unless.push_back(element(e, "unless", 0));
    cue.within = static_cast<std::size_t>(p.number(c, "within", 0, n));
    cue.weight = 1.0;
    if (auto wt = c.find("weight"); wt != c.end()) {
      // Negative weights are allowed: a cue can count against a label.
      if (!wt->is_number()) p.fail("weight", "must be a number", n);
      cue.weight = wt->get<double>();
    }
    r.cues.push_back(std::move(cue));
    ++n;
  }

  if (auto it = doc.find("derived"); it != doc.end()) {
    if (!it->is_array()) p.fail("derived", "must be a list of {from, to, unless}");
    std::size_t k = 0;
    for (const auto& d : *it) {
      if (!d.is_object() || !d.contains("from") || !d.contains("to") || !d["from"].is_string() || !d["to"].is_string())
        p.fail("from", "each derived entry needs string \"from\" and \"to\"", k);
      Rules::Derived out{d["from"].get<std::string>(), d["to"].get<std::string>(), {}};
      if (!is_category(out.to)) p.fail("to", "names \"" + out.to + "\", which is not a category", k);
      if (d.contains("unless")) out.unless = p.strings(d["unless"], "unless");
      for (const auto& category : out.unless)
        if (!is_category(category))
          p.fail_in("derived", "unless", "names \"" + category + "\", which is not a category");
      r.derived.push_back(std::move(out));
      ++k;
    }
  }
  if (auto it = doc.find("suppresses"); it != doc.end()) {
    if (!it->is_object()) p.fail("suppresses", "must map a category to the categories it removes");
    for (const auto& [k, v] : it->items()) {
      r.suppresses[k] = p.strings(v, k);
      if (!is_category(k)) p.fail_in("suppresses", k, "is not a category");
      for (const auto& gone : r.suppresses[k])
        if (!is_category(gone)) p.fail_in("suppresses", k, "names \"" + gone + "\", which is not a category");
    }
  }
  if (auto it = doc.find("default_drug_category"); it != doc.end()) {
    if (!it->is_string() || !is_category(it->get<std::string>()))
      p.fail("default_drug_category", "must be a category name");
    r.default_drug_category = it->get<std::string>();
  }
  // Checked once every derived entry is known: their `from` are targets too.
  for (std::size_t i = 0; i < r.cues.size(); ++i) {
    const auto& target = r.cues[i].target;
    const bool helper = std::find(kHelperTargets.begin(), kHelperTargets.end(), target) != kHelperTargets.end();
    const bool derived =
        std::any_of(r.derived.begin(), r.derived.end(), [&](const auto& d) { return d.from == target; });
    if (!is_category(target) && !helper && !derived)
      p.fail("for", "names \"" + target + "\", which is not a category, a helper target or a derived entry's \"from\"",
             i);
  }
  r.threshold = p.number(doc, "threshold", 1.0);
  r.old_after_years = static_cast<int>(p.number(doc, "old_after_years", 5));

  if (auto names = doc.find("names"); names != doc.end()) {
    if (!names->is_object()) p.fail("names", "must be an object");
    auto list = [&](const char* key) {
      auto it = names->find(key);
      return it == names->end() ? std::vector<std::string>{} : folded_list(p.strings(*it, key));
    };
    r.family_names = list("family");
    r.not_names = list("not_names");
    r.name_stop_before = list("stop_before");
    r.nickname_titles = list("nickname_titles");
  }
  if (auto it = doc.find("stopwords"); it != doc.end()) r.stopwords = folded_list(p.strings(*it, "stopwords"));

  if (auto g = doc.find("grouping"); g != doc.end()) parse_grouping(p, *g, r);
  return r;
}

}  // namespace tipline::triage
