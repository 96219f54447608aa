// Runs the engine over the labelled dev corpus and checks the metrics exactly as
// tests/fixtures/triage/eval_triage.py computes them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "support_engine.hpp"

using namespace tipline::triage;
using namespace tipline::triage::testing;
using nlohmann::json;

namespace {

const std::vector<std::string> kAll = {"dealing", "use_den",   "use",    "post_rehab", "trafficking", "cultivation",
                                       "youth",   "disguised", "online", "wanted",     "other",       "spam"};

double f1(double tp, double fp, double fn) {
  double p = tp + fp > 0 ? tp / (tp + fp) : 1.0;
  double r = tp + fn > 0 ? tp / (tp + fn) : 1.0;
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

std::set<std::pair<std::string, std::string>> pairs(const std::vector<std::string>& ids,
                                                    const std::map<std::string, std::optional<std::string>>& group) {
  std::map<std::string, std::vector<std::string>> members;
  for (const auto& id : ids)
    if (auto g = group.at(id)) members[*g].push_back(id);
  std::set<std::pair<std::string, std::string>> out;
  for (auto& [g, m] : members) {
    std::sort(m.begin(), m.end());
    for (std::size_t i = 0; i < m.size(); ++i)
      for (std::size_t j = i + 1; j < m.size(); ++j) out.emplace(m[i], m[j]);
  }
  return out;
}

}  // namespace

TEST_CASE("dev corpus metrics stay above their floors") {
  const Engine& engine = shipped_engine();
  Grouper grouper(engine);
  std::istringstream lines(read_text(std::string(TIPLINE_SOURCE_DIR) + "/tests/fixtures/triage/dev.jsonl"));
  std::vector<std::string> ids;
  std::map<std::string, json> gold;
  std::map<std::string, Result> pred;
  std::map<std::string, std::optional<std::string>> gold_group, pred_group;
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    json g = json::parse(line);
    std::string id = g["id"];
    ids.push_back(id);
    Result r = engine.classify(g["text"].get<std::string>(), kNow);
    pred_group[id] = grouper.assign(id, r, kNow);
    gold_group[id] = g["group"].is_null() ? std::nullopt : std::optional<std::string>(g["group"].get<std::string>());
    pred[id] = std::move(r);
    gold[id] = std::move(g);
  }
  REQUIRE(ids.size() == 180);
  const double n = static_cast<double>(ids.size());

  double drug_ok = 0, area_ok = 0, tp = 0, fp = 0, fn = 0, urgent = 0, urgent_hit = 0;
  std::set<std::tuple<std::string, std::string, std::string>> gp, pp;
  for (const auto& id : ids) {
    const json& g = gold[id];
    const Result& r = pred[id];
    drug_ok += r.drug_related == g["drug_related"].get<bool>();
    auto gc = g["categories"].get<std::vector<std::string>>();
    for (const auto& c : kAll) {
      bool in_g = has(gc, c), in_p = has(r.categories, c);
      tp += in_g && in_p;
      fp += !in_g && in_p;
      fn += in_g && !in_p;
    }
    if (g["priority"] == "urgent") {
      ++urgent;
      urgent_hit += r.priority == "urgent";
    }
    std::optional<std::string> ga = g["area"].is_null() ? std::nullopt : std::optional<std::string>(g["area"]);
    area_ok += ga == r.area;
    for (const auto& p : g["pii"]) gp.emplace(id, p["type"], p["text"]);
    for (const auto& p : r.pii) pp.emplace(id, p.type, p.text);
  }
  std::size_t pii_hit = 0;
  for (const auto& x : gp) pii_hit += pp.count(x);
  auto gpairs = pairs(ids, gold_group), ppairs = pairs(ids, pred_group);
  double pair_tp = 0;
  for (const auto& x : ppairs) pair_tp += gpairs.count(x);

  double drug_acc = drug_ok / n, micro = f1(tp, fp, fn), urgent_recall = urgent ? urgent_hit / urgent : 1.0,
         area_acc = area_ok / n, pii_recall = gp.empty() ? 1.0 : static_cast<double>(pii_hit) / static_cast<double>(gp.size()),
         group_f1 = f1(pair_tp, static_cast<double>(ppairs.size()) - pair_tp, static_cast<double>(gpairs.size()) - pair_tp);
  INFO("drug_related_acc " << drug_acc << " category_micro_f1 " << micro << " urgent_recall " << urgent_recall
                           << " area_acc " << area_acc << " pii_recall " << pii_recall << " group_pair_f1 " << group_f1);
  CHECK(drug_acc >= 0.97);
  CHECK(micro >= 0.93);
  CHECK(urgent_recall >= 0.97);
  CHECK(area_acc >= 0.97);
  CHECK(pii_recall >= 0.97);
  // Issue 4 asks for 0.80; grouping reaches 0.83 on dev. The floor sits a little below so that
  // a regression fails here.
  CHECK(group_f1 >= 0.80);
}
