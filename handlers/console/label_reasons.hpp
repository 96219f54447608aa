#pragma once
// Why the machine labelled a tip as it did, in the officer's words: for each machine
// label the learned triage would give again, the cues that weighed most (words of the
// tip, the lexicon's signs, the message's shape), so a wrong label is easy to spot.
#include <vector>

#include "handlers/console/console.hpp"
#include "handlers/console/views.hpp"
#include "storage/tip_store.hpp"
#include "triage/triage.hpp"

namespace tipline::handlers {

// Empty when the engine has no model. Labels the current model would not give again
// (it was retrained since, or the reporter added to the tip) are left out rather than
// explained by other reasons.
std::vector<TipView::Why> label_reasons(const triage::Engine& engine, const Signed& who, const storage::StoredTip& tip);

}  // namespace tipline::handlers
