#include "common/domain.hpp"

// The tables are checked here, once, at compile time: a lookup indexes a table by the
// enum's value, and a stored name goes into SQL quotes and URLs unescaped.
namespace tipline::domain {
namespace {

constexpr bool plain_word(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  return true;
}

template <vocabulary_enum E>
constexpr bool well_formed() {
  const auto table = terms<E>();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].value != static_cast<E>(i)) return false;
    if (!plain_word(table[i].stored) || table[i].vi.empty() || table[i].en.empty()) return false;
    for (std::size_t j = 0; j < i; ++j)
      if (table[j].stored == table[i].stored) return false;
  }
  return !table.empty();
}

static_assert(well_formed<Channel>());
static_assert(well_formed<Priority>());
static_assert(well_formed<Category>());
static_assert(well_formed<Status>());
static_assert(well_formed<Outcome>());
static_assert(well_formed<Role>());
static_assert(well_formed<Author>());
static_assert(well_formed<MessageKind>());
static_assert(well_formed<OutboxKind>());
static_assert(well_formed<SessionStage>());
static_assert(well_formed<Language>());

}  // namespace
}  // namespace tipline::domain
