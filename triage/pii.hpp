#pragma once
// Finds personal data (GUIDELINES §5) as exact byte spans of the original text. Owners are
// decided by the classifier, which knows who is speaking.
#include <string_view>
#include <vector>

#include "triage/areas.hpp"
#include "triage/normalise.hpp"
#include "triage/rules.hpp"
#include "triage/triage.hpp"

namespace tipline::triage {

std::vector<PiiSpan> find_pii(std::string_view text, const std::vector<Token>& tokens,
                              const std::vector<PlaceMention>& places, const std::vector<Landmark>& landmarks,
                              const Rules& rules);

}  // namespace tipline::triage
