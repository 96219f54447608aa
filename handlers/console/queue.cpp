// The officers' work queue and the leader's view of the team.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "handlers/console/console.hpp"
#include "handlers/console/text.hpp"
#include "handlers/console/views.hpp"
#include "handlers/console/redaction.hpp"

namespace tipline::handlers {

std::vector<Option> workflow_options(std::span<const WorkflowName> table, const Signed& who,
                                     const std::optional<std::string>& selected) {
  std::vector<Option> out;
  for (const auto& name : table) out.push_back({name.id, who.lang == "en" ? name.en : name.vi, selected == name.id});
  return out;
}

std::string status_name(const Signed& who, const std::string& status) {
  return name_of(status_names(), status, who.lang == "en");
}

std::string priority_name(const Signed& who, const std::string& priority) {
  return name_of(priority_names(), priority, who.lang == "en");
}

std::string category_name(const Signed& who, const std::string& category) {
  return name_of(category_names(), category, who.lang == "en");
}

std::string outcome_name(const Signed& who, const std::string& outcome) {
  return name_of(outcome_names(), outcome, who.lang == "en");
}

std::string category_list(const Signed& who, const std::vector<std::string>& categories) {
  std::string out;
  for (const auto& c : categories) out += (out.empty() ? "" : ", ") + category_name(who, c);
  return out;
}

std::string age_text(const Signed& who, std::int64_t seconds) {
  if (seconds < 3600) return std::to_string(std::max<std::int64_t>(0, seconds / 60)) + " " + who.text("age.minutes");
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " " + who.text("age.hours");
  return std::to_string(seconds / 86400) + " " + who.text("age.days");
}

Response Console::home(const Request&, const Signed& who) {
  return redirect(who.officer.role == "viewer" ? "/admin/report" : "/admin/queue");
}

Response Console::queue_page(const Request& r, const Signed& who) {
  const auto now = unix_seconds(r);
  auto parsed = parse_form_fields(r.query);
  if (!parsed.ok()) return page(who, "400", Html(), 400);
  auto& q = parsed.fields;

  storage::QueueFilter filter;
  filter.now = now;
  filter.limit = 50;
  if (!q["status"].empty()) {
    if (!known_id(status_names(), q["status"])) return page(who, "400", Html(), 400);
    filter.statuses = {q["status"]};
  }
  if (!q["category"].empty()) filter.category = q["category"];
  if (!q["area"].empty()) filter.area = q["area"];
  if (!q["channel"].empty()) filter.channel = q["channel"];
  if (q["mine"] == "1") filter.assignee_id = who.officer.id;
  if (!q["assignee"].empty()) {
    filter.assignee_id = parse_positive_id(q["assignee"]);
    if (!filter.assignee_id) return page(who, "400", Html(), 400);
  }
  if (q["overdue"] == "1") filter.overdue_only = true;
  if (!q["after"].empty()) {
    storage::QueueCursor cursor;
    if (std::sscanf(q["after"].c_str(), "%ld.%ld.%ld", &cursor.rank, &cursor.created_at, &cursor.id) != 3)
      return page(who, "400", Html(), 400);
    filter.after = cursor;
  }
  auto result = workflow_.queue(filter);

  QueueView view;
  view.title = q["mine"] == "1" ? who.text("nav.mine") : who.text("queue.title");
  for (const auto& [status, n] : workflow_.status_counts()) view.counts.push_back({status, status_name(who, status), n});
  auto with_all = [&](std::string all, std::vector<Option> choices, const std::string& selected) {
    choices.insert(choices.begin(), Option{"", std::move(all), selected.empty()});
    return choices;
  };
  view.statuses = with_all(who.text("queue.open"), workflow_options(status_names(), who, q["status"]), q["status"]);
  view.categories = with_all(who.text("common.all"), workflow_options(category_names(), who, q["category"]), q["category"]);
  std::vector<Option> areas;
  for (const auto& a : ward_.areas) areas.push_back({a.id, a.name, a.id == q["area"]});
  view.areas = with_all(who.text("common.all"), std::move(areas), q["area"]);
  std::vector<Option> channels;
  for (const char* c : {"web", "zalo", "messenger"}) channels.push_back({c, c, c == q["channel"]});
  view.channels = with_all(who.text("common.all"), std::move(channels), q["channel"]);
  view.mine = q["mine"] == "1";
  view.overdue_only = q["overdue"] == "1";
  for (const auto& row : result.rows) {
    const auto text = read_reporter_text(row.first_message);
    view.rows.push_back({.id = row.id,
                         .reference = row.reference,
                         .priority = row.priority,
                         .priority_name = priority_name(who, row.priority),
                         .categories = category_list(who, row.categories),
                         .area = area_name(row.area),
                         .channel = row.channel,
                         .age = age_text(who, now - row.created_at),
                         .deadline = row.deadline ? local_time(*row.deadline) : "—",
                         .assignee = row.assignee_name.empty() ? "—" : row.assignee_name,
                         .status = status_name(who, row.status),
                         .preview = redacted_preview(text, 140, who.lang == "en"),
                         .overdue = row.deadline && *row.deadline < now && row.status != "closed"});
  }
  if (result.next) {
    view.next = "/admin/queue?";
    for (const char* key : {"status", "category", "area", "channel", "mine", "overdue", "assignee"})
      if (!q[key].empty()) view.next += std::string(key) + "=" + q[key] + "&";
    view.next += "after=" + std::to_string(result.next->rank) + "." + std::to_string(result.next->created_at) + "." +
                 std::to_string(result.next->id);
  }
  return page(who, view.title, render(view, who.lang));
}

Response Console::team_page(const Request& r, const Signed& who) {
  const auto now = unix_seconds(r);
  TeamView view;
  for (const auto& load : workflow_.officer_loads(now))
    view.rows.push_back({load.officer_id, load.display_name, load.open, load.overdue});
  return page(who, who.text("nav.team"), render(view, who.lang));
}

}  // namespace tipline::handlers
