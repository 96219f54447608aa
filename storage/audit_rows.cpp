#include "storage/audit_rows.hpp"

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"

namespace tipline::storage::audit_rows {

namespace {

// The fields an audit hash covers, unambiguously framed: each is length-prefixed.
std::string audit_material(std::int64_t id, const AuditEvent& e, const std::string& prev_hash) {
  std::string m = prev_hash;
  auto field = [&m](const std::string& value) {
    m += std::to_string(value.size());
    m += ':';
    m += value;
  };
  field(std::to_string(id));
  field(std::to_string(e.at));
  field(e.officer_id ? std::to_string(*e.officer_id) : "");
  field(e.actor);
  field(e.action);
  field(e.tip_id ? std::to_string(*e.tip_id) : "");
  field(e.detail);
  return m;
}

AuditEntry audit_from(Statement& q) {
  AuditEntry entry;
  entry.id = q.column_int(0);
  entry.event.at = q.column_int(1);
  if (!q.column_is_null(2)) entry.event.officer_id = q.column_int(2);
  entry.event.actor = q.column_text(3);
  entry.event.action = q.column_text(4);
  if (!q.column_is_null(5)) entry.event.tip_id = q.column_int(5);
  entry.event.detail = q.column_text(6);
  entry.prev_hash = q.column_blob(7);
  entry.hash = q.column_blob(8);
  return entry;
}

}  // namespace

void append_audit(Connection& db, const std::string& audit_key, const AuditEvent& event) {
  if (audit_key.empty()) throw StoreError("storage: no audit key configured");
  std::int64_t id = 1;
  std::string prev_hash(32, '\0');
  {
    Statement last(db, sql::last_audit);
    if (last.step()) {
      id = last.column_int(0) + 1;
      prev_hash = last.column_blob(1);
    }
  }
  const std::string hash = crypto::hmac_sha256(audit_key, audit_material(id, event, prev_hash));
  Statement insert(db, sql::insert_audit);
  insert.bind_int(1, id);
  insert.bind_int(2, event.at);
  bind_optional_int(insert, 3, event.officer_id);
  insert.bind_text(4, event.actor);
  insert.bind_text(5, event.action);
  bind_optional_int(insert, 6, event.tip_id);
  insert.bind_text(7, event.detail);
  insert.bind_blob(8, prev_hash);
  insert.bind_blob(9, hash);
  insert.run();
}

std::vector<AuditEntry> audit_entries(Connection& db, const AuditFilter& filter) {
  std::string text = sql::audit_columns;
  text += "WHERE 1 = 1";
  if (filter.officer_id) text += " AND officer_id = ?1";
  if (filter.action) text += " AND action = ?2";
  if (filter.tip_id) text += " AND tip_id = ?3";
  if (filter.before_id) text += " AND id < ?4";
  text += " ORDER BY id DESC LIMIT ?5";
  Statement q(db, text);
  if (filter.officer_id) q.bind_int(1, *filter.officer_id);
  if (filter.action) q.bind_text(2, *filter.action);
  if (filter.tip_id) q.bind_int(3, *filter.tip_id);
  if (filter.before_id) q.bind_int(4, *filter.before_id);
  q.bind_int(5, static_cast<std::int64_t>(filter.limit));
  std::vector<AuditEntry> out;
  while (q.step()) out.push_back(audit_from(q));
  return out;
}

AuditVerification verify_audit(Connection& db, const std::string& audit_key) {
  AuditVerification result;
  std::string expected_prev(32, '\0');
  std::int64_t expected_id = 1;
  Statement q(db, sql::audit_in_order);
  while (q.step()) {
    auto entry = audit_from(q);
    ++result.rows;
    auto bad = [&](std::string problem) {
      result.ok = false;
      result.first_bad_id = entry.id;
      result.problem = std::move(problem);
    };
    if (entry.id != expected_id) {
      bad("rows " + std::to_string(expected_id) + " to " + std::to_string(entry.id - 1) + " are missing");
    } else if (entry.prev_hash != expected_prev) {
      bad("does not follow the row before it");
    } else if (!crypto::constant_time_equal(entry.hash,
                                            crypto::hmac_sha256(audit_key, audit_material(entry.id, entry.event,
                                                                                          entry.prev_hash)))) {
      bad("its contents were changed");
    }
    if (!result.ok) return result;
    expected_prev = entry.hash;
    expected_id = entry.id + 1;
    result.head_id = entry.id;
    result.head_hash = entry.hash;
  }
  return result;
}

}  // namespace tipline::storage::audit_rows
