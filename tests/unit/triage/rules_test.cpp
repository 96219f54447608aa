#include <catch2/catch.hpp>

#include <algorithm>

#include "support_engine.hpp"

using namespace tipline::triage;

TEST_CASE("malformed rules name the line and the field") {
  // Terms lacking a class the built-in cues rely on.
  std::string bad = "{\n  \"terms\": {\"drug\": [\"ma túy\"]},\n  \"cues\": []\n}\n";
  try {
    parse_rules(bad);
    FAIL("accepted terms without the classes the cues need");
  } catch (const DataFileError& e) {
    CHECK_THAT(e.what(), Catch::Contains("line 2, field \"terms\"") && Catch::Contains("needs the class"));
  }
  try {
    parse_rules("{\n \"terms\": 3\n}");
    FAIL("accepted terms that are not an object");
  } catch (const DataFileError& e) {
    CHECK(std::string(e.what()).find("line 2, field \"terms\"") != std::string::npos);
  }
  CHECK_THROWS_AS(parse_rules("{ not json"), DataFileError);
}

TEST_CASE("a cue naming an unknown class is rejected with its line") {
  auto text = tipline::triage::testing::read_text(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/triage-rules.json");
  auto pos = text.find("\"@sell_phrase\"");
  REQUIRE(pos != std::string::npos);
  text.replace(pos, 14, "\"@no_such_cls\"");
  const auto line = std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n') + 1;
  try {
    parse_rules(text);
    FAIL("accepted an unknown class");
  } catch (const DataFileError& e) {
    CHECK_THAT(e.what(), Catch::Contains("line " + std::to_string(line) + ", field \"all\""));
  }
}

TEST_CASE("output line format") {
  Result r;
  r.drug_related = true;
  r.categories = {"dealing"};
  r.priority = "high";
  r.area = "tdp-1";
  r.pii.push_back(PiiSpan{"phone", "0912 345 678", "subject", 3, 15});
  CHECK(to_json_line("d1", r, std::string("g-1")) ==
        R"({"id":"d1","drug_related":true,"categories":["dealing"],"priority":"high","area":"tdp-1",)"
        R"("pii":[{"type":"phone","text":"0912 345 678","owner":"subject","start":3,"end":15}],"group":"g-1"})");
}

namespace {

std::string shipped_rules_text() {
  return tipline::triage::testing::read_text(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/triage-rules.json");
}

// The shipped rules with one entry of the "grouping" section replaced.
std::string with_grouping(std::string text, const std::string& from, const std::string& to) {
  auto section = text.find("\"grouping\": {");
  REQUIRE(section != std::string::npos);
  auto pos = text.find(from, section);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

std::size_t line_at(const std::string& text, const std::string& needle) {
  auto pos = text.find(needle, text.find("\"grouping\": {"));
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n')) + 1;
}

// The message parse_rules gives for `text`, or "" when it accepts it.
std::string rejection(const std::string& text) {
  try {
    parse_rules(text);
  } catch (const DataFileError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the shipped grouping section holds the documented defaults") {
  Rules r = parse_rules(shipped_rules_text());
  const GroupingWeights d;
  CHECK(r.grouping.same_identifier == d.same_identifier);
  CHECK(r.grouping.same_nickname == d.same_nickname);
  CHECK(r.grouping.same_alley == d.same_alley);
  CHECK(r.grouping.same_landmark == d.same_landmark);
  CHECK(r.grouping.same_area == d.same_area);
  CHECK(r.grouping.same_product == d.same_product);
  CHECK(r.grouping.different_product == d.different_product);
  CHECK(r.grouping.category_overlap == d.category_overlap);
  CHECK(r.grouping.text_similarity == d.text_similarity);
  CHECK(r.grouping.incident_min_text == d.incident_min_text);
  CHECK(r.grouping.threshold == d.threshold);
  CHECK(r.grouping.max_group_size == d.max_group_size);
  CHECK(r.grouping.window_seconds == d.window_seconds);
  CHECK(r.grouping.postings_per_key == d.postings_per_key);
  const GroupingKeys k;
  CHECK(r.grouping_keys.min_channel_key == k.min_channel_key);
  CHECK(r.grouping_keys.nickname_words == k.nickname_words);
  CHECK(r.grouping_keys.channel_name_words == k.channel_name_words);
  // Word lists are stored folded.
  CHECK(r.grouping_keys.alley_words == std::vector<std::string>{"hem", "ngo", "kiet", "hxh"});
  CHECK(tipline::triage::testing::has(r.grouping_keys.channel_nouns, "kenh"));
  CHECK(tipline::triage::testing::has(r.grouping_keys.platform_words, "tele"));
  CHECK(r.grouping_keys.content_skip_classes.size() == 11);
}

TEST_CASE("a bad grouping value is rejected naming its field and line") {
  const std::string shipped = shipped_rules_text();
  struct Case {
    std::string from, to, field;
  };
  const Case cases[] = {
      {"\"threshold\": 3.5", "\"threshold\": \"high\"", "grouping.threshold"},
      {"\"threshold\": 3.5", "\"threshold\": -1", "grouping.threshold"},
      {"\"same_alley\": 1.5", "\"same_alley\": true", "grouping.same_alley"},
      {"\"incident_min_text\": 0.2", "\"incident_min_text\": 1.5", "grouping.incident_min_text"},
      {"\"max_group_size\": 4", "\"max_group_size\": 1", "grouping.max_group_size"},
      {"\"postings_per_key\": 64", "\"postings_per_key\": 2.5", "grouping.postings_per_key"},
      {"\"window_days\": 60", "\"window_days\": 0", "grouping.window_days"},
      {"\"channel_name_words\": 5", "\"channel_name_words\": 1", "grouping.channel_name_words"},
      {"\"alley_words\": [\"hẻm\"", "\"alley_words\": [\"hẻm xe\"", "grouping.alley_words"},
      {"\"channel_nouns\": [", "\"channel_nouns\": [3, ", "grouping.channel_nouns"},
      {"\"content_skip_classes\": [\"drug\"", "\"content_skip_classes\": [\"no_such_class\"",
       "grouping.content_skip_classes"},
      // Unknown keys are refused, not ignored: a misspelt setting would silently keep its default.
      {"\"threshold\": 3.5", "\"treshold\": 3.5", "grouping.treshold"},
  };
  for (const auto& c : cases) {
    INFO(c.to);
    std::string text = with_grouping(shipped, c.from, c.to);
    std::string what = rejection(text);
    std::string key = c.field.substr(c.field.find('.') + 1);
    CHECK(what.find("field \"" + c.field + "\"") != std::string::npos);
    CHECK(what.find("line " + std::to_string(line_at(text, "\"" + key + "\"")) + ",") != std::string::npos);
  }
  CHECK(rejection(with_grouping(shipped, "\"grouping\": {", "\"grouping\": [], \"x\": {")).find("field \"grouping\"") !=
        std::string::npos);
  CHECK(rejection(shipped).empty());
}

TEST_CASE("a rules file naming a category outside the vocabulary is refused with its line and field") {
  const std::string shipped = shipped_rules_text();
  struct Case {
    std::string from, to, field;
  };
  const Case cases[] = {
      {"\"default_drug_category\": \"use\"", "\"default_drug_category\": \"usage\"", "default_drug_category"},
      {"\"to\": \"use\"", "\"to\": \"use \"", "to"},
      {"\"unless\": [\"dealing\", \"use_den\"]", "\"unless\": [\"dealing\", \"den\"]", "derived.unless"},
      {"\"use_den\": [\"use\"]", "\"use_den\": [\"Use\"]", "suppresses.use_den"},
      {"\"wanted\": [\"dealing\"", "\"most_wanted\": [\"dealing\"", "suppresses.most_wanted"},
      // A cue's target is a category, a helper the engine reads or a derived entry's "from":
      // a misspelt one would be a label no tip is ever given.
      {"\"for\": \"procedural\"", "\"for\": \"procedure\"", "for"},
      {"\"for\": \"wanted\"", "\"for\": \"wantd\"", "for"},
  };
  for (const auto& c : cases) {
    INFO(c.to);
    std::string text = shipped;
    const auto pos = text.find(c.from);
    REQUIRE(pos != std::string::npos);
    text.replace(pos, c.from.size(), c.to);
    const auto line = std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n') + 1;
    const std::string what = rejection(text);
    CHECK_THAT(what, Catch::Contains("line " + std::to_string(line) + ", field \"" + c.field + "\""));
  }
  // Every word the shipped file names is the vocabulary's.
  CHECK(rejection(shipped).empty());
}
