#include "handlers/tips/labels.hpp"

namespace tipline::handlers {

storage::Labels labels_of(const triage::Result& result, const std::optional<std::string>& chosen_area) {
  storage::Labels labels;
  labels.drug_related = result.drug_related;
  labels.categories = result.categories;
  labels.priority = result.priority;
  // The reporter's own choice from the list beats what the text suggests.
  labels.area = chosen_area ? chosen_area : result.area;
  return labels;
}

}  // namespace tipline::handlers
