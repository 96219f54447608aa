// The officers' work queue and the leader's view of the team.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "handlers/console/console.hpp"
#include "handlers/console/text.hpp"
#include "handlers/console/views.hpp"
#include "handlers/console/redaction.hpp"

namespace tipline::handlers {

namespace {

// A query's choice of one value of a vocabulary: nothing chosen (empty), the value, or
// nullopt for a word the vocabulary does not know.
template <domain::vocabulary_enum E>
std::optional<std::optional<E>> chosen(const std::string& word) {
  if (word.empty()) return std::optional<E>();
  if (auto value = domain::parse<E>(word)) return value;
  return std::nullopt;
}

}  // namespace

std::string category_list(const Signed& who, const std::vector<domain::Category>& categories) {
  std::string out;
  for (const auto c : categories) out += (out.empty() ? "" : ", ") + label_for(who, c);
  return out;
}

std::string age_text(const Signed& who, std::int64_t seconds) {
  if (seconds < 3600) return std::to_string(std::max<std::int64_t>(0, seconds / 60)) + " " + who.text("age.minutes");
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " " + who.text("age.hours");
  return std::to_string(seconds / 86400) + " " + who.text("age.days");
}

Response Console::home(const Request&, const Signed& who) {
  return redirect(who.officer.role == domain::Role::viewer ? "/admin/report" : "/admin/queue");
}

Response Console::queue_page(const Request& r, const Signed& who) {
  const auto now = unix_seconds(r);
  auto parsed = parse_form_fields(r.query);
  if (!parsed.ok()) return page(who, "400", Html(), 400);
  auto& q = parsed.fields;

  storage::QueueFilter filter;
  filter.now = now;
  filter.limit = 50;
  // A word the vocabulary does not know filters nothing: it is refused.
  const auto status = chosen<domain::Status>(q["status"]);
  const auto category = chosen<domain::Category>(q["category"]);
  const auto channel = chosen<domain::Channel>(q["channel"]);
  if (!status || !category || !channel) return page(who, "400", Html(), 400);
  if (*status) filter.statuses = {**status};
  filter.category = *category;
  if (!q["area"].empty()) filter.area = q["area"];
  filter.channel = *channel;
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
  for (const auto& [counted, n] : workflow_.status_counts())
    view.counts.push_back({std::string(domain::stored_name(counted)), label_for(who, counted), n});
  auto with_all = [&](std::string all, std::vector<Option> choices, const std::string& selected) {
    choices.insert(choices.begin(), Option{"", std::move(all), selected.empty()});
    return choices;
  };
  view.statuses = with_all(who.text("queue.open"), vocabulary_options(who, *status), q["status"]);
  view.categories = with_all(who.text("common.all"), vocabulary_options(who, *category), q["category"]);
  std::vector<Option> areas;
  for (const auto& a : ward_.areas) areas.push_back({a.id, a.name, a.id == q["area"]});
  view.areas = with_all(who.text("common.all"), std::move(areas), q["area"]);
  std::vector<Option> channels;
  for (const auto c : domain::all<domain::Channel>()) {
    const std::string name(domain::stored_name(c));
    channels.push_back({name, name, *channel == c});
  }
  view.channels = with_all(who.text("common.all"), std::move(channels), q["channel"]);
  view.mine = q["mine"] == "1";
  view.overdue_only = q["overdue"] == "1";
  for (const auto& row : result.rows) {
    const auto text = read_reporter_text(row.first_message);
    view.rows.push_back({.id = row.id,
                         .reference = row.reference,
                         .priority = std::string(domain::stored_name(row.priority)),
                         .priority_name = label_for(who, row.priority),
                         .categories = category_list(who, row.categories),
                         .area = area_name(row.area),
                         .channel = std::string(domain::stored_name(row.channel)),
                         .age = age_text(who, now - row.created_at),
                         .deadline = row.deadline ? local_time(*row.deadline) : "—",
                         .assignee = row.assignee_name.empty() ? "—" : row.assignee_name,
                         .status = label_for(who, row.status),
                         .preview = redacted_preview(text, 140, who.lang == domain::Language::en),
                         .overdue = row.deadline && *row.deadline < now && row.status != domain::Status::closed});
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
