#include <catch2/catch.hpp>

#include "support_engine.hpp"
#include "triage/learned_labels.hpp"

using namespace tipline::triage;
using tipline::triage::testing::kNow;
using tipline::triage::testing::shipped_engine;

namespace {

// Written for this test: a few situations told twice, and non-tips.
std::string small_corpus() {
  return R"({"id":"a1","text":"thằng Tèo bán đá ở đầu hẻm 12 Lê Lợi tối nào cũng có","categories":["dealing"],"priority":"high","group":"g-teo"}
{"id":"a2","text":"ông Tèo hẻm 12 bán hàng trắng mỗi tối","categories":["dealing"],"priority":"high","group":"g-teo"}
{"id":"a3","text":"CỨU VỚI có người nằm co giật sùi bọt mép ở công viên Hồ Sen","categories":["use"],"priority":"urgent","group":null}
{"id":"a4","text":"trong rẫy mì sau nhà rông có trồng cần sa","categories":["cultivation"],"priority":"high","group":null}
{"id":"a5","text":"alo","categories":["spam"],"priority":"low","group":null}
{"id":"a6","text":"chiều nay tụi nhỏ đá bóng ở sân Thành Công","categories":["other"],"priority":"low","group":null}
{"id":"a7","text":"cho hỏi tố giác có được giữ bí mật không","categories":["other"],"priority":"low","group":null}
{"id":"a8","text":"thằng bé lớp 8 bị tụi lớn ép hút cỏ ở tiệm net Galaxy","categories":["use","youth"],"priority":"normal","group":null}
)";
}

}  // namespace

TEST_CASE("a labelled corpus is read line by line and a bad line is named", "[learned]") {
  auto tips = parse_labelled_tips(small_corpus(), "small");
  REQUIRE(tips.size() == 8);
  REQUIRE(tips[0].group == std::string("g-teo"));
  REQUIRE_FALSE(tips[2].group);
  REQUIRE(tips[7].categories == std::vector<std::string>{"use", "youth"});
  auto message_of = [](std::string_view text) {
    try {
      parse_labelled_tips(text, "train.jsonl");
    } catch (const DataFileError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  REQUIRE(message_of("\n{\"id\":\"x\",\"text\":\"t\",\"categories\":[\"vape\"],\"priority\":\"low\"}") ==
          "train.jsonl line 2: unknown category \"vape\"");
  REQUIRE(message_of("{\"id\":\"x\",\"text\":\"t\",\"categories\":[\"use\"],\"priority\":\"soon\"}") ==
          "train.jsonl line 1: unknown priority \"soon\"");
  REQUIRE(message_of("[1]") == "train.jsonl line 1: not a JSON object");
  REQUIRE(message_of("{\"id\":\"x\"}").find("needs id, text") != std::string::npos);
}

namespace {

Engine learned_engine(LinearModel model) {
  return Engine(shipped_engine().ward(), shipped_engine().rules(), std::move(model));
}

}  // namespace

TEST_CASE("learned labels follow the guidelines' shape: at least one category, other and spam alone and low",
          "[learned]") {
  const auto tips = parse_labelled_tips(small_corpus(), "small");
  TrainingOptions options;
  options.epochs = 30;
  const auto model = train_model(shipped_engine(), tips, options, 14);
  const auto engine = learned_engine(model);
  REQUIRE(engine.learned());
  REQUIRE_FALSE(shipped_engine().learned());
  for (const char* text : {"alo", "xin chào", "thằng Tèo bán đá", "🙂", ""}) {
    const auto r = engine.classify(text, kNow);
    REQUIRE_FALSE(r.categories.empty());
    if (!r.drug_related) {
      REQUIRE(r.categories.size() == 1);
      REQUIRE(r.priority == "low");
    }
  }
  REQUIRE(engine.classify("thằng Tèo ở hẻm 12 bán đá", kNow).categories == std::vector<std::string>{"dealing"});
  REQUIRE_FALSE(engine.classify("alo alo", kNow).drug_related);
  // The model's file, read back, is the same triage.
  const auto back = learned_engine(LinearModel::parse(model.serialize()));
  REQUIRE(back.classify("có người co giật sùi bọt mép", kNow).priority ==
          engine.classify("có người co giật sùi bọt mép", kNow).priority);
  // A model trained for other labels is refused.
  REQUIRE_THROWS_AS(learned_engine(LinearModel({"dealing"}, 14)), ModelFileError);
}

TEST_CASE("the learned engine keeps the rules' areas and personal data, and says why", "[learned]") {
  const auto tips = parse_labelled_tips(small_corpus(), "small");
  TrainingOptions options;
  options.epochs = 30;
  const auto engine = learned_engine(train_model(shipped_engine(), tips, options, 14));
  const std::string text = "thằng Tèo bán đá ở hẻm 12, gọi 0905123456";
  const auto rules = shipped_engine().classify(text, kNow);
  const auto learned = engine.classify(text, kNow);
  REQUIRE(learned.area == rules.area);
  REQUIRE(learned.pii.size() == rules.pii.size());
  const auto why = engine.explain(text, kNow);
  REQUIRE(why.size() == learned.categories.size() + 1);  // each category, then the priority
  REQUIRE(why.back().label == learned.priority);
  for (const auto& label : why) {
    REQUIRE(label.reasons.size() <= 3);
    for (std::size_t i = 0; i < label.reasons.size(); ++i) {
      REQUIRE(label.reasons[i].weight > 0);
      if (i > 0) REQUIRE(label.reasons[i].weight <= label.reasons[i - 1].weight);
      // Personal data is never a reason.
      REQUIRE(label.reasons[i].key.find("0905") == std::string::npos);
    }
  }
  REQUIRE(shipped_engine().explain(text, kNow).empty());
}

TEST_CASE("evaluation and cross-validation score held-out tips and keep a group on one side", "[learned]") {
  const auto tips = parse_labelled_tips(small_corpus(), "small");
  TrainingOptions options;
  options.epochs = 20;
  const auto engine = learned_engine(train_model(shipped_engine(), tips, options, 14));
  const auto seen = evaluate(engine, tips, kNow);
  REQUIRE(seen.tips == 8);
  REQUIRE(seen.category_micro_f1 > 0.8);  // it has seen these
  REQUIRE(seen.per_category.size() == 12);
  const auto cv = cross_validate(shipped_engine(), tips, 4, options, 14, kNow);
  REQUIRE(cv.tips == 8);  // every tip held out exactly once
  REQUIRE(cv.category_micro_f1 <= seen.category_micro_f1);
  REQUIRE_THROWS_AS(cross_validate(shipped_engine(), tips, 1, options, 14, kNow), std::invalid_argument);
}
