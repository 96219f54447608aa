#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "triage/linear_model.hpp"
#include "triage/model_features.hpp"

using namespace tipline::triage;

namespace {

const FeatureHasher hasher(14);

std::vector<TrainingExample> toy_corpus() {
  // Head 0: selling drugs; head 1: urgent. Written for this test, not taken from a corpus.
  const std::vector<std::tuple<std::string, bool, bool>> rows = {
      {"thằng Tèo bán đá ở đầu hẻm", true, false},
      {"có người bán hàng trắng sau chợ", true, false},
      {"bán đá cho tụi nhỏ tối nào cũng có", true, false},
      {"nó đang giao hàng trắng ngay bây giờ cứu", true, true},
      {"chiều nay tụi nhỏ đá bóng ở sân", false, false},
      {"mua nước đá về ướp cá", false, false},
      {"cháy nhà ở tổ 3 cứu với nhanh lên", false, true},
      {"bà bán rau ở chợ", false, false},
  };
  std::vector<TrainingExample> out;
  for (const auto& [text, selling, urgent] : rows) out.push_back({hasher.features(text), {selling, urgent}});
  return out;
}

}  // namespace

TEST_CASE("features: unit length, unique buckets, diacritics and case folded", "[model]") {
  auto f = hasher.features("ĐANG BÁN ĐÁ Ở HẺM 12!!! 🚨");
  REQUIRE(!f.index.empty());
  auto sorted = f.index;
  std::sort(sorted.begin(), sorted.end());
  REQUIRE(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  double norm = 0;
  for (float v : f.value) norm += double(v) * v;
  REQUIRE(norm == Approx(1.0));
  auto has = [](const SparseFeatures& s, std::uint32_t b) {
    return std::find(s.index.begin(), s.index.end(), b) != s.index.end();
  };
  REQUIRE(has(f, hasher.bucket("w", "da")));
  REQUIRE(has(hasher.features("dang ban da"), hasher.bucket("w", "da")));
  REQUIRE(has(f, hasher.bucket("s", "caps")));
  REQUIRE(has(f, hasher.bucket("s", "emoji")));
  REQUIRE(has(f, hasher.bucket("s", "bangs")));
  REQUIRE(has(hasher.features("x", {"cue:urgent_now"}), hasher.bucket("n", "cue:urgent_now")));
  REQUIRE(hasher.features("").index.size() == 1);  // the length feature alone
}

TEST_CASE("the explainable sources of a text are among its scored features", "[model]") {
  const FeatureHasher wide(16);
  auto has = [](const SparseFeatures& f, std::uint32_t bucket) {
    return std::find(f.index.begin(), f.index.end(), bucket) != f.index.end();
  };
  for (const char* text : {"Thằng TÈO bán đá ở hẻm 12!!! 🚨", "co nguoi nam co giat o cong vien", "", "a"}) {
    const auto f = wide.features(text, {"cue:urgent", "class:drug"});
    for (const auto& s : wide.sources(text, {"cue:urgent", "class:drug"})) {
      INFO(text << " / " << s.kind << " " << s.shown);
      REQUIRE(has(f, s.bucket));
    }
  }
  const auto sources = wide.sources("bán đá", {});
  REQUIRE(sources[0].kind == 'w');
  REQUIRE(sources[0].shown == "bán");
  REQUIRE(sources[0].bucket == wide.bucket("w", "ban"));
}

TEST_CASE("a linear model learns its heads and keeps what it learned through its file", "[model]") {
  TrainingOptions options;
  options.epochs = 30;
  auto model = LinearModel::train(toy_corpus(), {"dealing", "urgent"}, 14, options);
  const auto selling = model.head("dealing");
  const auto urgent = model.head("urgent");
  REQUIRE(model.score(selling, hasher.features("có thằng bán đá trong hẻm")) > 0);
  REQUIRE(model.score(selling, hasher.features("tụi nhỏ đá bóng")) < 0);
  REQUIRE(model.score(urgent, hasher.features("cứu với nhanh lên")) > 0);
  REQUIRE(model.score(urgent, hasher.features("bà bán rau")) < 0);

  auto back = LinearModel::parse(model.serialize());
  REQUIRE(back.heads() == model.heads());
  const auto f = hasher.features("đang bán đá cứu");
  REQUIRE(back.score(selling, f) == model.score(selling, f));
  REQUIRE(back.score(urgent, f) == model.score(urgent, f));
  REQUIRE_THROWS_AS(model.head("youth"), ModelFileError);
}

TEST_CASE("training is deterministic: the same seed gives the same file", "[model]") {
  TrainingOptions options;
  const auto a = LinearModel::train(toy_corpus(), {"dealing", "urgent"}, 14, options).serialize();
  const auto b = LinearModel::train(toy_corpus(), {"dealing", "urgent"}, 14, options).serialize();
  REQUIRE(a == b);
  options.seed = 2;
  REQUIRE(LinearModel::train(toy_corpus(), {"dealing", "urgent"}, 14, options).serialize() != a);
}

TEST_CASE("a damaged or mismatched model file is refused with its reason", "[model]") {
  const auto good = LinearModel::train(toy_corpus(), {"dealing", "urgent"}, 14, {}).serialize();
  auto message_of = [](std::string_view bytes) {
    try {
      LinearModel::parse(bytes);
    } catch (const ModelFileError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  REQUIRE_THAT(message_of("{\"rules\": 1}"), Catch::Contains("not a triage model"));
  REQUIRE_THAT(message_of(good.substr(0, good.size() / 2)), Catch::Contains("damaged"));
  auto flipped = good;
  flipped[flipped.size() / 2] ^= 0x40;
  REQUIRE_THAT(message_of(flipped), Catch::Contains("damaged"));

  // Well-formed files of another kind: rebuilt with a valid checksum, so the reason shows.
  auto reseal = [](std::string body) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : body) {
      h ^= c;
      h *= 1099511628211ull;
    }
    for (int i = 0; i < 8; ++i) body.push_back(static_cast<char>((h >> (8 * i)) & 0xff));
    return body;
  };
  const auto body = good.substr(0, good.size() - 8);
  auto other_version = body;
  other_version[8] = 9;
  REQUIRE_THAT(message_of(reseal(other_version)), Catch::Contains("format 9"));
  auto other_features = body;
  other_features[12 + std::string_view("tipline-features-").size()] = '7';
  REQUIRE_THAT(message_of(reseal(other_features)), Catch::Contains("trained on features"));
  REQUIRE_THAT(message_of(reseal(body + "x")), Catch::Contains("after the last row"));
  REQUIRE_THAT(message_of(reseal(body.substr(0, body.size() - 3))), Catch::Contains("truncated"));
}

#include "support_engine.hpp"

TEST_CASE("the lexicon's view of a text becomes named features: classes, cues and the rules' labels", "[model]") {
  using tipline::triage::testing::has;
  const auto& engine = tipline::triage::testing::shipped_engine();
  const auto cues = engine.cue_names("thằng Tèo đang bán đá ở đầu hẻm 12 Lê Lợi, nhanh lên", tipline::triage::testing::kNow);
  REQUIRE(has(cues, "class:drug_noun"));
  REQUIRE(has(cues, "rule:dealing"));
  REQUIRE(std::any_of(cues.begin(), cues.end(), [](const std::string& c) { return c.rfind("cue:", 0) == 0; }));
  REQUIRE(std::count_if(cues.begin(), cues.end(), [](const std::string& c) {
            return c == "rule:urgent" || c == "rule:high" || c == "rule:normal" || c == "rule:low";
          }) == 1);
  const auto innocent = engine.cue_names("chiều nay tụi nhỏ đá bóng ở sân", tipline::triage::testing::kNow);
  REQUIRE_FALSE(has(innocent, "rule:dealing"));
  REQUIRE(has(innocent, "rule:low"));
}
