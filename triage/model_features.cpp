#include "triage/model_features.hpp"

#include <algorithm>
#include <cmath>
#include <map>
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

SparseFeatures FeatureHasher::features(std::string_view text, const std::vector<std::string>& named) const {
  std::map<std::uint32_t, float> weights;
  auto add = [&](std::string_view kind, std::string_view value, float weight) {
    weights[bucket(kind, value)] += weight;
  };
  const auto tokens = tokenize(text);
  std::string padded = " ";
  std::size_t upper_words = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    add("w", t.folded, 1.0f);
    if (t.has_marks) add("m", t.marked, 0.5f);
    if (i + 1 < tokens.size()) add("b", t.folded + ' ' + tokens[i + 1].folded, 0.8f);
    if (t.all_upper && t.folded.size() > 1) ++upper_words;
    padded += t.folded;
    padded += ' ';
  }
  // Character n-grams carry spelling variants, teencode and words run together.
  for (std::size_t n = 3; n <= 5; ++n)
    for (std::size_t i = 0; i + n <= padded.size(); ++i) add("c", std::string_view(padded).substr(i, n), 0.3f);

  std::size_t emoji = 0, bangs = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_emoji_start(text, i)) ++emoji;
    if (text[i] == '!') ++bangs;
  }
  if (!tokens.empty() && upper_words * 2 > tokens.size()) add("s", "caps", 1.0f);
  if (emoji > 0) add("s", "emoji", 1.0f);
  if (bangs > 0) add("s", bangs > 1 ? "bangs" : "bang", 1.0f);
  add("s", "len" + std::to_string(std::min<std::size_t>(tokens.size() / 8, 12)), 1.0f);
  for (const auto& name : named) add("n", name, 1.0f);

  SparseFeatures out;
  double norm = 0;
  for (const auto& [index, weight] : weights) norm += double(weight) * weight;
  norm = norm > 0 ? std::sqrt(norm) : 1;
  out.index.reserve(weights.size());
  out.value.reserve(weights.size());
  for (const auto& [index, weight] : weights) {
    out.index.push_back(index);
    out.value.push_back(static_cast<float>(weight / norm));
  }
  return out;
}

}  // namespace tipline::triage
