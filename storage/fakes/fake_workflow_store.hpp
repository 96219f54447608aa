#pragma once
// The officers' work on the tips of a FakeTipStore: the queue, filtered and ordered as
// the real one (most urgent first by the effective priority, then oldest; keyset
// pages), counts and loads, duplicate groups, assignment, status (closing needs an
// outcome), corrections, notes and replies. Changes are audited in the given
// AuditLog; assignees' names come from the given OfficerStore. A reply goes to the
// chat while the tip has a chat reporter (whose reply handle this fake keeps alive
// until expire_reply_handles()), else to a receipt holder's status page.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/audit_log.hpp"
#include "storage/fakes/fake_tip_store.hpp"
#include "storage/officer_store.hpp"
#include "storage/workflow_store.hpp"

namespace tipline::storage::fakes {

class FakeWorkflowStore final : public WorkflowStore {
 public:
  FakeWorkflowStore(FakeTipStore& tips, OfficerStore& officers, AuditLog& audit)
      : tips_(tips), officers_(officers), audit_(audit) {}

  void correct_labels(std::int64_t tip_id, const LabelCorrection& correction,
                      const std::optional<AuditEvent>& audit = std::nullopt) override;
  QueuePage queue(const QueueFilter& filter) override;
  std::vector<std::pair<domain::Status, std::int64_t>> status_counts() override;
  std::vector<OfficerLoad> officer_loads(std::int64_t now) override;
  std::vector<QueueRow> group_members(std::int64_t tip_id, std::size_t limit) override;
  void set_group(const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group,
                 const AuditEvent& audit) override;
  void assign(std::int64_t tip_id, std::optional<std::int64_t> officer_id, std::optional<std::int64_t> deadline,
              const AuditEvent& audit) override;
  void set_status(std::int64_t tip_id, domain::Status status, std::optional<domain::Outcome> outcome,
                  const AuditEvent& audit) override;
  std::int64_t add_note(std::int64_t tip_id, const NewMessage& note, const AuditEvent& audit) override;
  ReplyRoute reply_to_reporter(std::int64_t tip_id, const std::string& text, std::int64_t now,
                               const AuditEvent& audit) override;
  std::vector<ReportRow> report_rows(std::int64_t start, std::int64_t end) override;

  // Every chat reporter's reply window closes: replies fall back to the status page.
  void expire_reply_handles() { reply_handles_live_ = false; }
  // What went to the chat outbox, in order.
  struct ChatReply {
    std::int64_t tip_id = 0;
    std::string text;
  };
  const std::vector<ChatReply>& chat_replies() const { return chat_replies_; }

 private:
  QueueRow row_of(const StoredTip& tip);

  FakeTipStore& tips_;
  OfficerStore& officers_;
  AuditLog& audit_;
  bool reply_handles_live_ = true;
  std::vector<ChatReply> chat_replies_;
  std::int64_t splits_ = 0;
};

}  // namespace tipline::storage::fakes
