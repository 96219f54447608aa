#pragma once
// The duplicate-group index shared by every intake path (web form and chats), so a
// chat message can join a group a web tip started. Rebuilt from the store at startup.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "storage/tip_store.hpp"
#include "triage/triage.hpp"

namespace tipline::handlers {

class TipGrouping final {
 public:
  explicit TipGrouping(const triage::Engine& engine) : engine_(engine), grouper_(engine) {}

  // The group a new tip joins (or starts); none for tips that are not drug-related.
  std::optional<std::string> assign(const triage::Result& result, std::int64_t now);

  // Re-reads the tips of the last `horizon_seconds` and re-adds each with the group it
  // has, oldest first, so tips arriving after a restart group with tips from before it.
  // Returns the number of tips restored.
  std::size_t rebuild(storage::TipStore& store, std::int64_t now, std::int64_t horizon_seconds);

 private:
  const triage::Engine& engine_;
  std::mutex mutex_;  // the index is updated one tip at a time
  triage::Grouper grouper_;
};

}  // namespace tipline::handlers
