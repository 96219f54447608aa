#include <catch2/catch.hpp>

#include "support_engine.hpp"

using namespace tipline::triage;

TEST_CASE("malformed rules name the line and the field") {
  std::string bad = "{\n  \"terms\": {\"drug\": [\"ma túy\"]},\n  \"cues\": [\n    {\"for\": \"use\", \"all\": [\"@nope\"]}\n  ]\n}\n";
  try {
    parse_rules(bad);
    FAIL("accepted a malformed rules file");
  } catch (const DataFileError& e) {
    std::string what = e.what();
    CHECK(what.find("line") != std::string::npos);
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
  try {
    parse_rules(text);
    FAIL("accepted an unknown class");
  } catch (const DataFileError& e) {
    CHECK(std::string(e.what()).find("field \"all\"") != std::string::npos);
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
