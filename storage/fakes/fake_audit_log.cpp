#include "storage/fakes/fake_audit_log.hpp"

namespace tipline::storage::fakes {

void FakeAuditLog::audit(const AuditEvent& event) {
  AuditEntry entry;
  entry.id = static_cast<std::int64_t>(entries_.size()) + 1;
  entry.event = event;
  entries_.push_back(std::move(entry));
}

std::vector<AuditEntry> FakeAuditLog::audit_entries(const AuditFilter& filter) {
  std::vector<AuditEntry> out;
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < filter.limit; ++it) {
    const auto& e = *it;
    if (filter.before_id && e.id >= *filter.before_id) continue;
    if (filter.officer_id && e.event.officer_id != filter.officer_id) continue;
    if (filter.action && e.event.action != *filter.action) continue;
    if (filter.tip_id && e.event.tip_id != filter.tip_id) continue;
    out.push_back(e);
  }
  return out;
}

AuditVerification FakeAuditLog::verify_audit() {
  AuditVerification check;
  check.rows = static_cast<std::int64_t>(entries_.size());
  check.head_id = entries_.empty() ? 0 : entries_.back().id;
  return check;
}

std::vector<AuditEvent> FakeAuditLog::events(std::string_view action) const {
  std::vector<AuditEvent> out;
  for (const auto& e : entries_)
    if (e.event.action == action) out.push_back(e.event);
  return out;
}

}  // namespace tipline::storage::fakes
