#pragma once
// The machine labels every intake path (web form, chat, officer) keeps in clear on a
// tip, derived from triage the same way.
#include <optional>
#include <string>

#include "storage/tip_store.hpp"
#include "triage/triage.hpp"

namespace tipline::handlers {

// Machine labels from a triage result, its words turned into the vocabulary's enums (here
// only); an area the reporter chose wins over the text's. Throws std::logic_error for a
// word the vocabulary does not know.
storage::Labels labels_of(const triage::Result& result, const std::optional<std::string>& chosen_area);

}  // namespace tipline::handlers
