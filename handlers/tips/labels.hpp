#pragma once
// The machine labels every intake path (web form, chat, officer) keeps in clear on a
// tip, derived from triage the same way.
#include <optional>
#include <string>

#include "storage/tip_store.hpp"
#include "triage/triage.hpp"

namespace tipline::handlers {

// Machine labels from a triage result; an area the reporter chose wins over the text's.
storage::Labels labels_of(const triage::Result& result, const std::optional<std::string>& chosen_area);

}  // namespace tipline::handlers
