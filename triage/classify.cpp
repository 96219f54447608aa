#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <map>
#include <unordered_set>

#include "triage/areas.hpp"
#include "triage/decision.hpp"
#include "triage/pii.hpp"
#include "triage/triage.hpp"

namespace tipline::triage {
namespace {

constexpr std::array<std::string_view, 10> kDrugCategories = {
    "dealing", "use_den", "use", "post_rehab", "trafficking", "cultivation", "youth", "disguised", "online", "wanted"};

struct Hit {
  std::size_t begin, end;  // word range
};

// Everything the cues look at, computed once per text.
struct Analysis {
  std::vector<Token> tokens;
  std::vector<Word> words;
  std::vector<bool> masked;
  std::vector<std::vector<Hit>> hits;  // per term class
  std::map<std::string, double, std::less<>> score;  // per cue target
  bool scored(std::string_view target, double threshold) const {
    auto it = score.find(target);
    return it != score.end() && it->second >= threshold;
  }
  bool has(int cls) const { return cls >= 0 && !hits[static_cast<std::size_t>(cls)].empty(); }
};

int year_of(std::int64_t unix_seconds) {
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(sys_seconds{seconds{unix_seconds}});
  return static_cast<int>(year_month_day{days}.year());
}

bool starts_digit(const std::string& s) { return !s.empty() && s[0] >= '0' && s[0] <= '9'; }

// Letters and digits only, folded: "@nuocvui_gialai" and "nước vui gia lai" both give
// "nuocvuigialai".
std::string squash(std::string_view folded) {
  std::string out;
  for (char c : folded)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  return out;
}

}  // namespace

struct Engine::Impl {
  Ward ward;
  Rules rules;
  AreaLocator locator;
  std::unordered_set<std::string> stopwords;
  // Grouping: how specific each landmark is as a meeting point, and which term classes say
  // only what kind of activity a tip reports (categories already carry that), not where.
  std::vector<char> landmark_kind;  // 'v' venue (a business), 'a' alley, 'b' broad
  std::vector<int> generic_classes;
  std::optional<LinearModel> model;
  std::optional<FeatureHasher> hasher;  // of the model's buckets
  // Class ids the structure uses.
  int c_drug, c_time, c_recent, c_hearsay, c_seen, c_doubt, c_plant, c_school, c_product, c_first, c_third,
      c_reporter_ctx, c_advert, c_minor_age, c_grade, c_clock, c_old_year, c_activity;

  Impl(Ward w, Rules r) : ward(std::move(w)), rules(std::move(r)), locator(ward) {
    c_drug = rules.class_id("drug");
    c_time = rules.class_id("time");
    c_recent = rules.class_id("recent");
    c_hearsay = rules.class_id("hearsay");
    c_seen = rules.class_id("seen");
    c_doubt = rules.class_id("doubt");
    c_plant = rules.class_id("plant");
    c_school = rules.class_id("school");
    c_product = rules.class_id("product");
    c_first = rules.class_id("first_person");
    c_third = rules.class_id("third_party");
    c_reporter_ctx = rules.class_id("reporter_context");
    c_advert = rules.class_id("advert");
    c_minor_age = rules.class_id("minor_age");
    c_grade = rules.class_id("school_grade");
    c_clock = rules.class_id("clock");
    c_old_year = rules.class_id("old_year");
    c_activity = rules.class_id("activity");
    stopwords.insert(rules.stopwords.begin(), rules.stopwords.end());
    for (auto& lm : locator.landmarks()) {
      auto words = plain_words(tokenize(lm.name));
      for (const auto& m : rules.terms.find_all(words))
        if (m.payload == c_school) lm.school = true;
      for (const auto& st : ward.streets)
        if (fold(st.name) == fold(lm.name)) lm.street = true;
      landmark_kind.push_back(kind_of_landmark(lm.name));
    }
    for (const auto& name : rules.grouping_keys.content_skip_classes)
      if (int id = rules.class_id(name); id >= 0) generic_classes.push_back(id);
  }

  // A landmark whose name starts with a venue word (karaoke, nhà nghỉ, quán...) is one
  // business: two tips naming it point at the same place. An alley is a handful of houses.
  // Anything else (a market, school, park, bridge, industrial zone) holds many unrelated
  // events, so naming it says little about which one.
  char kind_of_landmark(const std::string& name) const {
    std::vector<std::string> variants{name};
    if (auto it = ward.landmark_aliases.find(name); it != ward.landmark_aliases.end())
      variants.insert(variants.end(), it->second.begin(), it->second.end());
    int den = rules.class_id("den_place");
    auto canonical = plain_words(tokenize(name));
    for (const auto& v : variants) {
      auto words = plain_words(tokenize(v));
      if (words.empty() || canonical.empty()) continue;
      const auto& alley = rules.grouping_keys.alley_words;
      if (std::find(alley.begin(), alley.end(), words[0].folded) != alley.end()) return 'a';
      if (den < 0) continue;
      for (const auto& m : rules.terms.find_all(words)) {
        if (m.payload != den || m.begin != 0) continue;
        // "quán net Galaxy" for "tiệm net Galaxy" is a business; "gầm cầu Suối Cát" for
        // "cầu Suối Cát" is only part of a bridge: the venue word must not take in the head
        // of the canonical name unless it is the canonical name itself.
        bool takes_head = false;
        for (std::size_t k = m.begin; k < m.end; ++k) takes_head = takes_head || words[k].folded == canonical[0].folded;
        if (&v == &variants[0] || !takes_head) return 'v';
      }
    }
    return 'b';
  }

  Analysis analyse(std::string_view text, std::int64_t now) const {
    Analysis a;
    a.tokens = tokenize(text);
    a.words.reserve(a.tokens.size() + 8);
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
      const Token& t = a.tokens[i];
      auto it = rules.teencode.find(t.folded);
      // A word typed with marks is a real word, not teencode ("bé" is not "b").
      if (it != rules.teencode.end() && !t.has_marks) {
        // Expansions are exact words: marked as typed with marks, so "cq" -> "cơ quan" never
        // reads as "quán".
        for (const auto& w : it->second) a.words.push_back(Word{w.folded, w.marked, true, i});
      } else {
        a.words.push_back(Word{t.folded, t.marked, t.has_marks, i});
      }
    }
    // In a text typed with diacritics, a bare word is a word without marks ("nay" is not
    // "này"); only in a text typed without any are bare words ambiguous.
    std::size_t marked = 0;
    for (const auto& t : a.tokens) marked += t.has_marks;
    if (marked * 4 >= a.tokens.size() && marked >= 2)
      for (auto& w : a.words) w.has_marks = true;
    a.masked.assign(a.words.size(), false);
    for (const auto& m : rules.innocent.find_all(a.words))
      for (std::size_t k = m.begin; k < m.end; ++k) a.masked[k] = true;
    a.hits.assign(rules.class_count(), {});
    for (const auto& m : rules.terms.find_all(a.words, &a.masked))
      a.hits[static_cast<std::size_t>(m.payload)].push_back(Hit{m.begin, m.end});
    // Built-in classes that need numbers: ages under 18, school grades, clock times, old years.
    int old_before = year_of(now) - rules.old_after_years;
    for (std::size_t i = 0; i < a.words.size(); ++i) {
      const std::string& w = a.words[i].folded;
      if (!starts_digit(w)) continue;
      long n = std::strtol(w.c_str(), nullptr, 10);
      const std::string* next = i + 1 < a.words.size() ? &a.words[i + 1].folded : nullptr;
      const std::string* next2 = i + 2 < a.words.size() ? &a.words[i + 2].folded : nullptr;
      bool age_next = (next && *next == "tuoi") || (next && starts_digit(*next) && next2 && *next2 == "tuoi");
      if (age_next && n >= 6 && n < 18) a.hits[static_cast<std::size_t>(c_minor_age)].push_back(Hit{i, i + 1});
      if (i > 0 && a.words[i - 1].folded == "lop" && n >= 1 && n <= 12)
        a.hits[static_cast<std::size_t>(c_grade)].push_back(Hit{i - 1, i + 1});
      bool hour_suffix = w.size() >= 2 && w.back() == 'h' && w.find_first_not_of("0123456789") == w.size() - 1;
      bool hour_word = next && (*next == "gio" || *next == "h") && n <= 24;
      if ((hour_suffix && n <= 24) || hour_word)
        a.hits[static_cast<std::size_t>(c_clock)].push_back(Hit{i, i + 1});
      if (w.size() == 4 && n >= 1950 && n <= old_before) a.hits[static_cast<std::size_t>(c_old_year)].push_back(Hit{i, i + 1});
    }
    return a;
  }

  // Do all elements occur within `within` words of each other?
  bool cue_holds(const Analysis& a, const Cue& cue) const {
    for (int u : cue.unless)
      if (a.has(u)) return false;
    for (int c : cue.all)
      if (!a.has(c)) return false;
    if (cue.within == 0 || cue.all.size() == 1) return true;
    // Anchor on each occurrence of the first element; every other element needs one nearby.
    const auto& first = a.hits[static_cast<std::size_t>(cue.all[0])];
    for (const Hit& h : first) {
      bool ok = true;
      for (std::size_t k = 1; k < cue.all.size() && ok; ++k) {
        ok = false;
        for (const Hit& o : a.hits[static_cast<std::size_t>(cue.all[k])]) {
          std::size_t lo = std::min(h.begin, o.begin), hi = std::max(h.end, o.end);
          if (hi - lo <= cue.within + (h.end - h.begin) + (o.end - o.begin)) {
            ok = true;
            break;
          }
        }
      }
      if (ok) return true;
    }
    return false;
  }

  // The lexicon's view of a text as named features for the learned model: each term
  // class found, each cue target that scored, and the rules' own labels.
  std::vector<std::string> cue_names(const Analysis& a, const Result& by_rules) const {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < a.hits.size(); ++c)
      if (!a.hits[c].empty()) out.push_back("class:" + rules.class_name(static_cast<int>(c)));
    for (const auto& [target, score] : a.score)
      if (score > 0) out.push_back("cue:" + target);
    for (const auto& c : by_rules.categories) out.push_back("rule:" + c);
    out.push_back("rule:" + by_rules.priority);
    return out;
  }

  // Analysis, cue scores and the rules' labels, area and personal data of a text.
  struct Reading {
    Analysis analysis;
    Location location;
    Result result;
  };

  Reading read(std::string_view text, std::int64_t now) const {
    Reading reading{analyse(text, now), {}, {}};
    Analysis& a = reading.analysis;
    for (const Cue& cue : rules.cues)
      if (cue_holds(a, cue)) a.score[cue.target] += cue.weight;
    reading.result = rule_labels(text, a, reading.location);
    return reading;
  }

  SparseFeatures features(std::string_view text, const Reading& reading, const FeatureHasher& h) const {
    return h.features(text, reading.analysis.tokens, cue_names(reading.analysis, reading.result));
  }

  std::vector<double> model_scores(const SparseFeatures& f) const { return model->scores(f); }

  Result classify(std::string_view text, std::int64_t now) const {
    Reading reading = read(text, now);
    Result& r = reading.result;
    if (model) {
      const auto labels = decide_labels(model_scores(features(text, reading, *hasher)));
      r.categories = labels.categories;
      std::sort(r.categories.begin(), r.categories.end());
      r.drug_related = labels.drug_related();
      r.priority = labels.priority;
      assign_owners(reading.analysis, r);
    }
    group_features(text, reading.analysis, r, reading.location);
    return r;
  }

  std::vector<LabelReasons> explain(std::string_view text, std::int64_t now, std::size_t per_label) const {
    if (!model) return {};
    const Reading reading = read(text, now);
    const auto names = cue_names(reading.analysis, reading.result);
    const auto f = hasher->features(text, names);
    const auto labels = decide_labels(model_scores(f));
    std::vector<FeatureSource> sources = hasher->sources(text, names);
    // A word inside personal data is never shown as a reason.
    const std::vector<PiiSpan>& pii = reading.result.pii;
    std::erase_if(sources, [&](const FeatureSource& s) {
      if (s.end <= s.start) return false;
      return std::any_of(pii.begin(), pii.end(), [&](const PiiSpan& p) { return s.start < p.end && p.start < s.end; });
    });
    std::vector<std::string> chosen = labels.categories;
    chosen.push_back(labels.priority);
    std::vector<LabelReasons> out;
    for (const auto& label : chosen) {
      const std::size_t head = model->head(label);
      std::vector<Reason> reasons;
      for (const auto& s : sources) {
        auto at = std::find(f.index.begin(), f.index.end(), s.bucket);
        if (at == f.index.end()) continue;
        const double w = model->contribution(head, f, static_cast<std::size_t>(at - f.index.begin()));
        if (w <= 0) continue;
        const bool seen = std::any_of(reasons.begin(), reasons.end(),
                                      [&](const Reason& r) { return r.kind == s.kind && r.key == s.shown; });
        if (!seen) reasons.push_back(Reason{s.kind, s.shown, w});
      }
      std::stable_sort(reasons.begin(), reasons.end(), [](const Reason& x, const Reason& y) { return x.weight > y.weight; });
      if (reasons.size() > per_label) reasons.resize(per_label);
      out.push_back(LabelReasons{label, std::move(reasons)});
    }
    return out;
  }

  // Who each piece of personal data belongs to, once the labels are known.
  void assign_owners(const Analysis& a, Result& r) const {
    bool spam = r.categories[0] == "spam";
    bool own_matter = !r.drug_related && a.has(c_reporter_ctx);
    for (auto& span : r.pii) {
      std::size_t w0 = 0;
      while (w0 < a.words.size() && a.tokens[a.words[w0].token].start < span.start) ++w0;
      auto near = [&](int cls, std::size_t before) {
        if (cls < 0) return false;
        for (const Hit& h : a.hits[static_cast<std::size_t>(cls)])
          if (h.end <= w0 && h.end + before >= w0) return true;
        return false;
      };
      if (spam) span.owner = "other";
      else if (near(c_third, 5)) span.owner = "other";
      else if (own_matter || near(c_first, 6)) span.owner = "reporter";
      else span.owner = "subject";
    }
  }

  // The rules' labels, area and personal data (everything but the grouping keys).
  Result rule_labels(std::string_view text, const Analysis& a, Location& loc) const {
    auto scored = [&](std::string_view target) { return a.scored(target, rules.threshold); };

    Result r;
    std::vector<std::string> cats;
    for (auto c : kDrugCategories)
      if (scored(c)) cats.emplace_back(c);
    for (const auto& d : rules.derived) {
      bool blocked = std::any_of(d.unless.begin(), d.unless.end(),
                                 [&](const std::string& c) { return std::find(cats.begin(), cats.end(), c) != cats.end(); });
      if (scored(d.from) && !blocked && std::find(cats.begin(), cats.end(), d.to) == cats.end()) cats.push_back(d.to);
    }
    if (!cats.empty() || a.has(c_drug)) {
      for (const auto& [cat, removes] : rules.suppresses)
        if (std::find(cats.begin(), cats.end(), cat) != cats.end())
          for (const auto& gone : removes) cats.erase(std::remove(cats.begin(), cats.end(), gone), cats.end());
      if (cats.empty()) cats.push_back(rules.default_drug_category);
    }
    if (scored("procedural")) cats.clear();
    if (cats.empty()) cats.emplace_back(scored("spam") || a.words.size() <= 2 ? "spam" : "other");
    std::sort(cats.begin(), cats.end());
    r.categories = cats;
    r.drug_related = cats[0] != "other" && cats[0] != "spam";
    auto has_cat = [&](std::string_view c) { return std::find(cats.begin(), cats.end(), c) != cats.end(); };

    // Area: places nearest the drug activity win when several are named.
    std::vector<std::size_t> activity;
    if (c_activity >= 0)
      for (const Hit& h : a.hits[static_cast<std::size_t>(c_activity)]) activity.push_back(a.words[h.begin].token);
    auto plain = plain_words(a.tokens);
    loc = locator.locate(plain, activity);
    if (loc.area) r.area = ward.areas[*loc.area].id;

    // Personal data and who it belongs to.
    r.pii = find_pii(text, a.tokens, loc.mentions, locator.landmarks(), rules);
    assign_owners(a, r);
    r.priority = priority(a, r, loc, has_cat);
    return r;
  }

  template <class HasCat>
  std::string priority(const Analysis& a, const Result& r, const Location& loc, HasCat has_cat) const {
    auto scored = [&](std::string_view target) { return a.scored(target, rules.threshold); };
    if (!r.drug_related) return "low";
    bool recent = a.has(c_recent);
    if ((scored("old") || (a.has(c_old_year) && !has_cat("wanted"))) && !recent) return "low";
    if (scored("urgent")) return "urgent";
    bool identified = r.area.has_value();
    for (const auto& p : r.pii)
      if (p.owner == "subject" && p.type != "id_number") identified = true;
    bool timing = a.has(c_time) || a.has(c_clock) || recent;
    bool hearsay = a.has(c_hearsay) && !a.has(c_seen);
    bool doubt = a.has(c_doubt);
    if (has_cat("wanted")) return a.has(c_seen) && recent && !doubt ? "high" : "normal";
    if (identified && timing && !doubt) return "high";
    bool named_school = false;
    for (const auto& m : loc.mentions)
      if (m.kind == PlaceMention::Kind::landmark && locator.landmarks()[m.index].school) named_school = true;
    if (has_cat("dealing") && named_school && !hearsay) return "high";
    if (has_cat("cultivation") && a.has(c_plant) && !hearsay) return "high";
    if (has_cat("wanted") && a.has(c_seen) && recent && !doubt) return "high";
    return "normal";
  }

  void group_features(std::string_view text, const Analysis& a, Result& r, const Location& loc) const {
    if (!r.drug_related) return;
    const GroupingKeys& gk = rules.grouping_keys;
    for (const auto& p : r.pii) {
      if (p.type == "social_link") {
        // A handle names a channel whichever way it is written; see channel names below.
        std::string_view h = p.text;
        if (auto cut = h.find_last_of("/@"); cut != std::string_view::npos) h.remove_prefix(cut + 1);
        if (auto key = squash(fold(h)); key.size() >= gk.min_channel_key) r.group_keys.push_back("chan:" + key);
      }
      if (p.owner != "subject") continue;
      std::string key;
      for (char c : p.type == "person_name" || p.type == "address" ? fold(p.text) : p.text)
        if (c != ' ' && c != '.' && c != '-') key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      // The type stays in the key: two tips with different plates are two vehicles.
      r.group_keys.push_back("id:" + p.type + ":" + key);
      if (p.type == "person_name") {
        auto parts = tokenize(p.text);
        r.group_keys.push_back("nick:" + parts.back().folded);
      }
    }
    // Nicknames: a title word followed by capitalised words ("thằng Tuấn Sẹo", "anh Hải").
    for (std::size_t i = 0; i + 1 < a.tokens.size(); ++i) {
      if (std::find(rules.nickname_titles.begin(), rules.nickname_titles.end(), a.tokens[i].folded) ==
          rules.nickname_titles.end())
        continue;
      // A full name after the title is already an identifier; its pieces would collide.
      if (std::find(rules.family_names.begin(), rules.family_names.end(), a.tokens[i + 1].folded) !=
          rules.family_names.end())
        continue;
      std::string nick;
      for (std::size_t j = i + 1;
           j < a.tokens.size() && j <= i + gk.nickname_words && a.tokens[j].capitalised && !a.tokens[j].all_upper; ++j)
        nick += (nick.empty() ? "" : " ") + a.tokens[j].folded;
      if (!nick.empty()) {
        r.group_keys.push_back("nick:" + nick);
        auto first = nick.substr(0, nick.find(' '));
        if (first != nick) r.group_keys.push_back("nick:" + first);
      }
    }
    // Channel names: "kênh tele nước vui gia lai" and "@nuocvui_gialai" are one channel. The
    // name runs from after the channel noun (and platform words) to the next punctuation; every
    // run of two or more of its words is a key, long enough not to be a common phrase.
    for (std::size_t i = 0; i < a.tokens.size(); ++i) {
      if (std::find(gk.channel_nouns.begin(), gk.channel_nouns.end(), a.tokens[i].folded) == gk.channel_nouns.end())
        continue;
      std::size_t j = i + 1;
      auto joined = [&](std::size_t k) {  // only spaces (or a handle's @) between token k-1 and k
        for (std::size_t b = a.tokens[k - 1].end; b < a.tokens[k].start; ++b)
          if (text[b] != ' ' && text[b] != '@' && text[b] != '_') return false;
        return true;
      };
      auto platform = [&](std::size_t k) {
        return std::find(gk.platform_words.begin(), gk.platform_words.end(), a.tokens[k].folded) !=
               gk.platform_words.end();
      };
      // "nhóm thanh niên", "trắng" (folds to "trang") are not channels: a platform word or a
      // capitalised name or handle must follow the noun.
      if (j >= a.tokens.size() || !joined(j) ||
          !(platform(j) || (a.tokens[j].capitalised && !a.tokens[j].all_upper) || text[a.tokens[j].start - 1] == '@'))
        continue;
      while (j < a.tokens.size() && joined(j) && platform(j)) ++j;
      std::string name;
      for (std::size_t k = j; k < a.tokens.size() && k < j + gk.channel_name_words && joined(k); ++k) {
        name += squash(a.tokens[k].folded);
        if (k > j && name.size() >= gk.min_channel_key) r.group_keys.push_back("chan:" + name);
      }
    }
    for (const auto& m : loc.mentions)
      // A street is too long to be one point; it only says which area.
      if (m.kind == PlaceMention::Kind::landmark && !locator.landmarks()[m.index].street) {
        char kind = landmark_kind[m.index];
        r.group_keys.push_back((kind == 'v' ? "venue:" : kind == 'a' ? "alley:" : "lm:") + std::to_string(m.index));
      }
    if (r.area) r.group_keys.push_back("area:" + *r.area);
    if (c_product >= 0)
      for (const Hit& h : a.hits[static_cast<std::size_t>(c_product)]) {
        std::string p;
        for (std::size_t k = h.begin; k < h.end; ++k) p += a.words[k].folded + " ";
        r.group_keys.push_back("prod:" + p);
      }
    std::sort(r.group_keys.begin(), r.group_keys.end());
    r.group_keys.erase(std::unique(r.group_keys.begin(), r.group_keys.end()), r.group_keys.end());
    // Content words: what is left once place names (already keys) and words that only name the
    // kind of activity are taken out, so that what two tips share is a detail of the scene.
    std::vector<bool> skip_token(a.tokens.size(), false);
    for (const auto& m : loc.mentions)
      for (std::size_t k = m.begin; k < m.end && k < skip_token.size(); ++k) skip_token[k] = true;
    std::vector<bool> skip_word(a.words.size(), false);
    for (int cls : generic_classes)
      for (const Hit& h : a.hits[static_cast<std::size_t>(cls)])
        for (std::size_t k = h.begin; k < h.end; ++k) skip_word[k] = true;
    for (std::size_t k = 0; k < a.words.size(); ++k) {
      const auto& w = a.words[k];
      if (w.folded.size() < 2 || stopwords.count(w.folded) || skip_word[k] || skip_token[w.token])
        continue;
      std::uint32_t h = 2166136261u;
      for (char c : w.folded) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
      r.content.push_back(h);
    }
    std::sort(r.content.begin(), r.content.end());
    r.content.erase(std::unique(r.content.begin(), r.content.end()), r.content.end());
  }
};

Engine::Engine(Ward ward, Rules rules) : impl_(std::make_unique<Impl>(std::move(ward), std::move(rules))) {}
Engine::Engine(Ward ward, Rules rules, LinearModel model)
    : impl_(std::make_unique<Impl>(std::move(ward), std::move(rules))) {
  if (model.heads() != learned_heads())
    throw ModelFileError("model file's labels are not the triage's categories and priorities: train it again");
  impl_->hasher.emplace(model.bucket_bits());
  impl_->model.emplace(std::move(model));
}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

Result Engine::classify(std::string_view text, std::int64_t now) const { return impl_->classify(text, now); }

std::vector<std::string> Engine::cue_names(std::string_view text, std::int64_t now) const {
  const auto reading = impl_->read(text, now);
  return impl_->cue_names(reading.analysis, reading.result);
}
SparseFeatures Engine::model_features(std::string_view text, std::int64_t now, unsigned bucket_bits) const {
  return impl_->features(text, impl_->read(text, now), FeatureHasher(bucket_bits));
}
bool Engine::learned() const { return impl_->model.has_value(); }
std::vector<LabelReasons> Engine::explain(std::string_view text, std::int64_t now, std::size_t per_label) const {
  return impl_->explain(text, now, per_label);
}
const Rules& Engine::rules() const { return impl_->rules; }
const Ward& Engine::ward() const { return impl_->ward; }

}  // namespace tipline::triage
