#pragma once
// The append-only, hash-chained audit log of sign-ins, views, reveals, changes and
// exports.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/errors.hpp"

namespace tipline::storage {

// Who did what, for the audit log. Written in the same transaction as the change.
struct AuditEvent {
  std::int64_t at = 0;
  std::optional<std::int64_t> officer_id;
  std::string actor;   // username, or "cli" / "system"
  std::string action;  // "login", "login_failed", "view_tip", "reveal", "assign", ...
  std::optional<std::int64_t> tip_id;
  std::string detail;  // short, never tip text or personal data
};

struct AuditEntry {
  std::int64_t id = 0;
  AuditEvent event;
  std::string prev_hash;
  std::string hash;
};

struct AuditFilter {
  std::optional<std::int64_t> officer_id;
  std::optional<std::string> action;
  std::optional<std::int64_t> tip_id;
  std::optional<std::int64_t> before_id;  // keyset pagination, newest first
  std::size_t limit = 50;
};

struct AuditVerification {
  bool ok = true;
  std::int64_t rows = 0;
  std::optional<std::int64_t> first_bad_id;
  std::string problem;  // English, for the operator
  // The last row and its hash. The chain cannot show that rows were cut off its end:
  // operators compare the head with one they noted earlier (tipline audit verify prints it).
  std::int64_t head_id = 0;
  std::string head_hash;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;

  // Appends to the hash-chained audit log (views, reveals, logins, exports).
  virtual void audit(const AuditEvent& event) = 0;
  virtual std::vector<AuditEntry> audit_entries(const AuditFilter& filter) = 0;
  virtual AuditVerification verify_audit() = 0;
};

}  // namespace tipline::storage
