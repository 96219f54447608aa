// The console's message catalogue against what uses it: the templates under
// web/templates/console/ and the console's code under handlers/. A word missing in one
// language, a key nothing has, or a key nothing uses fails here, not on a page.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "common/domain.hpp"
#include "handlers/console/catalogue.hpp"
#include "handlers/console/template.hpp"
#include "triage/rules.hpp"
#include "web/embedded_files.hpp"

namespace fs = std::filesystem;
using tipline::handlers::console_catalogue;
using tipline::handlers::message_keys;

namespace {

constexpr std::string_view template_dir = "templates/console/";

// Key -> where it is used ("templates/console/queue.html", "handlers/console/auth.cpp").
using Uses = std::map<std::string, std::set<std::string>>;

void add_template_keys(Uses& uses) {
  for (const auto& [path, text] : tipline::web::embedded_files())
    if (path.starts_with(template_dir))
      for (const auto& key : message_keys(text)) uses[key].insert(std::string(path));
}

// The console's code asks for a message as `who.text("key")` or `catalogue.get("key", lang)`.
void add_code_keys(Uses& uses) {
  const fs::path source = TIPLINE_SOURCE_DIR;
  const std::regex call(R"re((?:text|get)\(\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)")re");
  for (const auto& entry : fs::recursive_directory_iterator(source / "handlers")) {
    const auto relative = fs::relative(entry.path(), source).generic_string();
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || relative.find("console") == std::string::npos || (ext != ".cpp" && ext != ".hpp"))
      continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const auto code = text.str();
    for (std::sregex_iterator m(code.begin(), code.end(), call), end; m != end; ++m) uses[(*m)[1]].insert(relative);
  }
}

// The tip page names the shipped lexicon's term classes and cue targets, and the
// message's shape, in words: "why.class.NAME", "why.cue.TARGET", "why.shape.NAME".
void add_lexicon_keys(Uses& uses) {
  std::ifstream in(fs::path(TIPLINE_SOURCE_DIR) / "webhook-config" / "triage-rules.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto rules = tipline::triage::parse_rules(text.str());
  const std::string where = "webhook-config/triage-rules.json";
  for (std::size_t c = 0; c < rules.class_count(); ++c) {
    const auto& name = rules.class_name(static_cast<int>(c));
    if (!name.starts_with("=")) uses["why.class." + name].insert(where);  // "=phrase" is quoted as it is
  }
  for (const auto& cue : rules.cues) uses["why.cue." + cue.target].insert(where);
  for (const char* shape : {"caps", "emoji", "bang", "bangs", "len"})
    uses[std::string("why.shape.") + shape].insert("triage/model_features.cpp");
}

// The catalogue has a file for every language of the vocabulary.
std::vector<std::string_view> languages() {
  std::vector<std::string_view> out;
  for (const auto language : tipline::domain::all<tipline::domain::Language>())
    out.push_back(tipline::domain::stored_name(language));
  return out;
}

std::set<std::string> placeholders(const std::string& message) {
  static const std::regex name(R"(\{\{([^}]*)\}\})");
  std::set<std::string> names;
  for (std::sregex_iterator m(message.begin(), message.end(), name), end; m != end; ++m) names.insert((*m)[1]);
  return names;
}

}  // namespace

TEST_CASE("console catalogue: both languages have the same keys and the same placeholders", "[console][catalogue]") {
  const auto& catalogue = console_catalogue();
  const auto vi = catalogue.keys("vi");
  const auto en = catalogue.keys("en");
  REQUIRE_FALSE(vi.empty());
  CHECK(vi == en);
  for (const auto& key : vi) {
    INFO(key);
    const auto names = placeholders(catalogue.get(key, "vi"));
    CHECK(names == placeholders(catalogue.get(key, "en")));
    // A message fills names only: a section in one would show half a page.
    for (const auto& n : names) CHECK(std::regex_match(n, std::regex("[a-z_]+")));
  }
}

TEST_CASE("console catalogue: every key a template or the code uses is in both languages", "[console][catalogue]") {
  const auto& catalogue = console_catalogue();
  Uses templates, code, lexicon;
  add_template_keys(templates);
  add_code_keys(code);
  add_lexicon_keys(lexicon);
  REQUIRE_FALSE(templates.empty());
  REQUIRE_FALSE(code.empty());
  for (const auto* uses : {&templates, &code, &lexicon})
    for (const auto& [key, where] : *uses)
      for (auto lang : languages()) {
        INFO(key << " (" << lang << ") used in " << *where.begin());
        CHECK_NOTHROW(catalogue.get(key, lang));
      }
  // The code inserts its messages as text: a placeholder there would reach the page as it is.
  const auto known = catalogue.keys("vi");
  for (const auto& [key, where] : code) {
    INFO(key << " used in " << *where.begin());
    if (std::binary_search(known.begin(), known.end(), key)) CHECK(placeholders(catalogue.get(key, "vi")).empty());
  }
}

TEST_CASE("console catalogue: every key is used by a template or the code", "[console][catalogue]") {
  Uses uses;
  add_template_keys(uses);
  add_code_keys(uses);
  add_lexicon_keys(uses);
  for (auto lang : languages())
    for (const auto& key : console_catalogue().keys(lang)) {
      INFO(key << " in " << lang << ".txt");
      CHECK(uses.count(key) == 1);
    }
}
