#pragma once
// The officers' work on tips: the queue and its counts, the team's load, duplicate
// groups, assignment, status, officers' labels, notes, replies to the reporter and
// the report's rows. Every change is audited in its own transaction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/errors.hpp"
#include "storage/audit_log.hpp"
#include "storage/tip_store.hpp"

namespace tipline::storage {

// The officers' queue. Effective labels: an officer's correction wins over the machine's.
struct QueueCursor {
  std::int64_t rank = 0;
  std::int64_t created_at = 0;
  std::int64_t id = 0;
};

struct QueueFilter {
  std::vector<domain::Status> statuses;  // empty: every open status
  std::optional<domain::Category> category;
  std::optional<std::string> area;
  std::optional<domain::Channel> channel;
  std::optional<std::int64_t> assignee_id;
  bool overdue_only = false;
  std::int64_t now = 0;
  std::optional<QueueCursor> after;
  std::size_t limit = 50;
};

struct QueueRow {
  std::int64_t id = 0;
  std::string reference;
  domain::Channel channel = domain::Channel::web;
  domain::Status status = domain::Status::new_;
  std::int64_t created_at = 0;
  domain::Priority priority = domain::Priority::normal;
  std::vector<domain::Category> categories;
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

struct OfficerLoad {
  std::int64_t officer_id = 0;
  std::string display_name;
  std::int64_t open = 0;
  std::int64_t overdue = 0;
};

// One tip for the monthly report: labels and workflow, no text.
struct ReportRow {
  std::int64_t created_at = 0;
  domain::Channel channel = domain::Channel::web;
  std::vector<domain::Category> categories;
  domain::Priority priority = domain::Priority::normal;
  std::optional<std::string> area;
  domain::Status status = domain::Status::new_;
  std::optional<domain::Outcome> outcome;
  std::optional<std::int64_t> first_action_at;
  std::optional<std::int64_t> deadline;
  std::optional<std::int64_t> closed_at;
  std::vector<domain::Category> machine_categories;  // triage's, before any correction
  bool corrected = false;                            // an officer corrected the labels
};

class WorkflowStore {
 public:
  virtual ~WorkflowStore() = default;

  // Records an officer's labels for a tip; the machine's stay as they were. The
  // queue sorts and filters by the corrected labels from then on.
  virtual void correct_labels(std::int64_t tip_id, const LabelCorrection& correction,
                              const std::optional<AuditEvent>& audit = std::nullopt) = 0;

  virtual QueuePage queue(const QueueFilter& filter) = 0;
  virtual std::vector<std::pair<domain::Status, std::int64_t>> status_counts() = 0;
  virtual std::vector<OfficerLoad> officer_loads(std::int64_t now) = 0;
  // Other tips sharing the tip's duplicate group, newest first.
  virtual std::vector<QueueRow> group_members(std::int64_t tip_id, std::size_t limit) = 0;
  // Puts the tips in one group (merge) or, with nullopt, gives each a group of its own (split).
  virtual void set_group(const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group,
                         const AuditEvent& audit) = 0;

  virtual void assign(std::int64_t tip_id, std::optional<std::int64_t> officer_id, std::optional<std::int64_t> deadline,
                      const AuditEvent& audit) = 0;
  // Closing needs an outcome (std::invalid_argument otherwise).
  virtual void set_status(std::int64_t tip_id, domain::Status status, std::optional<domain::Outcome> outcome,
                          const AuditEvent& audit) = 0;
  virtual std::int64_t add_note(std::int64_t tip_id, const NewMessage& note, const AuditEvent& audit) = 0;
  enum class ReplyRoute { chat, web_status, none };
  // A question or answer to the reporter: through the chat outbox while the reply
  // handle lives, else kept for the receipt holder's status page.
  virtual ReplyRoute reply_to_reporter(std::int64_t tip_id, const std::string& text, std::int64_t now,
                                       const AuditEvent& audit) = 0;

  virtual std::vector<ReportRow> report_rows(std::int64_t start, std::int64_t end) = 0;
};

}  // namespace tipline::storage
