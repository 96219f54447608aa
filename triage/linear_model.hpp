#pragma once
// A linear model over hashed features (model_features.hpp): one logistic head per label
// (each category, each priority), trained by AdaGrad on a labelled corpus. Its file is
// a small binary record that says which features it was trained on and carries a
// checksum, so a damaged or mismatched file is refused instead of scoring nonsense.
// Pure: the caller reads and writes the bytes.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "triage/model_features.hpp"

namespace tipline::triage {

// A model file that cannot be used, with what is wrong with it.
class ModelFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TrainingExample {
  SparseFeatures features;
  std::vector<bool> labels;  // one per head
};

struct TrainingOptions {
  int epochs = 12;
  double learning_rate = 0.4;
  double l2 = 1e-4;
  double max_positive_weight = 2.0;  // rare labels' positives weigh up to this much more
  std::uint64_t seed = 1;  // the same seed, corpus and options give the same file
};

class LinearModel final {
 public:
  // The feature set this code computes; a file trained on another is refused.
  static constexpr std::string_view feature_set = "tipline-features-2";
  static constexpr std::uint32_t format_version = 1;

  LinearModel(std::vector<std::string> heads, unsigned bucket_bits);

  static LinearModel train(const std::vector<TrainingExample>& examples, std::vector<std::string> heads,
                           unsigned bucket_bits, const TrainingOptions& options);

  const std::vector<std::string>& heads() const { return heads_; }
  unsigned bucket_bits() const { return bucket_bits_; }
  // Index of a head by name; throws ModelFileError when the model has none of that name.
  std::size_t head(std::string_view name) const;

  // The head's logit: above 0 means the label applies.
  double score(std::size_t head, const SparseFeatures& features) const;
  // Every head's logit, in head order, in one pass over the features.
  std::vector<double> scores(const SparseFeatures& features) const;
  // What one feature adds to a head's score for this text (for explanations).
  double contribution(std::size_t head, const SparseFeatures& features, std::size_t feature) const;

  std::string serialize() const;
  // Throws ModelFileError naming the problem: not a model file, another format version
  // or feature set, truncated, damaged (checksum), or inconsistent.
  static LinearModel parse(std::string_view bytes);

 private:
  float& weight(std::uint32_t bucket, std::size_t head) { return weights_[std::size_t(bucket) * heads_.size() + head]; }
  float weight(std::uint32_t bucket, std::size_t head) const {
    return weights_[std::size_t(bucket) * heads_.size() + head];
  }

  std::vector<std::string> heads_;
  unsigned bucket_bits_;
  std::vector<float> bias_;
  std::vector<float> weights_;  // bucket-major: every head's weight of one bucket together
};

}  // namespace tipline::triage
