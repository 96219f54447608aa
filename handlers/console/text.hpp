#pragma once
// The vocabulary's words (statuses, priorities, categories, outcomes, roles) as the
// officer reads them, in the officer's language, and the console's other small texts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/domain.hpp"
#include "handlers/console/console.hpp"
#include "handlers/console/views.hpp"

namespace tipline::handlers {

template <domain::vocabulary_enum E>
std::string label_for(const Signed& who, E value) {
  return std::string(domain::label(value, who.lang));
}

std::string age_text(const Signed& who, std::int64_t seconds);

// "Mua bán, Sử dụng": a tip's categories named.
std::string category_list(const Signed& who, const std::vector<domain::Category>& categories);

// A select's options over every value of a vocabulary, in the order the console lists
// them: the stored name as the value, the label in the officer's language.
template <domain::vocabulary_enum E>
std::vector<Option> vocabulary_options(const Signed& who, std::optional<E> selected) {
  std::vector<Option> out;
  for (const auto value : domain::all<E>())
    out.push_back({std::string(domain::stored_name(value)), label_for(who, value), selected == value});
  return out;
}

}  // namespace tipline::handlers
