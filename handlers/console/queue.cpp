// The officers' work queue and the leader's view of the team.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "handlers/console/console.hpp"
#include "handlers/console/text.hpp"
#include "handlers/console/redaction.hpp"

namespace tipline::handlers {

Html select_option(const std::string& value, const std::string& label, bool selected) {
  return render(selected ? R"(<option value="{{v}}" selected>{{l}}</option>)" : R"(<option value="{{v}}">{{l}}</option>)",
                {{"v", value}, {"l", label}});
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

std::string age_text(const Signed& who, std::int64_t seconds) {
  if (seconds < 3600) return std::to_string(std::max<std::int64_t>(0, seconds / 60)) + std::string(who.tr(" phút", " min"));
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + std::string(who.tr(" giờ", " h"));
  return std::to_string(seconds / 86400) + std::string(who.tr(" ngày", " d"));
}

Response Console::home(const Request& r) {
  auto signed_in = require(r, Need::viewer);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  return redirect(who.officer.role == "viewer" ? "/admin/report" : "/admin/queue");
}

Response Console::queue_page(const Request& r) {
  auto signed_in = require(r, Need::officer);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
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
  auto result = store_.queue(filter);

  Html counts;
  for (const auto& [status, n] : store_.status_counts())
    counts += render(R"(<li><a href="/admin/queue?status={{s}}">{{name}}</a>: <strong>{{n}}</strong></li>)",
                     {{"s", status}, {"name", status_name(who, status)}, {"n", std::to_string(n)}});

  auto option = [](const std::string& value, const std::string& label, const std::string& selected) {
    return select_option(value, label, value == selected);
  };
  Html status_options = option("", std::string(who.tr("Đang mở", "Open")), q["status"]);
  for (const auto& s : ids_of(status_names())) status_options += option(s, status_name(who, s), q["status"]);
  Html category_options = option("", std::string(who.tr("Tất cả", "All")), q["category"]);
  for (const auto& c : ids_of(category_names())) category_options += option(c, category_name(who, c), q["category"]);
  Html area_options = option("", std::string(who.tr("Tất cả", "All")), q["area"]);
  for (const auto& a : ward_.areas) area_options += option(a.id, a.name, q["area"]);
  Html channel_options = option("", std::string(who.tr("Tất cả", "All")), q["channel"]);
  for (const char* c : {"web", "zalo", "messenger"}) channel_options += option(c, c, q["channel"]);

  // The header row's names, which each cell repeats as its data-label: a phone screen
  // stacks the cells without the header row.
  const TemplateValues columns{{"h_ref", std::string(who.tr("Mã", "Reference"))},
                               {"h_pri", std::string(who.tr("Mức độ", "Priority"))},
                               {"h_cat", std::string(who.tr("Loại", "Category"))},
                               {"h_area", std::string(who.tr("Địa bàn", "Area"))},
                               {"h_channel", std::string(who.tr("Kênh", "Channel"))},
                               {"h_age", std::string(who.tr("Đã nhận", "Age"))},
                               {"h_deadline", std::string(who.tr("Hạn xử lý", "Deadline"))},
                               {"h_assignee", std::string(who.tr("Cán bộ", "Officer"))},
                               {"h_status", std::string(who.tr("Trạng thái", "Status"))},
                               {"h_preview", std::string(who.tr("Nội dung (đã che)", "Preview (redacted)"))}};
  Html rows;
  for (const auto& row : result.rows) {
    const bool overdue = row.deadline && *row.deadline < now && row.status != "closed";
    std::string categories;
    for (const auto& c : row.categories) categories += (categories.empty() ? "" : ", ") + category_name(who, c);
    auto text = read_reporter_text(row.first_message);
    TemplateValues values = columns;
    values.merge(TemplateValues{{"cls", overdue ? Html::trusted(R"( class="overdue")") : Html()},
                                {"id", std::to_string(row.id)},
                                {"ref", row.reference},
                                {"p", row.priority},
                                {"pname", priority_name(who, row.priority)},
                                {"cats", categories},
                                {"area", area_name(row.area)},
                                {"channel", row.channel},
                                {"age", age_text(who, now - row.created_at)},
                                {"deadline", row.deadline ? local_time(*row.deadline) : std::string("—")},
                                {"flag", overdue ? render(R"( <span class="overdue-flag">{{t}}</span>)",
                                                          {{"t", std::string(who.tr("QUÁ HẠN", "OVERDUE"))}})
                                                 : Html()},
                                {"assignee", row.assignee_name.empty() ? std::string("—") : row.assignee_name},
                                {"status", status_name(who, row.status)},
                                {"preview", redacted_preview(text, 140, who.lang == "en")}});
    rows += render(R"(<tr{{cls}}><td><a href="/admin/tip?id={{id}}" class="ref">{{ref}}</a></td>
<td data-label="{{h_pri}}"><span class="p-{{p}}">{{pname}}</span></td><td data-label="{{h_cat}}">{{cats}}</td>
<td data-label="{{h_area}}">{{area}}</td><td data-label="{{h_channel}}">{{channel}}</td><td data-label="{{h_age}}">{{age}}</td>
<td data-label="{{h_deadline}}">{{deadline}}{{flag}}</td><td data-label="{{h_assignee}}">{{assignee}}</td>
<td data-label="{{h_status}}">{{status}}</td><td class="preview">{{preview}}</td></tr>
)", values);
  }
  Html pager;
  if (result.next) {
    std::string next = "/admin/queue?";
    for (const char* key : {"status", "category", "area", "channel", "mine", "overdue", "assignee"})
      if (!q[key].empty()) next += std::string(key) + "=" + q[key] + "&";
    next += "after=" + std::to_string(result.next->rank) + "." + std::to_string(result.next->created_at) + "." +
            std::to_string(result.next->id);
    pager = render(R"(<p class="pager"><a href="{{href}}" rel="next">{{t}}</a></p>)",
                   {{"href", next}, {"t", std::string(who.tr("Trang sau →", "Next page →"))}});
  }
  const bool mine = q["mine"] == "1";
  const std::string title(mine ? who.tr("Tin của tôi", "My tips") : who.tr("Hàng đợi tin báo", "Tip queue"));
  TemplateValues values = columns;
  values.merge(TemplateValues{{"title", title},
                              {"by_status", std::string(who.tr("Số tin theo trạng thái", "Tips by status"))},
                              {"counts", counts},
                              {"l_status", std::string(who.tr("Trạng thái", "Status"))},
                              {"status_options", status_options},
                              {"l_category", std::string(who.tr("Loại", "Category"))},
                              {"category_options", category_options},
                              {"l_area", std::string(who.tr("Địa bàn", "Area"))},
                              {"area_options", area_options},
                              {"l_channel", std::string(who.tr("Kênh", "Channel"))},
                              {"channel_options", channel_options},
                              {"mine_checked", mine ? Html::trusted(" checked") : Html()},
                              {"l_mine", std::string(who.tr("Giao cho tôi", "Assigned to me"))},
                              {"overdue_checked", q["overdue"] == "1" ? Html::trusted(" checked") : Html()},
                              {"l_overdue", std::string(who.tr("Quá hạn", "Overdue"))},
                              {"l_filter", std::string(who.tr("Lọc", "Filter"))},
                              {"rows", rows},
                              {"empty", result.rows.empty() ? render("<p>{{t}}</p>", {{"t", std::string(who.tr("Không có tin nào.", "No tips."))}})
                                                            : Html()},
                              {"pager", pager}});
  return page(who, title, render(R"(<h1>{{title}}</h1><ul class="counts" aria-label="{{by_status}}">{{counts}}</ul>
<form method="get" action="/admin/queue" class="filters">
<label>{{l_status}} <select name="status">{{status_options}}</select></label>
<label>{{l_category}} <select name="category">{{category_options}}</select></label>
<label>{{l_area}} <select name="area">{{area_options}}</select></label>
<label>{{l_channel}} <select name="channel">{{channel_options}}</select></label>
<label><input type="checkbox" name="mine" value="1"{{mine_checked}}> {{l_mine}}</label>
<label><input type="checkbox" name="overdue" value="1"{{overdue_checked}}> {{l_overdue}}</label>
<button type="submit">{{l_filter}}</button></form>
<table class="queue"><thead><tr><th>{{h_ref}}</th><th>{{h_pri}}</th><th>{{h_cat}}</th><th>{{h_area}}</th><th>{{h_channel}}</th>
<th>{{h_age}}</th><th>{{h_deadline}}</th><th>{{h_assignee}}</th><th>{{h_status}}</th><th>{{h_preview}}</th></tr></thead>
<tbody>{{rows}}</tbody></table>{{empty}}{{pager}})", values));
}

Response Console::team_page(const Request& r) {
  auto signed_in = require(r, Need::leader);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  const auto now = unix_seconds(r);
  Html rows;
  for (const auto& load : store_.officer_loads(now))
    rows += render(R"(<tr{{cls}}><td>{{name}}</td><td><a href="/admin/queue?assignee={{id}}">{{open}}</a></td><td>{{overdue}}</td></tr>)",
                   {{"cls", load.overdue > 0 ? Html::trusted(R"( class="overdue")") : Html()},
                    {"name", load.display_name},
                    {"id", std::to_string(load.officer_id)},
                    {"open", std::to_string(load.open)},
                    {"overdue", std::to_string(load.overdue)}});
  return page(who, who.tr("Cán bộ", "Team"),
              render(R"(<h1>{{title}}</h1><table><thead><tr><th>{{h_name}}</th><th>{{h_open}}</th><th>{{h_overdue}}</th></tr></thead>
<tbody>{{rows}}</tbody></table>)",
                     {{"title", std::string(who.tr("Tin đang giao cho từng cán bộ", "Open tips per officer"))},
                      {"h_name", std::string(who.tr("Cán bộ", "Officer"))},
                      {"h_open", std::string(who.tr("Đang mở", "Open"))},
                      {"h_overdue", std::string(who.tr("Quá hạn", "Overdue"))},
                      {"rows", rows}}));
}

}  // namespace tipline::handlers
