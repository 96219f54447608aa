#include "handlers/tips/labels.hpp"

#include <stdexcept>
#include <string>

#include "common/domain.hpp"

namespace tipline::handlers {

namespace {

// Triage is a pure library with its own words; its rules loader refuses categories the
// vocabulary does not know, so a word that still fails here is a bug, never a default.
template <domain::vocabulary_enum E>
E from_triage(const std::string& word) {
  if (const auto value = domain::parse<E>(word)) return *value;
  throw std::logic_error("triage gave a " + std::string(domain::Vocabulary<E>::what) + " outside the vocabulary: " +
                         word);
}

}  // namespace

storage::Labels labels_of(const triage::Result& result, const std::optional<std::string>& chosen_area) {
  storage::Labels labels;
  labels.drug_related = result.drug_related;
  for (const auto& category : result.categories) labels.categories.push_back(from_triage<domain::Category>(category));
  labels.priority = from_triage<domain::Priority>(result.priority);
  // The reporter's own choice from the list beats what the text suggests.
  labels.area = chosen_area ? chosen_area : result.area;
  return labels;
}

}  // namespace tipline::handlers
