// The domain vocabulary: every stored name reads back as its value, nothing else does.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "common/domain.hpp"

using namespace tipline::domain;

// Lookups are usable where a constant is needed.
static_assert(stored_name(Status::new_) == "new");
static_assert(parse<Priority>("low") == Priority::low);
static_assert(!parse<Priority>("Low"));
static_assert(label(Role::admin, Language::vi) == "Quản trị");
// Only the enums with a table take part.
enum class Unlisted { a };
static_assert(!vocabulary_enum<Unlisted> && !vocabulary_enum<int>);

#define TIPLINE_EVERY_VOCABULARY \
  Channel, Priority, Category, Status, Outcome, Role, Author, MessageKind, OutboxKind, SessionStage, Language

TEMPLATE_TEST_CASE("every value's stored name parses back to it", "[domain]", TIPLINE_EVERY_VOCABULARY) {
  REQUIRE_FALSE(all<TestType>().empty());
  for (const TestType value : all<TestType>()) {
    INFO(stored_name(value));
    CHECK(parse<TestType>(stored_name(value)) == value);
  }
}

TEMPLATE_TEST_CASE("all() lists every term once, in the table's order", "[domain]", TIPLINE_EVERY_VOCABULARY) {
  const auto values = all<TestType>();
  const auto table = terms<TestType>();
  REQUIRE(values.size() == table.size());
  for (std::size_t i = 0; i < values.size(); ++i) CHECK(values[i] == table[i].value);
}

TEMPLATE_TEST_CASE("no two values of a vocabulary share a stored name", "[domain]", TIPLINE_EVERY_VOCABULARY) {
  std::set<std::string_view> seen;
  for (const TestType value : all<TestType>()) CHECK(seen.insert(stored_name(value)).second);
}

TEMPLATE_TEST_CASE("every value has a Vietnamese and an English label", "[domain]", TIPLINE_EVERY_VOCABULARY) {
  for (const TestType value : all<TestType>()) {
    INFO(stored_name(value));
    CHECK_FALSE(label(value, Language::vi).empty());
    CHECK_FALSE(label(value, Language::en).empty());
  }
}

TEMPLATE_TEST_CASE("names that are not stored names are refused", "[domain]", TIPLINE_EVERY_VOCABULARY) {
  CHECK_FALSE(parse<TestType>(""));
  CHECK_FALSE(parse<TestType>("bogus"));
  for (const TestType value : all<TestType>()) {
    const std::string stored(stored_name(value));
    INFO(stored);
    CHECK_FALSE(parse<TestType>(" " + stored));
    CHECK_FALSE(parse<TestType>(stored + " "));
    CHECK_FALSE(parse<TestType>(stored + '\0'));
    CHECK_FALSE(parse<TestType>(stored.substr(0, stored.size() - 1)));
    std::string upper = stored;
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    CHECK_FALSE(parse<TestType>(upper));
  }
}

TEMPLATE_TEST_CASE("sql_list quotes every stored name, comma-separated, in order", "[domain]",
                   TIPLINE_EVERY_VOCABULARY) {
  std::string expected;
  for (const TestType value : all<TestType>())
    expected += (expected.empty() ? "'" : ", '") + std::string(stored_name(value)) + "'";
  CHECK(sql_list<TestType>() == expected);
}

TEST_CASE("sql_list is what the schema's CHECK constraints have always said", "[domain]") {
  CHECK(sql_list<Priority>() == "'urgent', 'high', 'normal', 'low'");
  CHECK(sql_list<Role>() == "'admin', 'leader', 'officer', 'viewer'");
  CHECK(sql_list<Author>() == "'reporter', 'officer', 'system'");
  CHECK(sql_list<SessionStage>() == "'second_factor', 'change_password', 'full'");
  CHECK(sql_list<Language>() == "'vi', 'en'");
  CHECK(sql_list<Channel>(is_chat) == "'zalo', 'messenger'");
  CHECK(sql_list<Priority>([](Priority) { return false; }).empty());
}

TEST_CASE("status new is stored as \"new\"; its enum name is not a stored name", "[domain]") {
  CHECK(stored_name(Status::new_) == "new");
  CHECK(parse<Status>("new") == Status::new_);
  CHECK_FALSE(parse<Status>("new_"));
}

TEST_CASE("the same word in two vocabularies is two values", "[domain]") {
  CHECK(parse<Status>("spam") == Status::spam);
  CHECK(parse<Outcome>("spam") == Outcome::spam);
  CHECK(parse<Category>("spam") == Category::spam);
  CHECK(parse<Role>("officer") == Role::officer);
  CHECK(parse<Author>("officer") == Author::officer);
  CHECK(parse<OutboxKind>("officer") == OutboxKind::officer);
  CHECK_FALSE(parse<Role>("system"));
}

TEST_CASE("a value outside its enum has no name and no label", "[domain]") {
  const auto stray = static_cast<Priority>(17);
  CHECK(stored_name(stray).empty());
  CHECK(label(stray, Language::en).empty());
}

TEST_CASE("labels are the console's words, in the asked language", "[domain]") {
  CHECK(label(Status::verifying, Language::vi) == "Đang xác minh");
  CHECK(label(Status::verifying, Language::en) == "Verifying");
  CHECK(label(Category::use_den, Language::en) == "Place of use");
  CHECK(label(MessageKind::note, Language::vi) == "Ghi chú nội bộ");
  CHECK(label(Channel::messenger, Language::vi) == "Messenger (Facebook)");
}

TEST_CASE("only the web form is not a chat channel", "[domain]") {
  CHECK_FALSE(is_chat(Channel::web));
  CHECK(is_chat(Channel::zalo));
  CHECK(is_chat(Channel::messenger));
}
