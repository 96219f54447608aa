// One tip: its messages (personal data hidden until revealed), labels officers can
// correct, suggested duplicates, assignment and deadline, status and outcome, notes
// and replies to the reporter.
#include <chrono>
#include <cstdlib>
#include <ctime>

#include "common/utf8.hpp"
#include "handlers/console/console.hpp"
#include "handlers/console/label_reasons.hpp"
#include "handlers/console/text.hpp"
#include "handlers/console/views.hpp"
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
  const bool en = who.lang == domain::Language::en;
  const auto& labels = tip.correction ? tip.correction->labels : tip.labels;
  TipView view;
  view.csrf = who.session.csrf_token;
  view.id = tip.id;
  view.error = error;
  view.notice = notice;
  view.reference = tip.reference;
  view.priority = std::string(domain::stored_name(labels.priority));
  view.priority_name = label_for(who, labels.priority);
  view.status = label_for(who, tip.status);
  view.channel = std::string(domain::stored_name(tip.channel));
  view.received = console.local_time(tip.created_at);
  view.area = console.area_name(labels.area);
  view.categories = labels.categories.empty() ? "—" : category_list(who, labels.categories);
  if (!tip.workflow.assignee_id) {
    view.assignee = who.text("tip.unassigned");
  } else {
    auto o = console.officers_.officer(*tip.workflow.assignee_id);
    view.assignee = o ? o->display_name : "?";
  }
  view.deadline = tip.workflow.deadline ? console.local_time(*tip.workflow.deadline) : "—";
  view.overdue = tip.workflow.deadline && *tip.workflow.deadline < now && tip.status != domain::Status::closed;
  if (tip.workflow.outcome) view.outcome = label_for(who, *tip.workflow.outcome);
  view.revealed = reveal;

  for (const auto& m : tip.messages) {
    TipView::Message message;
    message.author = std::string(domain::stored_name(m.author));
    message.when = console.local_time(m.created_at);
    if (m.author == domain::Author::reporter) {
      auto text = read_reporter_text(m.body);
      message.text = redacted_html(text, reveal, en);
      // Where a reporter stood and what their files are called can identify them:
      // details only after the audited reveal.
      for (const auto& a : text.attachments) message.attachments.push_back(reveal ? a : a.substr(0, a.find(' ')));
      if (m.attachment_type) message.attachments.push_back(*m.attachment_type);
      message.by = who.text("tip.by_reporter");
    } else if (m.author == domain::Author::officer) {
      message.text = escaped(m.body);
      message.by = m.kind == domain::MessageKind::note ? who.text("tip.internal_note") : who.text("tip.by_officer");
    } else {
      message.text = escaped(m.body);
      message.by =
          m.kind == domain::MessageKind::reply_failed ? who.text("tip.by_failed_reply") : who.text("tip.by_system");
    }
    view.messages.push_back(std::move(message));
  }

  view.can_act = who.officer.role != domain::Role::viewer;
  view.officers.push_back({"", who.text("tip.unassigned_option"), !tip.workflow.assignee_id});
  for (const auto& o : console.officers_.list_officers())
    if (!o.disabled && o.role != domain::Role::viewer)
      view.officers.push_back({std::to_string(o.id), o.display_name, tip.workflow.assignee_id == o.id});
  view.deadline_day =
      console.local_date(tip.workflow.deadline ? *tip.workflow.deadline : console.default_deadline(labels.priority, now));
  view.statuses = vocabulary_options(who, std::optional(tip.status));
  view.outcomes = vocabulary_options(who, tip.workflow.outcome);
  view.outcomes.insert(view.outcomes.begin(), Option{"", "—", !tip.workflow.outcome});
  view.reply_route = tip.from_chat      ? who.text("tip.route_chat")
                     : tip.has_receipt ? who.text("tip.route_web")
                                       : who.text("tip.route_none");
  view.machine_priority = label_for(who, tip.labels.priority);
  view.machine_categories = tip.labels.categories.empty() ? "—" : category_list(who, tip.labels.categories);
  view.machine_area = console.area_name(tip.labels.area);
  view.why = label_reasons(console.engine_, who, tip);
  view.priorities = vocabulary_options(who, std::optional(labels.priority));
  for (const auto c : domain::all<domain::Category>()) {
    bool on = false;
    for (const auto have : labels.categories) on = on || have == c;
    view.category_boxes.push_back({std::string(domain::stored_name(c)), label_for(who, c), on});
  }
  view.areas.push_back({"", "—", !labels.area});
  for (const auto& a : console.ward_.areas) view.areas.push_back({a.id, a.name, labels.area == a.id});
  for (const auto& other : console.workflow_.group_members(tip.id, 20))
    view.duplicates.push_back({other.id, other.reference, label_for(who, other.status)});
  return console.page(who, tip.reference, render(view, who.lang));
}

}  // namespace

Response Console::tip_page(const Request& r, const Signed& who) {
  auto parsed = parse_form_fields(r.query);
  auto id = parsed.ok() ? parse_positive_id(parsed.fields["id"]) : std::nullopt;
  auto tip = id ? tips_.load_tip(*id) : std::nullopt;
  if (!tip) return page(who, "404", tip_not_found_content(who.lang), 404);
  const auto now = unix_seconds(r);
  audit_log_.audit(audit_event(who, "view_tip", tip->id, "", now));
  std::string notice;
  if (parsed.fields["done"] == "1") notice = who.text("tip.saved");
  if (parsed.fields["done"] == "web") notice = who.text("tip.saved_web");
  if (parsed.fields["done"] == "chat") notice = who.text("tip.queued_chat");
  return render_tip(*this, who, *tip, false, now, notice);
}

Response Console::reveal(const Request& r, const Signed& who, FormFields&, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  audit_log_.audit(audit_event(who, "reveal", tip.id, "personal data shown", now));
  return render_tip(*this, who, tip, true, now, "");
}

namespace {

// Where a change to a tip leads back to: the tip's page.
std::string tip_address(std::int64_t id) { return "/admin/tip?id=" + std::to_string(id); }

}  // namespace

Response Console::assign(const Request& r, const Signed& who, FormFields& f, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  const std::string back = tip_address(tip.id);
  std::optional<std::int64_t> officer_id;
  if (!f["officer"].empty()) {
    officer_id = parse_positive_id(f["officer"]);
    auto officer = officer_id ? officers_.officer(*officer_id) : std::nullopt;
    if (!officer || officer->disabled || officer->role == domain::Role::viewer) return page(who, "400", Html(), 400);
  }
  std::optional<std::int64_t> deadline;
  if (!f["deadline"].empty()) {
    deadline = end_of_local_day(f["deadline"], config_.form.utc_offset_minutes);
    if (!deadline) return page(who, "400", Html(), 400);
  } else if (officer_id) {
    const auto& labels = tip.correction ? tip.correction->labels : tip.labels;
    deadline = default_deadline(labels.priority, now);
  }
  workflow_.assign(tip.id, officer_id, deadline,
                audit_event(who, "assign", tip.id,
                            "officer=" + (officer_id ? std::to_string(*officer_id) : std::string("none")) +
                                " deadline=" + (deadline ? std::to_string(*deadline) : std::string("none")),
                            now));
  return redirect(back + "&done=1");
}

Response Console::change_status(const Request& r, const Signed& who, FormFields& f, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  const std::string back = tip_address(tip.id);
  const auto status = domain::parse<domain::Status>(f["status"]);
  if (!status) return page(who, "400", Html(), 400);
  std::optional<domain::Outcome> outcome;
  if (!f["outcome"].empty()) {
    outcome = domain::parse<domain::Outcome>(f["outcome"]);
    if (!outcome) return page(who, "400", Html(), 400);
  }
  if (*status == domain::Status::closed && !outcome) {
    audit_log_.audit(audit_event(who, "view_tip", tip.id, "", now));
    auto response = render_tip(*this, who, tip, false, now, "", who.text("tip.outcome_needed"));
    response.status = 400;
    return response;
  }
  std::string detail(domain::stored_name(*status));
  if (outcome) detail += " outcome=" + std::string(domain::stored_name(*outcome));
  workflow_.set_status(tip.id, *status, outcome, audit_event(who, "status", tip.id, detail, now));
  return redirect(back + "&done=1");
}

Response Console::add_note(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  const std::string back = tip_address(tip.id);
  const std::string text = form["text"];
  if (text.empty() || utf8::length(text) > 5000) return page(who, "400", Html(), 400);
  storage::NewMessage note;
  note.author = domain::Author::officer;
  note.kind = domain::MessageKind::note;
  note.created_at = now;
  note.body = who.officer.display_name + ": " + text;
  workflow_.add_note(tip.id, note, audit_event(who, "note", tip.id, "", now));
  return redirect(back + "&done=1");
}

Response Console::reply(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  const std::string back = tip_address(tip.id);
  const std::string text = form["text"];
  if (text.empty() || utf8::length(text) > 1800) return page(who, "400", Html(), 400);
  auto route = workflow_.reply_to_reporter(tip.id, text, now, audit_event(who, "reply", tip.id, "", now));
  if (route == storage::WorkflowStore::ReplyRoute::none)
    return page(who, who.text("tip.not_sent"),
                render(ProblemView{who.text("tip.unreachable"), back, who.text("tip.back")}, who.lang), 409);
  if (route == storage::WorkflowStore::ReplyRoute::chat && reply_queued_) reply_queued_();
  return redirect(back + (route == storage::WorkflowStore::ReplyRoute::chat ? "&done=chat" : "&done=web"));
}

Response Console::correct(const Request& r, const Signed& who, FormFields& f, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  const std::string back = tip_address(tip.id);
  storage::LabelCorrection correction;
  correction.officer = who.officer.username;
  correction.created_at = now;
  const auto priority = domain::parse<domain::Priority>(f["priority"]);
  if (!priority) return page(who, "400", Html(), 400);
  correction.labels.priority = *priority;
  for (const auto c : domain::all<domain::Category>())
    if (f["cat_" + std::string(domain::stored_name(c))] == "1") correction.labels.categories.push_back(c);
  const auto& categories = correction.labels.categories;
  correction.labels.drug_related = !(categories.size() == 1 && categories[0] == domain::Category::spam);
  if (!f["area"].empty()) {
    bool known = false;
    for (const auto& a : ward_.areas) known = known || a.id == f["area"];
    if (!known) return page(who, "400", Html(), 400);
    correction.labels.area = f["area"];
  }
  std::string detail = "priority=" + std::string(domain::stored_name(correction.labels.priority)) +
                       " area=" + correction.labels.area.value_or("none");
  workflow_.correct_labels(tip.id, correction, audit_event(who, "correct_labels", tip.id, detail, now));
  return redirect(back + "&done=1");
}

Response Console::merge(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  const std::string back = tip_address(tip.id);
  // The other tip by its reference, as officers read it off a page or a report.
  const std::string reference = form["other"];
  std::optional<storage::StoredTip> other;
  if (reference.size() >= 12 && reference.size() <= 20 && reference.rfind("TL-", 0) == 0)
    if (auto found = tips_.find_by_reference(reference)) other = tips_.load_tip(*found);
  if (!other || other->id == tip.id)
    return page(who, "400", render(ProblemView{who.text("tip.no_such_reference"), back, who.text("tip.back")}, who.lang),
                400);
  std::string group = tip.labels.group ? *tip.labels.group : other->labels.group.value_or("g-merged-" + std::to_string(tip.id));
  workflow_.set_group({tip.id, other->id}, group,
                   audit_event(who, "merge", tip.id, "with " + other->reference, now));
  return redirect(back + "&done=1");
}

Response Console::split(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip) {
  const auto now = unix_seconds(r);
  workflow_.set_group({tip.id}, std::nullopt, audit_event(who, "split", tip.id, "", now));
  auto back_id = parse_positive_id(form["back"]);
  return redirect(tip_address(back_id ? *back_id : tip.id) + "&done=1");
}

}  // namespace tipline::handlers
