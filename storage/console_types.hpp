#pragma once
// Values of the officers' console as the Store hands them over: accounts, sessions,
// the work queue, the tip workflow, the audit log and the report's rows.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tipline::storage {

struct Officer {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;  // a domain::Role stored name
  std::string password_hash;
  bool must_change_password = true;
  std::optional<std::string> totp_secret;  // raw bytes, decrypted; none until set up
  std::int64_t totp_last_step = 0;         // refuses a TOTP code used before
  bool disabled = false;
  int failed_logins = 0;
  std::int64_t locked_until = 0;
  std::int64_t created_at = 0;
  std::string language = "vi";
};

struct NewOfficer {
  std::string username;
  std::string display_name;
  std::string role;
  std::string password_hash;
  bool must_change_password = true;
  std::int64_t created_at = 0;
};

struct Session {
  std::string token_hash;  // SHA-256 of the cookie value; the value itself is never stored
  std::int64_t officer_id = 0;
  std::string csrf_token;
  std::string stage;  // a domain::SessionStage stored name
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
};

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

// The officers' queue. Effective labels: an officer's correction wins over the machine's.
struct QueueCursor {
  std::int64_t rank = 0;
  std::int64_t created_at = 0;
  std::int64_t id = 0;
};

struct QueueFilter {
  std::vector<std::string> statuses;  // empty: every open status
  std::optional<std::string> category;
  std::optional<std::string> area;
  std::optional<std::string> channel;
  std::optional<std::int64_t> assignee_id;
  bool overdue_only = false;
  std::int64_t now = 0;
  std::optional<QueueCursor> after;
  std::size_t limit = 50;
};

struct QueueRow {
  std::int64_t id = 0;
  std::string reference;
  std::string channel;
  std::string status;
  std::int64_t created_at = 0;
  std::string priority;
  std::vector<std::string> categories;
  std::optional<std::string> area;
  std::optional<std::string> group;
  std::optional<std::int64_t> assignee_id;
  std::string assignee_name;
  std::optional<std::int64_t> deadline;
  std::string first_message;  // decrypted body of the first message, for a redacted preview
  QueueCursor cursor;
};

struct QueuePage {
  std::vector<QueueRow> rows;
  std::optional<QueueCursor> next;  // set when more rows follow
};

struct Workflow {
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> deadline;
  std::optional<std::string> outcome;
  std::optional<std::int64_t> first_action_at;
  std::optional<std::int64_t> closed_at;
};

struct OfficerLoad {
  std::int64_t officer_id = 0;
  std::string display_name;
  std::int64_t open = 0;
  std::int64_t overdue = 0;
};

// One tip for the monthly report: labels and workflow, no text.
struct ReportRow {
  std::int64_t created_at = 0;
  std::string channel;
  std::vector<std::string> categories;
  std::string priority;
  std::optional<std::string> area;
  std::string status;
  std::optional<std::string> outcome;
  std::optional<std::int64_t> first_action_at;
  std::optional<std::int64_t> deadline;
  std::optional<std::int64_t> closed_at;
};

}  // namespace tipline::storage
