#include "triage/linear_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace tipline::triage {

namespace {

constexpr std::string_view magic = "TLTRIAGE";
constexpr std::size_t max_heads = 64;

// splitmix64: a tiny generator whose sequence is fixed by its seed on every platform.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_f32(std::string& out, float f) {
  std::uint32_t v;
  std::memcpy(&v, &f, 4);
  put_u32(out, v);
}
void put_text(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint32_t u32(const char* what) {
    need(4, what);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t(static_cast<unsigned char>(bytes_[at_ + i])) << (8 * i);
    at_ += 4;
    return v;
  }
  std::uint64_t u64(const char* what) {
    need(8, what);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t(static_cast<unsigned char>(bytes_[at_ + i])) << (8 * i);
    at_ += 8;
    return v;
  }
  float f32(const char* what) {
    const std::uint32_t v = u32(what);
    float f;
    std::memcpy(&f, &v, 4);
    if (!std::isfinite(f)) throw ModelFileError(std::string("model file: ") + what + " is not a finite number");
    return f;
  }
  std::string text(const char* what, std::size_t max) {
    const auto n = u32(what);
    if (n > max) throw ModelFileError(std::string("model file: ") + what + " is too long");
    need(n, what);
    std::string s(bytes_.substr(at_, n));
    at_ += n;
    return s;
  }
  std::size_t at() const { return at_; }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void need(std::size_t n, const char* what) const {
    if (bytes_.size() - at_ < n) throw ModelFileError(std::string("model file is truncated (at ") + what + ")");
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-std::clamp(z, -30.0, 30.0))); }

}  // namespace

LinearModel::LinearModel(std::vector<std::string> heads, unsigned bucket_bits)
    : heads_(std::move(heads)), bucket_bits_(bucket_bits) {
  if (heads_.empty() || heads_.size() > max_heads) throw ModelFileError("model: 1 to 64 heads");
  if (bucket_bits_ < 10 || bucket_bits_ > 24) throw ModelFileError("model: 10 to 24 bucket bits");
  bias_.assign(heads_.size(), 0.0f);
  weights_.assign((std::size_t(1) << bucket_bits_) * heads_.size(), 0.0f);
}

std::size_t LinearModel::head(std::string_view name) const {
  for (std::size_t i = 0; i < heads_.size(); ++i)
    if (heads_[i] == name) return i;
  throw ModelFileError("model has no head \"" + std::string(name) + "\"");
}

double LinearModel::score(std::size_t head, const SparseFeatures& f) const {
  double z = bias_[head];
  for (std::size_t i = 0; i < f.index.size(); ++i) z += double(weight(f.index[i], head)) * f.value[i];
  return z;
}

std::vector<double> LinearModel::scores(const SparseFeatures& f) const {
  const std::size_t k = heads_.size();
  std::vector<float> z(bias_.begin(), bias_.end());
  const std::size_t n = f.index.size();
  // A tip's buckets are scattered over the table: ask for rows a few features ahead so
  // their loads overlap instead of waiting on memory one by one.
  constexpr std::size_t ahead = 8;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + ahead < n) __builtin_prefetch(&weights_[std::size_t(f.index[i + ahead]) * k]);
    const float* row = &weights_[std::size_t(f.index[i]) * k];  // a bucket's heads sit together
    const float v = f.value[i];
    for (std::size_t h = 0; h < k; ++h) z[h] += row[h] * v;
  }
  return std::vector<double>(z.begin(), z.end());
}

double LinearModel::contribution(std::size_t head, const SparseFeatures& f, std::size_t feature) const {
  return double(weight(f.index[feature], head)) * f.value[feature];
}

LinearModel LinearModel::train(const std::vector<TrainingExample>& examples, std::vector<std::string> heads,
                               unsigned bucket_bits, const TrainingOptions& options) {
  LinearModel model(std::move(heads), bucket_bits);
  const std::size_t k = model.heads_.size();
  for (const auto& e : examples)
    if (e.labels.size() != k) throw std::invalid_argument("training example with the wrong number of labels");
  // AdaGrad: each weight's step shrinks with the gradients it has seen, so rare but
  // telling features (a slang word, a landmark) still move.
  std::vector<float> squared(model.weights_.size(), 1e-8f);
  std::vector<double> bias_squared(k, 1e-8);
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0);
  Random random{options.seed};
  std::vector<double> gradient(k);
  // A label few tips carry weighs more when present, so a rare category is not learned
  // as "never": sqrt of its negatives over positives, at most `max_positive_weight`.
  std::vector<double> positive_weight(k, 1.0);
  for (std::size_t h = 0; h < k; ++h) {
    double positives = 0;
    for (const auto& e : examples) positives += e.labels[h];
    const double negatives = double(examples.size()) - positives;
    if (positives > 0)
      positive_weight[h] = std::clamp(std::sqrt(negatives / positives), 1.0, options.max_positive_weight);
  }
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random.next() % i]);
    for (auto n : order) {
      const auto& e = examples[n];
      for (std::size_t h = 0; h < k; ++h)
        gradient[h] = e.labels[h] ? (sigmoid(model.score(h, e.features)) - 1.0) * positive_weight[h]
                                  : sigmoid(model.score(h, e.features));
      for (std::size_t i = 0; i < e.features.index.size(); ++i) {
        const std::size_t base = std::size_t(e.features.index[i]) * k;
        for (std::size_t h = 0; h < k; ++h) {
          float& w = model.weights_[base + h];
          const double g = gradient[h] * e.features.value[i] + options.l2 * w;
          squared[base + h] += static_cast<float>(g * g);
          w -= static_cast<float>(options.learning_rate * g / std::sqrt(double(squared[base + h])));
        }
      }
      for (std::size_t h = 0; h < k; ++h) {
        bias_squared[h] += gradient[h] * gradient[h];
        model.bias_[h] -= static_cast<float>(options.learning_rate * gradient[h] / std::sqrt(bias_squared[h]));
      }
    }
  }
  return model;
}

std::string LinearModel::serialize() const {
  std::string out(magic);
  put_u32(out, format_version);
  put_text(out, feature_set);
  put_u32(out, bucket_bits_);
  put_u32(out, static_cast<std::uint32_t>(heads_.size()));
  for (const auto& h : heads_) put_text(out, h);
  for (float b : bias_) put_f32(out, b);
  // Only buckets some head uses are written: most of the table is zeros.
  const std::size_t k = heads_.size();
  const std::uint32_t buckets = 1u << bucket_bits_;
  std::uint32_t rows = 0;
  for (std::uint32_t b = 0; b < buckets; ++b)
    for (std::size_t h = 0; h < k; ++h)
      if (weight(b, h) != 0.0f) {
        ++rows;
        break;
      }
  put_u32(out, rows);
  for (std::uint32_t b = 0; b < buckets; ++b) {
    bool used = false;
    for (std::size_t h = 0; h < k && !used; ++h) used = weight(b, h) != 0.0f;
    if (!used) continue;
    put_u32(out, b);
    for (std::size_t h = 0; h < k; ++h) put_f32(out, weight(b, h));
  }
  put_u64(out, fnv1a64(out));
  return out;
}

LinearModel LinearModel::parse(std::string_view bytes) {
  if (bytes.size() < magic.size() || bytes.substr(0, magic.size()) != magic)
    throw ModelFileError("not a triage model file");
  if (bytes.size() < magic.size() + 8) throw ModelFileError("model file is truncated");
  Reader checksum_reader(bytes.substr(bytes.size() - 8));
  if (checksum_reader.u64("checksum") != fnv1a64(bytes.substr(0, bytes.size() - 8)))
    throw ModelFileError("model file is damaged (checksum mismatch)");
  Reader r(bytes.substr(magic.size(), bytes.size() - magic.size() - 8));
  const auto version = r.u32("format version");
  if (version != format_version)
    throw ModelFileError("model file format " + std::to_string(version) + ", this build reads " +
                         std::to_string(format_version) + ": train it again");
  const auto features = r.text("feature set", 64);
  if (features != feature_set)
    throw ModelFileError("model file was trained on features \"" + features + "\", this build computes \"" +
                         std::string(feature_set) + "\": train it again");
  const auto bits = r.u32("bucket bits");
  if (bits < 10 || bits > 24) throw ModelFileError("model file: bucket bits out of range");
  const auto head_count = r.u32("head count");
  if (head_count == 0 || head_count > max_heads) throw ModelFileError("model file: head count out of range");
  std::vector<std::string> heads;
  for (std::uint32_t i = 0; i < head_count; ++i) {
    heads.push_back(r.text("head name", 64));
    if (heads.back().empty()) throw ModelFileError("model file: empty head name");
  }
  LinearModel model(std::move(heads), bits);
  for (auto& b : model.bias_) b = r.f32("bias");
  const auto rows = r.u32("row count");
  const std::uint32_t buckets = 1u << bits;
  if (rows > buckets) throw ModelFileError("model file: more rows than buckets");
  std::int64_t previous = -1;
  for (std::uint32_t i = 0; i < rows; ++i) {
    const auto bucket = r.u32("row bucket");
    if (bucket >= buckets || std::int64_t(bucket) <= previous)
      throw ModelFileError("model file: rows out of order or out of range");
    previous = bucket;
    for (std::size_t h = 0; h < head_count; ++h) model.weight(bucket, h) = r.f32("weight");
  }
  if (!r.done()) throw ModelFileError("model file: bytes after the last row");
  return model;
}

}  // namespace tipline::triage
