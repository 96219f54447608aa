#include "triage/rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace tipline::triage {
namespace {

using nlohmann::json;

// Term classes the engine's structure refers to by name; a rules file must define them.
constexpr std::array kRequiredClasses = {"drug",   "time",    "recent", "hearsay",      "seen",
                                         "doubt",  "plant",   "school", "product",      "first_person",
                                         "third_party", "reporter_context", "advert", "activity"};
// Classes the engine fills itself because they need arithmetic on numbers.
constexpr std::array kBuiltinClasses = {"minor_age", "school_grade", "clock", "old_year"};

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
  std::string_view text_;
};

std::vector<std::string> folded_list(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) out.push_back(fold(s));
  return out;
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
      if (d.contains("unless")) out.unless = p.strings(d["unless"], "unless");
      r.derived.push_back(std::move(out));
      ++k;
    }
  }
  if (auto it = doc.find("suppresses"); it != doc.end()) {
    if (!it->is_object()) p.fail("suppresses", "must map a category to the categories it removes");
    for (const auto& [k, v] : it->items()) r.suppresses[k] = p.strings(v, k);
  }
  if (auto it = doc.find("default_drug_category"); it != doc.end()) {
    if (!it->is_string()) p.fail("default_drug_category", "must be a category name");
    r.default_drug_category = it->get<std::string>();
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

  if (auto g = doc.find("grouping"); g != doc.end()) {
    if (!g->is_object()) p.fail("grouping", "must be an object");
    auto& w = r.grouping;
    w.same_identifier = p.number(*g, "same_identifier", w.same_identifier);
    w.same_nickname = p.number(*g, "same_nickname", w.same_nickname);
    w.same_landmark = p.number(*g, "same_landmark", w.same_landmark);
    w.same_area = p.number(*g, "same_area", w.same_area);
    w.same_product = p.number(*g, "same_product", w.same_product);
    w.category_overlap = p.number(*g, "category_overlap", w.category_overlap);
    w.text_similarity = p.number(*g, "text_similarity", w.text_similarity);
    w.threshold = p.number(*g, "threshold", w.threshold);
    w.max_group_size = static_cast<std::size_t>(p.number(*g, "max_group_size", 4));
    w.window_seconds = static_cast<std::int64_t>(p.number(*g, "window_days", 60) * 86400);
    w.postings_per_key = static_cast<std::size_t>(p.number(*g, "postings_per_key", 64));
    if (w.max_group_size < 2) p.fail("max_group_size", "must be at least 2");
  }
  return r;
}

}  // namespace tipline::triage
