#pragma once
// Words a caller hands the store, checked against the domain vocabulary before the
// write is queued, so the database's CHECK constraints are a second line, not the first.
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/domain.hpp"

namespace tipline::storage {

// The value `stored` names. Otherwise std::invalid_argument, which names the vocabulary
// but not the word: it may have come straight from a request.
template <domain::vocabulary_enum E>
E require_known(std::string_view stored) {
  if (const auto value = domain::parse<E>(stored)) return *value;
  throw std::invalid_argument("storage: unknown " + std::string(domain::Vocabulary<E>::what));
}

// Only chat platforms send webhooks and take replies through the outbox.
inline domain::Channel require_chat_channel(std::string_view stored) {
  const auto channel = domain::parse<domain::Channel>(stored);
  if (!channel || !domain::is_chat(*channel)) throw std::invalid_argument("storage: unknown chat channel");
  return *channel;
}

// A stored name as the storage structs keep it.
template <domain::vocabulary_enum E>
std::string stored(E value) {
  return std::string(domain::stored_name(value));
}

}  // namespace tipline::storage
