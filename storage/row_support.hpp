#pragma once
// Small helpers the row files share.
#include <cstdint>
#include <optional>
#include <string>

#include "storage/errors.hpp"
#include "storage/known_words.hpp"
#include "storage/sqlite_handle.hpp"

namespace tipline::storage {

// A change that matched no row names what it looked for (the savepoint rolls back).
inline void require_change(Connection& db, const char* what, std::int64_t id) {
  if (db.changes() == 0) throw StoreError(std::string("storage: no ") + what + " " + std::to_string(id));
}

// Where a sealed chat value lives (reply handles, outbox texts, channel secrets): bound
// to its table, its row and its key id, so a blob copied elsewhere no longer opens.
inline std::string sealed_row_aad(const char* table, const std::string& row, std::uint32_t key_id) {
  return std::string("tipline/") + table + "/v1:" + row + ":" + std::to_string(key_id);
}

inline void bind_optional_int(Statement& s, int index, std::optional<std::int64_t> value) {
  if (value) s.bind_int(index, *value); else s.bind_null(index);
}

// A vocabulary value is bound and read by its stored name (known_words.hpp).
template <domain::vocabulary_enum E>
void bind_word(Statement& s, int index, E value) {
  s.bind_static_text(index, stored_word(value));
}

template <domain::vocabulary_enum E>
void bind_word(Statement& s, int index, std::optional<E> value) {
  if (value) bind_word(s, index, *value); else s.bind_null(index);
}

template <domain::vocabulary_enum E>
E column_word(const Statement& q, int index) {
  return word_from_row<E>(q.column_text(index));
}

template <domain::vocabulary_enum E>
std::optional<E> column_optional_word(const Statement& q, int index) {
  if (q.column_is_null(index)) return std::nullopt;
  return column_word<E>(q, index);
}

}  // namespace tipline::storage
