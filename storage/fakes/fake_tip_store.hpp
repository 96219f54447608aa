#pragma once
// Tips and their messages in memory, as the intake paths write them and the console
// reads them: references counted per month, status "new" on creation, a chat
// reporter or a receipt remembered for the replies' route. Nothing is sealed.
// The workflow fake (fake_workflow_store.hpp) works on the same tips.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/tip_store.hpp"

namespace tipline::storage::fakes {

class FakeTipStore final : public TipStore {
 public:
  CreatedTip create_tip(const NewTip& tip) override;
  std::int64_t add_message(std::int64_t tip_id, const NewMessage& message) override;
  std::int64_t add_message_with_labels(std::int64_t tip_id, const NewMessage& message, const Labels& labels) override;
  void update_labels(std::int64_t tip_id, const Labels& labels) override;
  std::vector<std::int64_t> recent_tip_ids(std::int64_t since, std::size_t limit) override;  // unsupported
  std::vector<std::int64_t> corrected_tip_ids() override;
  std::optional<std::int64_t> find_by_receipt(const std::string& receipt_hash) override;
  std::optional<std::int64_t> find_by_reference(const std::string& reference) override;
  std::optional<ReporterWords> reporter_words(std::int64_t tip_id) override;  // unsupported
  std::optional<StoredTip> load_tip(std::int64_t tip_id) override;
  std::int64_t count_tips() override;

  // A tip as kept, for the workflow fake to read and change; StoreError when none.
  struct Kept {
    StoredTip tip;
    std::optional<std::string> receipt_hash;
    std::optional<std::string> reporter;
  };
  Kept& kept(std::int64_t tip_id);
  // Every tip, by id.
  std::map<std::int64_t, Kept>& all() { return tips_; }

 private:
  std::map<std::int64_t, Kept> tips_;
  std::map<std::string, std::int64_t> last_in_month_;
  std::int64_t last_message_id_ = 0;
};

}  // namespace tipline::storage::fakes
