#include "handlers/tips/tip_grouping.hpp"

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "handlers/tips/message_body.hpp"

namespace tipline::handlers {

namespace {

// The grouper's key only seeds a new group's label; a random one keeps the label
// free of anything about the tip.
std::string random_key() { return encoding::to_hex(crypto::random_bytes(12)); }

}  // namespace

std::optional<std::string> TipGrouping::assign(const triage::Result& result, std::int64_t now) {
  if (!result.drug_related) return std::nullopt;
  std::lock_guard lock(mutex_);
  return grouper_.assign(random_key(), result, now);
}

std::size_t TipGrouping::rebuild(storage::TipStore& store, std::int64_t now, std::int64_t horizon_seconds) {
  constexpr std::size_t max_tips = 500000;
  std::size_t restored = 0;
  for (auto id : store.recent_tip_ids(now - horizon_seconds, max_tips)) {
    auto tip = store.reporter_words(id);
    if (!tip || !tip->labels.group) continue;
    auto result = engine_.classify(reporter_text(tip->bodies), tip->created_at);
    std::lock_guard lock(mutex_);
    grouper_.restore(random_key(), tip->labels.group, result, tip->created_at);
    ++restored;
  }
  log::info("grouping.rebuilt", {{"tips", static_cast<unsigned long>(restored)}});
  return restored;
}

}  // namespace tipline::handlers
