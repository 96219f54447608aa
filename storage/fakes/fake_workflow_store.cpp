#include "storage/fakes/fake_workflow_store.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string_view>
#include <tuple>

namespace tipline::storage::fakes {

namespace {

const Labels& effective(const StoredTip& tip) { return tip.correction ? tip.correction->labels : tip.labels; }

// The queue's order: urgent, high, normal, then low.
std::int64_t rank_of(domain::Priority priority) {
  switch (priority) {
    case domain::Priority::urgent: return 0;
    case domain::Priority::high: return 1;
    case domain::Priority::normal: return 2;
    case domain::Priority::low: break;
  }
  return 3;
}

auto cursor_key(const QueueCursor& c) { return std::tie(c.rank, c.created_at, c.id); }

bool in_queue(const QueueFilter& filter, const QueueRow& row) {
  // Closed tips are listed only when closed is the one status asked for.
  const bool only_closed = filter.statuses.size() == 1 && filter.statuses[0] == domain::Status::closed;
  if ((row.status == domain::Status::closed) != only_closed) return false;
  if (!only_closed && !filter.statuses.empty() &&
      std::find(filter.statuses.begin(), filter.statuses.end(), row.status) == filter.statuses.end())
    return false;
  if (filter.category &&
      std::find(row.categories.begin(), row.categories.end(), *filter.category) == row.categories.end())
    return false;
  if (filter.area && row.area != filter.area) return false;
  if (filter.channel && row.channel != *filter.channel) return false;
  if (filter.assignee_id && row.assignee_id != filter.assignee_id) return false;
  if (filter.overdue_only && !(row.deadline && *row.deadline < filter.now)) return false;
  return !filter.after || cursor_key(row.cursor) > cursor_key(*filter.after);
}

// What every change to a tip does besides itself: the first action is remembered.
void acted(StoredTip& tip, std::int64_t at) {
  if (!tip.workflow.first_action_at) tip.workflow.first_action_at = at;
  tip.updated_at = std::max(tip.updated_at, at);
}

}  // namespace

QueueRow FakeWorkflowStore::row_of(const StoredTip& tip) {
  const auto& labels = effective(tip);
  QueueRow row;
  row.id = tip.id;
  row.reference = tip.reference;
  row.channel = tip.channel;
  row.status = tip.status;
  row.created_at = tip.created_at;
  row.priority = labels.priority;
  row.categories = labels.categories;
  row.area = labels.area;
  row.group = tip.labels.group;
  row.assignee_id = tip.workflow.assignee_id;
  if (tip.workflow.assignee_id)
    if (auto o = officers_.officer(*tip.workflow.assignee_id)) row.assignee_name = o->display_name;
  row.deadline = tip.workflow.deadline;
  if (!tip.messages.empty()) row.first_message = tip.messages.front().body;
  row.cursor = {rank_of(labels.priority), tip.created_at, tip.id};
  return row;
}

void FakeWorkflowStore::correct_labels(std::int64_t tip_id, const LabelCorrection& correction,
                                       const std::optional<AuditEvent>& audit) {
  if (correction.officer.empty()) throw std::invalid_argument("storage fake: a correction names its officer");
  auto& tip = tips_.kept(tip_id).tip;
  tip.correction = correction;
  tip.correction->labels.group.reset();
  if (!tip.workflow.first_action_at) tip.workflow.first_action_at = correction.created_at;
  if (audit) audit_.audit(*audit);
}

QueuePage FakeWorkflowStore::queue(const QueueFilter& filter) {
  QueuePage page;
  for (const auto& [id, kept] : tips_.all()) {
    auto row = row_of(kept.tip);
    if (in_queue(filter, row)) page.rows.push_back(std::move(row));
  }
  std::sort(page.rows.begin(), page.rows.end(),
            [](const QueueRow& a, const QueueRow& b) { return cursor_key(a.cursor) < cursor_key(b.cursor); });
  if (page.rows.size() > filter.limit) {
    page.rows.resize(filter.limit);
    page.next = page.rows.back().cursor;
  }
  return page;
}

std::vector<std::pair<domain::Status, std::int64_t>> FakeWorkflowStore::status_counts() {
  // Ordered by the stored word, as the real store's ORDER BY status.
  std::map<std::string_view, std::pair<domain::Status, std::int64_t>> counts;
  for (const auto& [id, kept] : tips_.all()) {
    auto& entry = counts[domain::stored_name(kept.tip.status)];
    entry.first = kept.tip.status;
    ++entry.second;
  }
  std::vector<std::pair<domain::Status, std::int64_t>> out;
  for (const auto& [word, entry] : counts) out.push_back(entry);
  return out;
}

std::vector<OfficerLoad> FakeWorkflowStore::officer_loads(std::int64_t now) {
  std::vector<OfficerLoad> out;
  for (const auto& o : officers_.list_officers()) {
    if (o.disabled || o.role == domain::Role::viewer) continue;
    OfficerLoad load{o.id, o.display_name, 0, 0};
    for (const auto& [id, kept] : tips_.all()) {
      const auto& tip = kept.tip;
      if (tip.workflow.assignee_id != o.id || tip.status == domain::Status::closed) continue;
      ++load.open;
      if (tip.workflow.deadline && *tip.workflow.deadline < now) ++load.overdue;
    }
    out.push_back(std::move(load));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const OfficerLoad& a, const OfficerLoad& b) { return a.display_name < b.display_name; });
  return out;
}

std::vector<QueueRow> FakeWorkflowStore::group_members(std::int64_t tip_id, std::size_t limit) {
  auto found = tips_.load_tip(tip_id);
  if (!found || !found->labels.group) return {};
  std::vector<QueueRow> out;
  for (auto it = tips_.all().rbegin(); it != tips_.all().rend(); ++it)
    if (it->first != tip_id && it->second.tip.labels.group == found->labels.group) out.push_back(row_of(it->second.tip));
  std::stable_sort(out.begin(), out.end(),
                   [](const QueueRow& a, const QueueRow& b) { return a.created_at > b.created_at; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

void FakeWorkflowStore::set_group(const std::vector<std::int64_t>& tip_ids, const std::optional<std::string>& group,
                                  const AuditEvent& audit) {
  for (auto id : tip_ids) tips_.kept(id);  // all or none
  for (auto id : tip_ids)
    tips_.kept(id).tip.labels.group = group ? *group : "g-split-" + std::to_string(++splits_);
  audit_.audit(audit);
}

void FakeWorkflowStore::assign(std::int64_t tip_id, std::optional<std::int64_t> officer_id,
                               std::optional<std::int64_t> deadline, const AuditEvent& audit) {
  auto& tip = tips_.kept(tip_id).tip;
  if (officer_id && !officers_.officer(*officer_id))
    throw StoreError("storage fake: no officer " + std::to_string(*officer_id));
  tip.workflow.assignee_id = officer_id;
  tip.workflow.deadline = deadline;
  acted(tip, audit.at);
  audit_.audit(audit);
}

void FakeWorkflowStore::set_status(std::int64_t tip_id, domain::Status status,
                                   std::optional<domain::Outcome> outcome, const AuditEvent& audit) {
  if (status == domain::Status::closed && !outcome) throw std::invalid_argument("storage fake: closing a tip needs an outcome");
  auto& tip = tips_.kept(tip_id).tip;
  tip.status = status;
  tip.workflow.outcome = outcome;
  tip.workflow.closed_at = status == domain::Status::closed ? std::optional<std::int64_t>(audit.at) : std::nullopt;
  acted(tip, audit.at);
  audit_.audit(audit);
}

std::int64_t FakeWorkflowStore::add_note(std::int64_t tip_id, const NewMessage& note, const AuditEvent& audit) {
  const auto id = tips_.add_message(tip_id, note);
  audit_.audit(audit);
  return id;
}

WorkflowStore::ReplyRoute FakeWorkflowStore::reply_to_reporter(std::int64_t tip_id, const std::string& text,
                                                               std::int64_t now, const AuditEvent& audit) {
  const auto& kept = tips_.kept(tip_id);
  auto route = ReplyRoute::none;
  if (kept.reporter && reply_handles_live_) {
    chat_replies_.push_back({tip_id, text});
    route = ReplyRoute::chat;
  } else if (kept.receipt_hash) {
    route = ReplyRoute::web_status;
  }
  if (route == ReplyRoute::none) return route;
  NewMessage question;
  question.author = domain::Author::officer;
  question.kind = domain::MessageKind::question;
  question.created_at = now;
  question.body = text;
  tips_.add_message(tip_id, question);
  audit_.audit(audit);
  return route;
}

std::vector<ReportRow> FakeWorkflowStore::report_rows(std::int64_t start, std::int64_t end) {
  std::vector<ReportRow> out;
  for (const auto& [id, kept] : tips_.all()) {
    const auto& tip = kept.tip;
    if (tip.created_at < start || tip.created_at >= end) continue;
    const auto& labels = effective(tip);
    out.push_back({tip.created_at, tip.channel, labels.categories, labels.priority, labels.area, tip.status,
                   tip.workflow.outcome, tip.workflow.first_action_at, tip.workflow.deadline,
                   tip.workflow.closed_at, tip.labels.categories, tip.correction.has_value()});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ReportRow& a, const ReportRow& b) { return a.created_at < b.created_at; });
  return out;
}

}  // namespace tipline::storage::fakes
