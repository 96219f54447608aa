// `tipline triage` as an operator runs it: labelling JSON Lines, training, evaluating
// and retraining the model from officers' corrections, from any working directory.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gateway/cli/store_access.hpp"
#include "handlers/tips/message_body.hpp"
#include "storage/sqlite_store.hpp"
#include "support/run_tipline.hpp"
#include "support/test_server.hpp"
#include "webhook-config/config_loader.hpp"

using namespace tipline;
using namespace tipline::testing;

namespace {

// A few labelled tips written for these tests, two of them one situation.
constexpr const char* small_corpus =
    R"({"id":"s1","text":"thằng Tèo bán đá ở đầu hẻm 12 Lê Lợi tối nào cũng có","categories":["dealing"],"priority":"high","group":"g-teo"}
{"id":"s2","text":"ông Tèo hẻm 12 bán hàng trắng mỗi tối","categories":["dealing"],"priority":"high","group":"g-teo"}
{"id":"s3","text":"CỨU VỚI có người nằm co giật sùi bọt mép ở công viên","categories":["use"],"priority":"urgent","group":null}
{"id":"s4","text":"trong rẫy mì sau nhà rông có trồng cần sa","categories":["cultivation"],"priority":"high","group":null}
{"id":"s5","text":"alo","categories":["spam"],"priority":"low","group":null}
{"id":"s6","text":"chiều nay tụi nhỏ đá bóng ở sân vận động","categories":["other"],"priority":"low","group":null}
)";

std::filesystem::path write_corpus(const TestDataDir& data) {
  const auto dir = data.dir / "corpus";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "small.jsonl") << small_corpus;
  return dir;
}

struct InitializedDir : TestDataDir {
  InitializedDir() {
    auto init = tipline_cmd(*this, {"init"});
    if (init.status != 0) throw std::runtime_error("tipline init failed: " + init.err);
  }
};

}  // namespace

TEST_CASE("tipline triage labels JSON Lines in order, and names the line of a bad rules file", "[cli][triage]") {
  TestDataDir data;
  const std::string source = TIPLINE_SOURCE_DIR;
  const std::vector<std::string> files{"--ward", source + "/webhook-config/ward.json", "--rules",
                                       source + "/webhook-config/triage-rules.json"};
  std::vector<std::string> args{"triage"};
  args.insert(args.end(), files.begin(), files.end());
  auto run = run_tipline(data, args,
                         R"({"id":"a","text":"Tối qua bọn trẻ đá bóng ngoài đường","extra":1})"
                         "\n"
                         R"({"id":"b","text":"Thằng Tí đang bán đá ở hẻm 12 Lê Lợi, số 0912 345 678"})"
                         "\n");
  INFO(run.err);
  REQUIRE(run.status == 0);
  std::vector<nlohmann::json> lines;
  std::istringstream out(run.out);
  for (std::string line; std::getline(out, line);) lines.push_back(nlohmann::json::parse(line));
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["id"] == "a");
  CHECK(lines[0]["drug_related"] == false);
  CHECK(lines[1]["id"] == "b");
  CHECK(lines[1]["drug_related"] == true);
  CHECK(lines[1]["priority"] == "urgent");
  CHECK(lines[1]["area"] == "tdp-3");
  CHECK(lines[1]["pii"][0]["type"] == "phone");
  CHECK(lines[1]["pii"][0]["text"] == "0912 345 678");
  CHECK(lines[1]["group"].is_string());
  for (const char* key : {"categories", "priority", "area", "pii", "group"}) CHECK(lines[0].contains(key));

  const auto bad_rules = data.dir / "bad-rules.json";
  std::ofstream(bad_rules) << "{\n  \"grouping\": {\n    \"threshold\": \"high\"\n  }\n}\n";
  auto refused = run_tipline(data, {"triage", "--ward", source + "/webhook-config/ward.json", "--rules",
                                    bad_rules.string()});
  CHECK(refused.status != 0);
  CHECK_THAT(refused.err, Catch::Contains("line"));
}

TEST_CASE("tipline triage uses the shipped ward, rules and model from any directory", "[cli][triage]") {
  TestDataDir data;
  // No file named: the shipped ones, although the working directory is not the source tree.
  auto run = run_tipline(data, {"triage"}, R"({"id":1,"text":"CỨU VỚI có người nằm co giật sùi bọt mép ở chợ"})" "\n");
  INFO(run.err);
  REQUIRE(run.status == 0);
  const auto line = nlohmann::json::parse(run.out);
  CHECK(line["id"] == "1");
  CHECK(line["priority"] == "urgent");
  // The rules alone on request.
  auto rules = run_tipline(data, {"triage", "--rules-only"}, R"({"id":"x","text":"alo"})" "\n");
  REQUIRE(rules.status == 0);
  CHECK(nlohmann::json::parse(rules.out)["categories"] == nlohmann::json::array({"spam"}));
}

TEST_CASE("tipline triage refuses a damaged, foreign or missing model file, naming it", "[cli][triage]") {
  TestDataDir data;
  const auto shipped = read_file(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/triage-model.bin");
  auto refused = [&](const std::string& name, const std::string& bytes) {
    const auto path = data.dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    auto run = run_tipline(data, {"triage", "--model", path.string()}, R"({"id":"a","text":"alo"})" "\n");
    CHECK(run.status == 2);
    CHECK(run.out.empty());
    CHECK_THAT(run.err, Catch::Contains(path.string()));
    return run.err;
  };
  std::string damaged = shipped;
  damaged[damaged.size() / 2] ^= 0x5a;
  CHECK_THAT(refused("damaged.bin", damaged), Catch::Contains("damaged"));
  CHECK_THAT(refused("cut.bin", shipped.substr(0, shipped.size() / 3)), Catch::Contains("damaged"));
  CHECK_THAT(refused("rules.bin", read_file(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/triage-rules.json")),
             Catch::Contains("not a triage model file"));
  auto missing = run_tipline(data, {"triage", "--model", (data.dir / "none.bin").string()}, "");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.err, Catch::Contains("cannot read") && Catch::Contains("none.bin"));
}

TEST_CASE("tipline triage train is deterministic and evaluate prints cross-validation and the dev score",
          "[cli][triage]") {
  TestDataDir data;
  const auto corpus = write_corpus(data);
  const auto first = data.dir / "first.bin", second = data.dir / "second.bin", other_seed = data.dir / "seed.bin";
  auto train = [&](const std::filesystem::path& out, const std::string& seed) {
    auto run = run_tipline(data, {"triage", "train", "--corpus", corpus.string(), "--out", out.string(), "--seed", seed});
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains("trained on 6 tips"));
  };
  train(first, "7");
  train(second, "7");
  train(other_seed, "8");
  CHECK(read_file(first) == read_file(second));
  CHECK(read_file(first) != read_file(other_seed));
  // The trained model labels tips.
  auto labelled = run_tipline(data, {"triage", "--model", first.string()}, R"({"id":"a","text":"alo"})" "\n");
  REQUIRE(labelled.status == 0);

  std::ofstream(data.dir / "dev.jsonl") << R"({"id":"d1","text":"có đứa bán hàng trắng ở hẻm 12","categories":["dealing"],"priority":"normal","group":null})"
                                        << "\n";
  auto evaluate = run_tipline(data, {"triage", "evaluate", "--corpus", corpus.string(), "--folds", "2", "--dev",
                                     (data.dir / "dev.jsonl").string(), "--model", first.string()});
  INFO(evaluate.err);
  REQUIRE(evaluate.status == 0);
  CHECK_THAT(evaluate.out, Catch::Contains("2-fold cross-validation over the training corpus") &&
                               Catch::Contains("(6 tips)") && Catch::Contains("dev set") &&
                               Catch::Contains("(1 tips)") && Catch::Contains("urgent recall") &&
                               Catch::Contains("post_rehab"));

  // Bad arguments and a bad corpus line are named.
  auto bad_folds = run_tipline(data, {"triage", "evaluate", "--folds", "1"});
  CHECK(bad_folds.status == 2);
  CHECK_THAT(bad_folds.err, Catch::Contains("--folds"));
  std::ofstream(corpus / "broken.jsonl") << R"({"id":"b","text":"x","categories":["vape"],"priority":"low"})" << "\n";
  auto broken = run_tipline(data, {"triage", "train", "--corpus", corpus.string(), "--out", first.string()});
  CHECK(broken.status == 2);
  CHECK_THAT(broken.err, Catch::Contains("broken.jsonl line 1: unknown category \"vape\""));
  CHECK(read_file(first) == read_file(second));  // the model already there is kept
}

TEST_CASE("tipline triage retrain learns the officers' corrections, decrypted in process, never printed",
          "[cli][triage]") {
  InitializedDir data;
  const std::string secret_text = "quán cà phê Gió Núi bán kẹo dẻo pha ma túy cho khách quen";
  {
    const auto config = config::load_config(data.config_file);
    storage::SqliteStore store(config.database_file.string(), commands::keyring_of(config),
                               commands::store_options_of(config));
    storage::NewTip tip;
    tip.received_at = 1764547200;
    tip.reference_month = "2512";
    tip.labels.categories = {domain::Category::dealing};
    tip.first_message.created_at = tip.received_at;
    handlers::MessageBody body;
    body.text = secret_text;
    tip.first_message.body = handlers::encode_message_body(body);
    const auto created = store.create_tip(tip);
    storage::LabelCorrection correction;
    correction.officer = "tuan";
    correction.created_at = tip.received_at + 60;
    correction.labels.categories = {domain::Category::dealing, domain::Category::disguised};
    correction.labels.priority = domain::Priority::high;
    store.correct_labels(created.id, correction);
    store.create_tip(tip);  // not corrected: not learned from
    store.shutdown();
  }
  const auto corpus = write_corpus(data);
  const auto out = data.dir / "retrained.bin";
  auto run = tipline_cmd(data, {"triage", "retrain", "--corpus", corpus.string(), "--out", out.string(), "--folds", "2"});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("corrected tips from the ward: 1") &&
                          Catch::Contains("before: cross-validation over the shipped corpus alone (6 tips)") &&
                          Catch::Contains("after: cross-validation over the corpus and the ward's corrected tips (7 tips)"));
  CHECK_THAT(run.out + run.err, !Catch::Contains("Gió Núi") && !Catch::Contains("kẹo dẻo"));
  CHECK_FALSE(std::filesystem::exists(out.string() + ".previous"));  // nothing was there before
  auto again = tipline_cmd(data, {"triage", "retrain", "--corpus", corpus.string(), "--out", out.string(), "--folds", "2"});
  REQUIRE(again.status == 0);
  CHECK(read_file(out.string() + ".previous") == read_file(out));  // same data, same model
  // The new model differs from one trained on the corpus alone, and labels tips.
  const auto corpus_only = data.dir / "corpus-only.bin";
  REQUIRE(run_tipline(data, {"triage", "train", "--corpus", corpus.string(), "--out", corpus_only.string()}).status == 0);
  CHECK(read_file(out) != read_file(corpus_only));
  auto labelled = run_tipline(data, {"triage", "--model", out.string()}, R"({"id":"a","text":"alo"})" "\n");
  CHECK(labelled.status == 0);
  // Without --config there are no corrections to read.
  auto no_config = run_tipline(data, {"triage", "retrain"});
  CHECK(no_config.status == 2);
  CHECK_THAT(no_config.err, Catch::Contains("--config"));
}
