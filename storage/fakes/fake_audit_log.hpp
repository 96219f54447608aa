#pragma once
// The audit log in memory: entries appended in order and listed as the interface
// says. There is no hash chain, so verification always finds the log intact.
#include <string_view>
#include <vector>

#include "storage/audit_log.hpp"

namespace tipline::storage::fakes {

class FakeAuditLog final : public AuditLog {
 public:
  void audit(const AuditEvent& event) override;
  // Newest first, filtered by officer, action and tip, before `before_id`, up to `limit`.
  std::vector<AuditEntry> audit_entries(const AuditFilter& filter) override;
  AuditVerification verify_audit() override;

  // For assertions: every entry, oldest first, and the events of one action.
  const std::vector<AuditEntry>& entries() const { return entries_; }
  std::vector<AuditEvent> events(std::string_view action) const;

 private:
  std::vector<AuditEntry> entries_;
};

}  // namespace tipline::storage::fakes
