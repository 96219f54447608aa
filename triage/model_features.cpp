#include "triage/model_features.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <stdexcept>

#include "triage/normalise.hpp"

namespace tipline::triage {

namespace {

// FNV-1a over the kind, a separator and the value: stable across platforms and runs.
std::uint32_t fnv1a(std::string_view kind, std::string_view value) {
  std::uint32_t h = 2166136261u;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 16777619u;
    }
  };
  mix(kind);
  h ^= 0x1f;
  h *= 16777619u;
  mix(value);
  return h;
}

bool is_emoji_start(std::string_view text, std::size_t at) {
  // Four-byte UTF-8 sequences (U+10000 and up) are emoji and pictographs in tips.
  return static_cast<unsigned char>(text[at]) >= 0xF0;
}

}  // namespace

FeatureHasher::FeatureHasher(unsigned bucket_bits) {
  if (bucket_bits < 10 || bucket_bits > 24) throw std::invalid_argument("feature buckets: 10 to 24 bits");
  mask_ = (1u << bucket_bits) - 1;
}

std::uint32_t FeatureHasher::bucket(std::string_view kind, std::string_view value) const {
  return fnv1a(kind, value) & mask_;
}

namespace {

// Walks every feature of a text once, for scoring and for explaining alike.
template <class Add>
void each_feature(std::string_view text, const std::vector<std::string>& named, Add&& add) {
  const auto tokens = tokenize(text);
  std::string padded = " ";
  std::size_t upper_words = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    add('w', t.folded, 1.0f, t.start, t.end);
    if (t.has_marks) add('m', t.marked, 0.5f, t.start, t.end);
    if (i + 1 < tokens.size()) add('b', t.folded + ' ' + tokens[i + 1].folded, 0.8f, t.start, tokens[i + 1].end);
    if (t.all_upper && t.folded.size() > 1) ++upper_words;
    padded += t.folded;
    padded += ' ';
  }
  // Character n-grams carry spelling variants, teencode and words run together.
  for (std::size_t n = 3; n <= 4; ++n)
    for (std::size_t i = 0; i + n <= padded.size(); ++i)
      add('c', std::string_view(padded).substr(i, n), 0.3f, std::size_t(0), std::size_t(0));

  std::size_t emoji = 0, bangs = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_emoji_start(text, i)) ++emoji;
    if (text[i] == '!') ++bangs;
  }
  if (!tokens.empty() && upper_words * 2 > tokens.size()) add('s', "caps", 1.0f, 0, 0);
  if (emoji > 0) add('s', "emoji", 1.0f, 0, 0);
  if (bangs > 0) add('s', bangs > 1 ? "bangs" : "bang", 1.0f, 0, 0);
  add('s', "len" + std::to_string(std::min<std::size_t>(tokens.size() / 8, 12)), 1.0f, 0, 0);
  for (const auto& name : named) add('n', name, 1.0f, 0, 0);
}

}  // namespace

namespace {

// FNV-1a state after a feature kind and the separator: fnv1a(kind, value) continued.
constexpr std::uint32_t kind_seed(char kind) {
  std::uint32_t h = 2166136261u;
  h ^= static_cast<unsigned char>(kind);
  h *= 16777619u;
  h ^= 0x1f;
  h *= 16777619u;
  return h;
}

inline std::uint32_t mix(std::uint32_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

}  // namespace

SparseFeatures FeatureHasher::features(std::string_view text, const std::vector<std::string>& named) const {
  return features(text, tokenize(text), named);
}

// The same features as each_feature() walks, hashed in place without building strings:
// this runs for every tip the server receives. model_features_test checks the two agree.
SparseFeatures FeatureHasher::features(std::string_view text, const std::vector<Token>& tokens,
                                       const std::vector<std::string>& named) const {
  std::vector<std::pair<std::uint32_t, float>> raw;
  raw.reserve(text.size() * 4 + named.size() + 8);
  auto add = [&](std::uint32_t hash, float weight) { raw.emplace_back(hash & mask_, weight); };
  std::string padded = " ";
  std::size_t upper_words = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    add(mix(kind_seed('w'), t.folded), 1.0f);
    if (t.has_marks) add(mix(kind_seed('m'), t.marked), 0.5f);
    if (i + 1 < tokens.size()) add(mix(mix(mix(kind_seed('b'), t.folded), " "), tokens[i + 1].folded), 0.8f);
    if (t.all_upper && t.folded.size() > 1) ++upper_words;
    padded += t.folded;
    padded += ' ';
  }
  // Each start position's 3- and 4-gram share their first bytes: one running hash.
  for (std::size_t i = 0; i + 3 <= padded.size(); ++i) {
    std::uint32_t h = mix(kind_seed('c'), std::string_view(padded).substr(i, 3));
    add(h, 0.3f);
    if (i + 4 <= padded.size()) add(mix(h, std::string_view(padded).substr(i + 3, 1)), 0.3f);
  }
  std::size_t emoji = 0, bangs = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_emoji_start(text, i)) ++emoji;
    if (text[i] == '!') ++bangs;
  }
  const std::uint32_t shape = kind_seed('s');
  if (!tokens.empty() && upper_words * 2 > tokens.size()) add(mix(shape, "caps"), 1.0f);
  if (emoji > 0) add(mix(shape, "emoji"), 1.0f);
  if (bangs > 0) add(mix(shape, bangs > 1 ? "bangs" : "bang"), 1.0f);
  add(mix(shape, "len" + std::to_string(std::min<std::size_t>(tokens.size() / 8, 12))), 1.0f);
  for (const auto& name : named) add(mix(kind_seed('n'), name), 1.0f);

  // Repeated buckets merged through a small open-addressing table, in the order first
  // met: cheaper than sorting, and the same sums in the same order every time.
  std::size_t capacity = 16;
  while (capacity < raw.size() * 2) capacity *= 2;
  constexpr std::uint32_t empty = 0xffffffffu;  // above any bucket (at most 2^24)
  std::vector<std::uint32_t> slot_bucket(capacity, empty);
  std::vector<std::uint32_t> slot_feature(capacity);
  SparseFeatures out;
  out.index.reserve(raw.size());
  out.value.reserve(raw.size());
  for (const auto& [index, weight] : raw) {
    std::size_t at = (index * 2654435761u) & (capacity - 1);
    while (slot_bucket[at] != empty && slot_bucket[at] != index) at = (at + 1) & (capacity - 1);
    if (slot_bucket[at] == empty) {
      slot_bucket[at] = index;
      slot_feature[at] = static_cast<std::uint32_t>(out.index.size());
      out.index.push_back(index);
      out.value.push_back(weight);
    } else {
      out.value[slot_feature[at]] += weight;
    }
  }
  double norm = 0;
  for (float v : out.value) norm += double(v) * v;
  norm = norm > 0 ? std::sqrt(norm) : 1;
  for (float& v : out.value) v = static_cast<float>(v / norm);
  return out;
}

std::vector<FeatureSource> FeatureHasher::sources(std::string_view text, const std::vector<std::string>& named) const {
  std::vector<FeatureSource> out;
  each_feature(text, named, [&](char kind, std::string_view value, float, std::size_t start, std::size_t end) {
    if (kind == 'c') return;  // a piece of a word explains nothing on its own
    FeatureSource s{bucket(std::string_view(&kind, 1), value), kind, std::string(value), start, end};
    if (end > start) s.shown = std::string(text.substr(start, end - start));
    out.push_back(std::move(s));
  });
  return out;
}

}  // namespace tipline::triage
