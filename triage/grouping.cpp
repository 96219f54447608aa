#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "triage/triage.hpp"

namespace tipline::triage {
namespace {

constexpr std::array<std::string_view, 12> kCategories = {"dealing",     "use_den",   "use",    "post_rehab",
                                                          "trafficking", "cultivation", "youth", "disguised",
                                                          "online",      "wanted",    "other",  "spam"};

// Activity families: selling and harbouring use at a place are the same point seen from two
// sides (the same karaoke is reported for both), so they share a family; a person's use and
// relapse are another; transport, growing and fugitives are each their own. Youth, disguised and
// online only qualify an activity. Indexed like kCategories.
constexpr std::array<std::uint32_t, 12> kFamily = {1, 1, 2, 2, 4, 8, 0, 0, 0, 16, 0, 0};

bool has_prefix(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

std::string_view id_type(const std::string& key) {  // "id:plate:..." -> "plate"
  auto end = key.find(':', 3);
  return end == std::string::npos ? std::string_view{} : std::string_view(key).substr(3, end - 3);
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

// A label derived from the founding tip's key by hashing, so it carries nothing personal.
std::string label_for(std::string_view founder) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "g-%012llx",
                static_cast<unsigned long long>(fnv1a(founder) & 0xFFFFFFFFFFFFull));
  return buf;
}

// Cosine of the two word sets: a short tip and a long one about the same thing still score.
double overlap(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) ++both, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(both) / std::sqrt(static_cast<double>(a.size()) * static_cast<double>(b.size()));
}

}  // namespace

Grouper::Grouper(const Engine& engine) : w_(engine.rules().grouping) {}
Grouper::Grouper(GroupingWeights weights) : w_(weights) {}

Grouper::Tip Grouper::make_tip(const Result& result, std::int64_t at) const {
  Tip t;
  t.keys = result.group_keys;
  t.content = result.content;
  for (const auto& c : result.categories)
    for (std::size_t i = 0; i < kCategories.size(); ++i)
      if (kCategories[i] == c) t.categories |= 1u << i, t.families |= kFamily[i];
  t.incident = result.priority == "urgent";
  t.at = at;
  for (const auto& k : t.keys)
    if (k.rfind("area:", 0) == 0) t.area = k;
  return t;
}

double Grouper::similarity(const Tip& a, const Tip& b) const {
  // Two areas named and different: not the same point, whatever the wording.
  if (!a.area.empty() && !b.area.empty() && a.area != b.area) return 0;
  double s = 0;
  bool a_product = false, b_product = false, shared_product = false, specific = false;
  for (const auto& k : a.keys) a_product = a_product || has_prefix(k, "prod:");
  for (const auto& k : b.keys) b_product = b_product || has_prefix(k, "prod:");
  std::size_t i = 0, j = 0;
  while (i < a.keys.size() && j < b.keys.size()) {
    int c = a.keys[i].compare(b.keys[j]);
    if (c < 0) { ++i; continue; }
    if (c > 0) { ++j; continue; }
    const std::string& k = a.keys[i];
    // A named business is as specific as a nickname; a channel name is an identifier.
    if (has_prefix(k, "id:") || has_prefix(k, "chan:")) s += w_.same_identifier, specific = true;
    else if (has_prefix(k, "nick:") || has_prefix(k, "venue:")) s += w_.same_nickname, specific = true;
    else if (has_prefix(k, "alley:")) s += w_.same_alley, specific = true;
    else if (has_prefix(k, "lm:")) s += w_.same_landmark;
    else if (has_prefix(k, "area:")) s += w_.same_area;
    else if (has_prefix(k, "prod:")) s += w_.same_product, shared_product = true;
    ++i, ++j;
  }
  // Both give a plate (or address, or phone) and none is shared: two vehicles, two houses.
  for (std::string_view type : {"plate", "address", "phone"}) {
    bool in_a = false, in_b = false, shared = false;
    for (const auto& k : a.keys) in_a = in_a || (has_prefix(k, "id:") && id_type(k) == type);
    for (const auto& k : b.keys) {
      if (!has_prefix(k, "id:") || id_type(k) != type) continue;
      in_b = true;
      shared = shared || std::binary_search(a.keys.begin(), a.keys.end(), k);
    }
    if (in_a && in_b && !shared) return 0;
  }
  // Both name a product and none in common: different goods, likely a different point.
  if (a_product && b_product && !shared_product) s -= w_.different_product;
  double text = overlap(a.content, b.content);
  if (!specific) {
    // Only a broad place or area in common: it holds many unrelated events, so the activity
    // has to be of the same kind, and an event happening now has to be described alike.
    if (!(a.families & b.families)) return 0;
    if ((a.incident || b.incident) && text < w_.incident_min_text) return 0;
  }
  std::uint32_t both = a.families & b.families, any = a.families | b.families;
  if (any) s += w_.category_overlap * __builtin_popcount(both) / __builtin_popcount(any);
  s += w_.text_similarity * text;
  return s;
}

void Grouper::index(std::uint32_t tip_index) {
  for (const auto& k : tips_[tip_index].keys) postings_[k].push_back(tip_index);
}

std::optional<std::string> Grouper::assign(std::string_view tip_key, const Result& result, std::int64_t now) {
  if (!result.drug_related) return std::nullopt;
  Tip tip = make_tip(result, now);
  // Candidates: the newest few tips under each of this tip's keys, inside the time window.
  std::vector<std::uint32_t> candidates;
  for (const auto& k : tip.keys) {
    auto it = postings_.find(k);
    if (it == postings_.end()) continue;
    const auto& list = it->second;
    std::size_t from = list.size() > w_.postings_per_key ? list.size() - w_.postings_per_key : 0;
    for (std::size_t p = from; p < list.size(); ++p)
      if (now - tips_[list[p]].at <= w_.window_seconds) candidates.push_back(list[p]);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  double best = w_.threshold;
  std::optional<std::uint32_t> best_group;
  for (std::uint32_t c : candidates) {
    const Tip& other = tips_[c];
    if (group_sizes_[other.group] >= w_.max_group_size) continue;
    double s = similarity(tip, other);
    if (s >= best) {
      best = s;
      best_group = other.group;
    }
  }
  if (best_group) {
    tip.group = *best_group;
  } else {
    tip.group = static_cast<std::uint32_t>(group_labels_.size());
    group_labels_.push_back(label_for(tip_key));
    group_sizes_.push_back(0);
    group_ids_.emplace(group_labels_.back(), tip.group);
  }
  ++group_sizes_[tip.group];
  tips_.push_back(std::move(tip));
  index(static_cast<std::uint32_t>(tips_.size() - 1));
  return group_labels_[tips_.back().group];
}

void Grouper::restore(std::string_view tip_key, std::optional<std::string> group, const Result& result,
                      std::int64_t created_at) {
  if (!result.drug_related) return;
  Tip tip = make_tip(result, created_at);
  std::string label = group ? *group : label_for(tip_key);
  auto [it, fresh] = group_ids_.emplace(label, static_cast<std::uint32_t>(group_labels_.size()));
  if (fresh) {
    group_labels_.push_back(label);
    group_sizes_.push_back(0);
  }
  tip.group = it->second;
  ++group_sizes_[tip.group];
  tips_.push_back(std::move(tip));
  index(static_cast<std::uint32_t>(tips_.size() - 1));
}

}  // namespace tipline::triage
