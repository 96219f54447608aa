// One tip: its messages (personal data hidden until revealed), labels officers can
// correct, suggested duplicates, assignment and deadline, status and outcome, notes
// and replies to the reporter.
#include <chrono>
#include <cstdlib>
#include <ctime>

#include "common/utf8.hpp"
#include "handlers/console/console.hpp"
#include "handlers/console/text.hpp"
#include "handlers/console/redaction.hpp"
#include "handlers/report/period.hpp"

namespace tipline::handlers {

namespace {

// "YYYY-MM-DD" in the ward's time, its last second; nullopt when malformed. The report's
// strict date reading: "2030-6-1x" or 31 February are refused, not guessed at.
std::optional<std::int64_t> end_of_local_day(const std::string& date, int utc_offset_minutes) {
  const auto day = report::custom_period(date, date, utc_offset_minutes);
  if (!day) return std::nullopt;
  return day->end - 1;
}

Response render_tip(Console& console, const Signed& who, const storage::StoredTip& tip, bool reveal,
                           std::int64_t now, const std::string& notice, const std::string& error = "") {
  const bool en = who.lang == "en";
  Html messages;
  for (const auto& m : tip.messages) {
    Html body;
    std::string cls = m.author;
    std::string who_wrote;
    if (m.author == "reporter") {
      auto text = read_reporter_text(m.body);
      body = redacted_html(text, reveal, en);
      // Where a reporter stood and what their files are called can identify them:
      // details only after the audited reveal.
      for (const auto& a : text.attachments)
        body += render("\n<span class=\"meta\">[{{a}}]</span>", {{"a", reveal ? a : a.substr(0, a.find(' '))}});
      if (m.attachment_type) body += render("\n<span class=\"meta\">[{{t}}]</span>", {{"t", *m.attachment_type}});
      who_wrote = std::string(who.tr("Người báo tin", "Reporter"));
    } else if (m.author == "officer") {
      body = escaped(m.body);
      who_wrote = m.kind == "note" ? std::string(who.tr("Ghi chú nội bộ", "Internal note"))
                                   : std::string(who.tr("Gửi người báo tin", "To the reporter"));
    } else {
      body = escaped(m.body);
      who_wrote = m.kind == "reply_failed" ? std::string(who.tr("Không gửi được trả lời", "Reply not delivered"))
                                           : std::string(who.tr("Hệ thống", "System"));
    }
    messages += render(R"(<div class="msg {{cls}}"><p class="meta">{{who}} · {{when}}</p>{{body}}</div>)",
                       {{"cls", cls}, {"who", who_wrote}, {"when", console.local_time(m.created_at)}, {"body", body}});
  }

  const auto& labels = tip.correction ? tip.correction->labels : tip.labels;
  std::string categories;
  for (const auto& c : labels.categories) categories += (categories.empty() ? "" : ", ") + category_name(who, c);
  std::string machine_categories;
  for (const auto& c : tip.labels.categories) machine_categories += (machine_categories.empty() ? "" : ", ") + category_name(who, c);

  const bool overdue = tip.workflow.deadline && *tip.workflow.deadline < now && tip.status != "closed";
  const bool can_act = who.officer.role != "viewer";
  const std::string csrf = who.session.csrf_token;
  const std::string id = std::to_string(tip.id);

  Html officer_options = select_option("", std::string(who.tr("— chưa giao —", "— unassigned —")), !tip.workflow.assignee_id);
  for (const auto& o : console.store_.list_officers())
    if (!o.disabled && o.role != "viewer")
      officer_options += select_option(std::to_string(o.id), o.display_name, tip.workflow.assignee_id == o.id);
  const std::int64_t deadline = tip.workflow.deadline ? *tip.workflow.deadline : console.default_deadline(labels.priority, now);

  Html status_options;
  for (const auto& s : ids_of(status_names())) status_options += select_option(s, status_name(who, s), s == tip.status);
  Html outcome_options = select_option("", "—", !tip.workflow.outcome);
  for (const auto& o : ids_of(outcome_names())) outcome_options += select_option(o, outcome_name(who, o), tip.workflow.outcome == o);
  Html priority_options;
  for (const auto& p : ids_of(priority_names())) priority_options += select_option(p, priority_name(who, p), labels.priority == p);
  Html category_boxes;
  for (const auto& c : ids_of(category_names())) {
    bool on = false;
    for (const auto& have : labels.categories) on = on || have == c;
    category_boxes += render(on ? R"(<label class="inline"><input type="checkbox" name="cat_{{c}}" value="1" checked> {{n}}</label> )"
                                : R"(<label class="inline"><input type="checkbox" name="cat_{{c}}" value="1"> {{n}}</label> )",
                             {{"c", c}, {"n", category_name(who, c)}});
  }
  Html area_options = select_option("", "—", !labels.area);
  for (const auto& a : console.ward_.areas) area_options += select_option(a.id, a.name, labels.area == a.id);

  Html duplicates;
  for (const auto& other : console.store_.group_members(tip.id, 20))
    duplicates += render(R"(<li><a href="/admin/tip?id={{oid}}" class="ref">{{ref}}</a> — {{status}}
<form method="post" action="/admin/tip/split" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
<input type="hidden" name="id" value="{{oid}}"><input type="hidden" name="back" value="{{id}}"><button type="submit">{{split}}</button></form></li>)",
                         {{"oid", std::to_string(other.id)},
                          {"ref", other.reference},
                          {"status", status_name(who, other.status)},
                          {"csrf", csrf},
                          {"id", id},
                          {"split", std::string(who.tr("Tách khỏi nhóm", "Split off"))}});

  Html reply_hint = Html::trusted("");
  std::string reply_route = tip.from_chat ? std::string(who.tr("Gửi qua Zalo/Messenger khi còn trong thời hạn trả lời của nền tảng.",
                                                                "Sent through Zalo/Messenger while the platform's reply window is open."))
                                          : tip.has_receipt ? std::string(who.tr("Người báo tin đọc được trên trang tra cứu bằng mã biên nhận.",
                                                                                 "The reporter reads it on the status page with the receipt code."))
                                                            : std::string(who.tr("Không có cách liên lạc với người báo tin.",
                                                                                 "There is no way to reach the reporter."));

  Html actions;
  if (can_act) {
    actions = render(R"(
<section class="card"><h2>{{h_assign}}</h2>
<form method="post" action="/admin/tip/assign"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
<label for="officer">{{l_officer}}</label><select id="officer" name="officer">{{officer_options}}</select>
<label for="deadline">{{l_deadline}}</label><input type="date" id="deadline" name="deadline" value="{{deadline}}">
<button type="submit">{{b_assign}}</button></form></section>
<section class="card"><h2>{{h_status}}</h2>
<form method="post" action="/admin/tip/status"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
<label for="status">{{l_status}}</label><select id="status" name="status">{{status_options}}</select>
<label for="outcome">{{l_outcome}}</label><select id="outcome" name="outcome">{{outcome_options}}</select>
<button type="submit">{{b_status}}</button></form></section>
<section class="card"><h2>{{h_note}}</h2>
<form method="post" action="/admin/tip/note"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
<label for="note">{{l_note}}</label><textarea id="note" name="text" maxlength="5000" required></textarea>
<button type="submit">{{b_note}}</button></form></section>
<section class="card"><h2>{{h_reply}}</h2><p class="meta">{{reply_route}}</p>
<form method="post" action="/admin/tip/reply"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
<label for="reply">{{l_reply}}</label><textarea id="reply" name="text" maxlength="1800" required></textarea>
<button type="submit">{{b_reply}}</button></form></section>
<section class="card"><h2>{{h_labels}}</h2><p class="meta">{{machine}}</p>
<form method="post" action="/admin/tip/labels"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
<label for="priority">{{l_priority}}</label><select id="priority" name="priority">{{priority_options}}</select>
<fieldset><legend>{{l_categories}}</legend>{{category_boxes}}</fieldset>
<label for="area">{{l_area}}</label><select id="area" name="area">{{area_options}}</select>
<button type="submit">{{b_labels}}</button></form></section>
<section class="card"><h2>{{h_dups}}</h2><ul>{{duplicates}}</ul>
<form method="post" action="/admin/tip/merge"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
<label for="merge_ref">{{l_merge}}</label><input type="text" id="merge_ref" name="other" placeholder="TL-2511-0042">
<button type="submit">{{b_merge}}</button></form></section>)",
                     {{"csrf", csrf},
                      {"id", id},
                      {"h_assign", std::string(who.tr("Giao việc", "Assignment"))},
                      {"l_officer", std::string(who.tr("Cán bộ phụ trách", "Officer in charge"))},
                      {"officer_options", officer_options},
                      {"l_deadline", std::string(who.tr("Hạn xử lý", "Deadline"))},
                      {"deadline", console.local_date(deadline)},
                      {"b_assign", std::string(who.tr("Giao", "Assign"))},
                      {"h_status", std::string(who.tr("Trạng thái và kết quả", "Status and outcome"))},
                      {"l_status", std::string(who.tr("Trạng thái", "Status"))},
                      {"status_options", status_options},
                      {"l_outcome", std::string(who.tr("Kết quả (bắt buộc khi đóng)", "Outcome (required to close)"))},
                      {"outcome_options", outcome_options},
                      {"b_status", std::string(who.tr("Cập nhật", "Update"))},
                      {"h_note", std::string(who.tr("Ghi chú nội bộ", "Internal note"))},
                      {"l_note", std::string(who.tr("Ghi chú (người báo tin không thấy)", "Note (the reporter never sees it)"))},
                      {"b_note", std::string(who.tr("Thêm ghi chú", "Add note"))},
                      {"h_reply", std::string(who.tr("Trả lời người báo tin", "Reply to the reporter"))},
                      {"reply_route", reply_route},
                      {"l_reply", std::string(who.tr("Câu hỏi hoặc trả lời", "Question or answer"))},
                      {"b_reply", std::string(who.tr("Gửi", "Send"))},
                      {"h_labels", std::string(who.tr("Phân loại của cán bộ", "Officer's labels"))},
                      {"machine", std::string(who.tr("Máy phân loại: ", "Machine labels: ")) + priority_name(who, tip.labels.priority) +
                                      " · " + (machine_categories.empty() ? "—" : machine_categories) + " · " +
                                      console.area_name(tip.labels.area)},
                      {"l_priority", std::string(who.tr("Mức độ", "Priority"))},
                      {"priority_options", priority_options},
                      {"l_categories", std::string(who.tr("Loại", "Categories"))},
                      {"category_boxes", category_boxes},
                      {"l_area", std::string(who.tr("Địa bàn", "Area"))},
                      {"area_options", area_options},
                      {"b_labels", std::string(who.tr("Lưu phân loại", "Save labels"))},
                      {"h_dups", std::string(who.tr("Tin có thể trùng", "Possible duplicates"))},
                      {"duplicates", duplicates},
                      {"l_merge", std::string(who.tr("Gộp với tin (mã)", "Merge with tip (reference)"))},
                      {"b_merge", std::string(who.tr("Gộp", "Merge"))}});
  }

  auto reveal_form = reveal ? Html()
                            : render(R"(<form method="post" action="/admin/tip/reveal" class="noprint"><input type="hidden" name="csrf" value="{{csrf}}">
<input type="hidden" name="id" value="{{id}}"><button type="submit" class="danger">{{t}}</button></form>)",
                                     {{"csrf", csrf}, {"id", id},
                                      {"t", std::string(who.tr("Hiện thông tin cá nhân (được ghi nhật ký)", "Reveal personal data (audited)"))}});
  return console.page(
      who, tip.reference,
      render(R"({{notice}}<h1><span class="ref">{{ref}}</span> <span class="p-{{p}}">{{pname}}</span></h1>
<p class="meta">{{status}} · {{channel}} · {{received}} · {{area}} · {{cats}}</p>
<p>{{l_assignee}}: <strong>{{assignee}}</strong> · {{l_deadline}}: <strong>{{deadline}}</strong>{{flag}}{{outcome}}</p>
<div class="grid"><section><h2>{{h_messages}}</h2>{{reveal_form}}{{messages}}</section><aside>{{actions}}</aside></div>)",
             {{"notice", !error.empty()    ? render(R"(<p class="errors" role="alert">{{m}}</p>)", {{"m", error}})
                         : !notice.empty() ? render(R"(<p class="notice" role="status">{{n}}</p>)", {{"n", notice}})
                                           : Html()},
              {"ref", tip.reference},
              {"p", labels.priority},
              {"pname", priority_name(who, labels.priority)},
              {"status", status_name(who, tip.status)},
              {"channel", tip.channel},
              {"received", console.local_time(tip.created_at)},
              {"area", console.area_name(labels.area)},
              {"cats", categories.empty() ? std::string("—") : categories},
              {"l_assignee", std::string(who.tr("Cán bộ", "Officer"))},
              {"assignee", [&] {
                 if (!tip.workflow.assignee_id) return std::string(who.tr("chưa giao", "unassigned"));
                 auto o = console.store_.officer(*tip.workflow.assignee_id);
                 return o ? o->display_name : std::string("?");
               }()},
              {"l_deadline", std::string(who.tr("Hạn", "Deadline"))},
              {"deadline", tip.workflow.deadline ? console.local_time(*tip.workflow.deadline) : std::string("—")},
              {"flag", overdue ? render(R"( <span class="overdue-flag">{{t}}</span>)", {{"t", std::string(who.tr("QUÁ HẠN", "OVERDUE"))}}) : Html()},
              {"outcome", tip.workflow.outcome ? render(" · {{l}}: <strong>{{o}}</strong>",
                                                        {{"l", std::string(who.tr("Kết quả", "Outcome"))},
                                                         {"o", outcome_name(who, *tip.workflow.outcome)}})
                                               : Html()},
              {"h_messages", std::string(who.tr("Nội dung", "Messages"))},
              {"reveal_form", reveal_form},
              {"messages", messages},
              {"actions", actions}}));
}

}  // namespace

Response Console::tip_page(const Request& r) {
  // Viewers see aggregates and reports only, never a tip.
  auto signed_in = require(r, Need::officer);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  auto parsed = parse_form_fields(r.query);
  auto id = parsed.ok() ? parse_positive_id(parsed.fields["id"]) : std::nullopt;
  auto tip = id ? store_.load_tip(*id) : std::nullopt;
  if (!tip) return page(who, "404", render("<h1>{{t}}</h1>", {{"t", std::string(who.tr("Không có tin này.", "No such tip."))}}), 404);
  const auto now = unix_seconds(r);
  store_.audit(audit_event(who, "view_tip", tip->id, "", now));
  std::string notice;
  if (parsed.fields["done"] == "1") notice = std::string(who.tr("Đã lưu.", "Saved."));
  if (parsed.fields["done"] == "web") notice = std::string(who.tr("Đã lưu; người báo tin sẽ thấy trên trang tra cứu.", "Saved; the reporter will see it on the status page."));
  if (parsed.fields["done"] == "chat") notice = std::string(who.tr("Đã xếp vào hàng gửi qua nền tảng chat.", "Queued for the chat platform."));
  return render_tip(*this, who, *tip, false, now, notice);
}

Response Console::reveal(const Request& r) {
  auto signed_in = require(r, Need::officer);
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;
  auto& who = std::get<Signed>(signed_in);
  auto form = checked_form(r, who);
  if (!form) return page(who, "403", Html(), 403);
  auto id = parse_positive_id((*form)["id"]);
  auto tip = id ? store_.load_tip(*id) : std::nullopt;
  if (!tip) return page(who, "404", Html(), 404);
  const auto now = unix_seconds(r);
  store_.audit(audit_event(who, "reveal", tip->id, "personal data shown", now));
  return render_tip(*this, who, *tip, true, now, "");
}

namespace {

// The tip named in a checked form, for a change; nullopt answers 404.
std::optional<storage::StoredTip> tip_of(storage::Store& store, FormFields& form) {
  auto id = parse_positive_id(form["id"]);
  return id ? store.load_tip(*id) : std::nullopt;
}

}  // namespace

#define TIPLINE_CONSOLE_CHANGE_PROLOGUE                                               \
  auto signed_in = require(r, Need::officer);                                          \
  if (auto* response = std::get_if<Response>(&signed_in)) return *response;            \
  auto& who = std::get<Signed>(signed_in);                                             \
  auto form = checked_form(r, who);                                                    \
  if (!form) return page(who, "403", Html(), 403);                                     \
  auto tip = tip_of(store_, *form);                                                    \
  if (!tip) return page(who, "404", Html(), 404);                                      \
  const auto now = unix_seconds(r);                                                        \
  const std::string back = "/admin/tip?id=" + std::to_string(tip->id)

Response Console::assign(const Request& r) {
  TIPLINE_CONSOLE_CHANGE_PROLOGUE;
  auto& f = *form;
  std::optional<std::int64_t> officer_id;
  if (!f["officer"].empty()) {
    officer_id = parse_positive_id(f["officer"]);
    auto officer = officer_id ? store_.officer(*officer_id) : std::nullopt;
    if (!officer || officer->disabled || officer->role == "viewer") return page(who, "400", Html(), 400);
  }
  std::optional<std::int64_t> deadline;
  if (!f["deadline"].empty()) {
    deadline = end_of_local_day(f["deadline"], config_.form.utc_offset_minutes);
    if (!deadline) return page(who, "400", Html(), 400);
  } else if (officer_id) {
    const auto& labels = tip->correction ? tip->correction->labels : tip->labels;
    deadline = default_deadline(labels.priority, now);
  }
  store_.assign(tip->id, officer_id, deadline,
                audit_event(who, "assign", tip->id,
                            "officer=" + (officer_id ? std::to_string(*officer_id) : std::string("none")) +
                                " deadline=" + (deadline ? std::to_string(*deadline) : std::string("none")),
                            now));
  return redirect(back + "&done=1");
}

Response Console::change_status(const Request& r) {
  TIPLINE_CONSOLE_CHANGE_PROLOGUE;
  auto& f = *form;
  if (!known_id(status_names(), f["status"])) return page(who, "400", Html(), 400);
  std::optional<std::string> outcome;
  if (!f["outcome"].empty()) {
    if (!known_id(outcome_names(), f["outcome"])) return page(who, "400", Html(), 400);
    outcome = f["outcome"];
  }
  if (f["status"] == "closed" && !outcome) {
    store_.audit(audit_event(who, "view_tip", tip->id, "", now));
    auto response = render_tip(*this, who, *tip, false, now, "",
                               std::string(who.tr("Muốn đóng tin phải chọn kết quả xử lý.",
                                                  "Choose an outcome to close the tip.")));
    response.status = 400;
    return response;
  }
  store_.set_status(tip->id, f["status"], outcome,
                    audit_event(who, "status", tip->id, f["status"] + (outcome ? " outcome=" + *outcome : ""), now));
  return redirect(back + "&done=1");
}

Response Console::add_note(const Request& r) {
  TIPLINE_CONSOLE_CHANGE_PROLOGUE;
  const std::string text = (*form)["text"];
  if (text.empty() || utf8::length(text) > 5000) return page(who, "400", Html(), 400);
  storage::NewMessage note;
  note.author = "officer";
  note.kind = "note";
  note.created_at = now;
  note.body = who.officer.display_name + ": " + text;
  store_.add_note(tip->id, note, audit_event(who, "note", tip->id, "", now));
  return redirect(back + "&done=1");
}

Response Console::reply(const Request& r) {
  TIPLINE_CONSOLE_CHANGE_PROLOGUE;
  const std::string text = (*form)["text"];
  if (text.empty() || utf8::length(text) > 1800) return page(who, "400", Html(), 400);
  auto route = store_.reply_to_reporter(tip->id, text, now, audit_event(who, "reply", tip->id, "", now));
  if (route == storage::Store::ReplyRoute::none)
    return page(who, who.tr("Không gửi được", "Not sent"),
                render(R"(<p class="errors" role="alert">{{m}}</p><p><a href="{{back}}">{{b}}</a></p>)",
                       {{"m", std::string(who.tr("Không còn cách liên lạc với người báo tin: thời hạn trả lời của nền tảng đã hết.",
                                                 "The reporter can no longer be reached: the platform's reply window has closed."))},
                        {"back", back},
                        {"b", std::string(who.tr("Quay lại tin", "Back to the tip"))}}),
                409);
  if (route == storage::Store::ReplyRoute::chat && reply_queued_) reply_queued_();
  return redirect(back + (route == storage::Store::ReplyRoute::chat ? "&done=chat" : "&done=web"));
}

Response Console::correct(const Request& r) {
  TIPLINE_CONSOLE_CHANGE_PROLOGUE;
  auto& f = *form;
  storage::LabelCorrection correction;
  correction.officer = who.officer.username;
  correction.created_at = now;
  if (!known_id(priority_names(), f["priority"])) return page(who, "400", Html(), 400);
  correction.labels.priority = f["priority"];
  for (const auto& c : ids_of(category_names()))
    if (f["cat_" + c] == "1") correction.labels.categories.push_back(c);
  correction.labels.drug_related = !(correction.labels.categories.size() == 1 && correction.labels.categories[0] == "spam");
  if (!f["area"].empty()) {
    bool known = false;
    for (const auto& a : ward_.areas) known = known || a.id == f["area"];
    if (!known) return page(who, "400", Html(), 400);
    correction.labels.area = f["area"];
  }
  std::string detail = "priority=" + correction.labels.priority + " area=" + correction.labels.area.value_or("none");
  store_.correct_labels(tip->id, correction, audit_event(who, "correct_labels", tip->id, detail, now));
  return redirect(back + "&done=1");
}

Response Console::merge(const Request& r) {
  TIPLINE_CONSOLE_CHANGE_PROLOGUE;
  // The other tip by its reference, as officers read it off a page or a report.
  const std::string reference = (*form)["other"];
  std::optional<storage::StoredTip> other;
  if (reference.size() >= 12 && reference.size() <= 20 && reference.rfind("TL-", 0) == 0)
    if (auto found = store_.find_by_reference(reference)) other = store_.load_tip(*found);
  if (!other || other->id == tip->id)
    return page(who, "400",
                render(R"(<p class="errors" role="alert">{{m}}</p><p><a href="{{back}}">{{b}}</a></p>)",
                       {{"m", std::string(who.tr("Không tìm thấy tin có mã này.", "No tip has that reference."))},
                        {"back", back}, {"b", std::string(who.tr("Quay lại tin", "Back to the tip"))}}),
                400);
  std::string group = tip->labels.group ? *tip->labels.group : other->labels.group.value_or("g-merged-" + std::to_string(tip->id));
  store_.set_group({tip->id, other->id}, group,
                   audit_event(who, "merge", tip->id, "with " + other->reference, now));
  return redirect(back + "&done=1");
}

Response Console::split(const Request& r) {
  TIPLINE_CONSOLE_CHANGE_PROLOGUE;
  store_.set_group({tip->id}, std::nullopt, audit_event(who, "split", tip->id, "", now));
  auto back_id = parse_positive_id((*form)["back"]);
  return redirect(back_id ? "/admin/tip?id=" + std::to_string(*back_id) + "&done=1" : back + "&done=1");
}

#undef TIPLINE_CONSOLE_CHANGE_PROLOGUE

}  // namespace tipline::handlers
