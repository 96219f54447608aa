#pragma once
// The hash-chained audit log on a given connection, inside the caller's transaction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/audit_log.hpp"

namespace tipline::storage {

class Connection;

namespace audit_rows {

// Appends one entry: HMAC-SHA256(audit_key, previous hash || the entry's fields).
void append_audit(Connection& db, const std::string& audit_key, const AuditEvent& event);
std::vector<AuditEntry> audit_entries(Connection& db, const AuditFilter& filter);
AuditVerification verify_audit(Connection& db, const std::string& audit_key);

}  // namespace audit_rows
}  // namespace tipline::storage
