#pragma once
// What the learned model reads of a text: hashed word, word-pair and character n-gram
// features of the folded words, the marked words (which tell "đá" from "dạ"), the shape
// of the message (capitals, emoji, exclamation marks, length) and any named features the
// caller adds (the lexicon's cue classes). Pure and deterministic: the same text gives the
// same features on every machine, so a model trained here scores the same everywhere.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "triage/normalise.hpp"

namespace tipline::triage {

struct SparseFeatures {
  std::vector<std::uint32_t> index;  // unique, in the order first met, below the bucket count
  std::vector<float> value;          // the vector has unit length
};

// Where a feature came from, for explaining a score: a word ('w'), a word pair ('b') or
// a marked word ('m') as written at text[start, end); a named feature ('n') or the
// message's shape ('s') by its name. Character n-grams are not listed.
struct FeatureSource {
  std::uint32_t bucket = 0;
  char kind = 'w';
  std::string shown;
  std::size_t start = 0;
  std::size_t end = 0;
};

class FeatureHasher final {
 public:
  // `bucket_bits` from 10 to 24: 2^bits buckets.
  explicit FeatureHasher(unsigned bucket_bits);

  std::uint32_t buckets() const { return mask_ + 1; }

  // The features of `text`, with `named` features (e.g. "cue:urgent_now") added at weight 1.
  SparseFeatures features(std::string_view text, const std::vector<std::string>& named = {}) const;
  // The same, with the text's tokens already at hand.
  SparseFeatures features(std::string_view text, const std::vector<Token>& tokens,
                          const std::vector<std::string>& named) const;

  // The explainable features of `text`, in text order, with their buckets.
  std::vector<FeatureSource> sources(std::string_view text, const std::vector<std::string>& named = {}) const;

  // The bucket a named feature or n-gram lands in (for explanations and tests).
  std::uint32_t bucket(std::string_view kind, std::string_view value) const;

 private:
  std::uint32_t mask_;
};

}  // namespace tipline::triage
