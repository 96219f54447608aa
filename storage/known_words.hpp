#pragma once
// The vocabulary's words where they cross into and out of rows. The storage structs
// carry the domain enums, so a caller cannot hand the store a word it does not know;
// what is left to check is a value cast from a bad integer on the way in, and a stored
// word the vocabulary does not know on the way out (a damaged or foreign row).
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/domain.hpp"
#include "storage/errors.hpp"

namespace tipline::storage {

// The stored name of `value`; std::invalid_argument for a value outside the enum, so
// nothing is written under an empty name.
template <domain::vocabulary_enum E>
std::string_view stored_word(E value) {
  const auto word = domain::stored_name(value);
  if (word.empty()) throw std::invalid_argument("storage: no " + std::string(domain::Vocabulary<E>::what) + " value");
  return word;
}

// The value a row's word names. A word the vocabulary does not know is a corrupt row,
// never read as some default; the message names the vocabulary, not the word.
template <domain::vocabulary_enum E>
E word_from_row(std::string_view stored) {
  if (const auto value = domain::parse<E>(stored)) return *value;
  throw StoreError("storage: a stored row has an unknown " + std::string(domain::Vocabulary<E>::what));
}

// Only chat platforms send webhooks and take replies through the outbox.
inline void require_chat_channel(domain::Channel channel) {
  if (!domain::is_chat(channel)) throw std::invalid_argument("storage: not a chat channel");
}

}  // namespace tipline::storage
