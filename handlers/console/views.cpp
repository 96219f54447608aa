#include "handlers/console/views.hpp"

#include "handlers/console/template.hpp"

namespace tipline::handlers {

namespace {

std::string number(std::int64_t n) { return std::to_string(n); }

template <typename Item, typename ToView>
ViewList list(const std::vector<Item>& items, ToView to_view) {
  ViewList out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(to_view(item));
  return out;
}

ViewList option_list(const std::vector<Option>& options) {
  return list(options, [](const Option& o) {
    return View{{"value", o.value}, {"label", o.label}, {"selected", o.selected}};
  });
}

// A <select>'s options, from the one template that writes them.
Html options(const std::vector<Option>& choices, domain::Language lang) {
  return render_console("options.html", lang, View{{"options", option_list(choices)}});
}

}  // namespace

Html render(const LayoutView& view) {
  View values{{"lang", std::string(domain::stored_name(view.lang))},
              {"title", view.title},
              {"content", view.content},
              {"menu", view.menu.has_value()}};
  if (view.menu) {
    values.set("officer", view.menu->rank >= 1);
    values.set("leader", view.menu->rank >= 2);
    values.set("admin", view.menu->rank >= 3);
    values.set("csrf", view.menu->csrf);
    const auto other = view.lang == domain::Language::en ? domain::Language::vi : domain::Language::en;
    values.set("other_lang", std::string(domain::stored_name(other)));
    values.set("name", view.menu->display_name);
  }
  return render_console("layout.html", view.lang, values);
}

Html render(const LoginView& view, domain::Language lang) {
  return render_console("login.html", lang, View{{"token", view.form_token}, {"error", view.error}});
}

Html render(const SecondFactorView& view, domain::Language lang) {
  return render_console("second_factor.html", lang, View{{"csrf", view.csrf}, {"error", view.error}});
}

Html render(const PasswordView& view, domain::Language lang) {
  return render_console("password.html", lang, View{{"csrf", view.csrf}, {"error", view.error}});
}

Html render(const TotpView& view, domain::Language lang) {
  return render_console("totp.html", lang,
                        View{{"csrf", view.csrf},
                             {"enrolled", view.enrolled},
                             {"display", view.display},
                             {"uri", view.uri}});
}

Html render(const ProblemView& view, domain::Language lang) {
  return render_console("problem.html", lang,
                        View{{"message", view.message}, {"back", view.back}, {"back_label", view.back_label}});
}

Html render(const QueueView& view, domain::Language lang) {
  auto counts = list(view.counts, [](const QueueView::Count& c) {
    return View{{"status", c.status}, {"name", c.name}, {"count", number(c.count)}};
  });
  auto rows = list(view.rows, [](const QueueView::Row& row) {
    return View{{"id", number(row.id)},
                {"reference", row.reference},
                {"priority", row.priority},
                {"priority_name", row.priority_name},
                {"categories", row.categories},
                {"area", row.area},
                {"channel", row.channel},
                {"age", row.age},
                {"deadline", row.deadline},
                {"assignee", row.assignee},
                {"status", row.status},
                {"preview", row.preview},
                {"overdue", row.overdue}};
  });
  return render_console("queue.html", lang,
                        View{{"title", view.title},
                             {"counts", std::move(counts)},
                             {"status_options", options(view.statuses, lang)},
                             {"category_options", options(view.categories, lang)},
                             {"area_options", options(view.areas, lang)},
                             {"channel_options", options(view.channels, lang)},
                             {"mine", view.mine},
                             {"overdue_only", view.overdue_only},
                             {"rows", std::move(rows)},
                             {"next", view.next}});
}

Html render(const TeamView& view, domain::Language lang) {
  auto rows = list(view.rows, [](const TeamView::Row& row) {
    return View{{"id", number(row.officer_id)},
                {"name", row.name},
                {"open", number(row.open)},
                {"overdue", number(row.overdue)},
                {"late", row.overdue > 0}};
  });
  return render_console("team.html", lang, View{{"rows", std::move(rows)}});
}

Html render(const TipView& view, domain::Language lang) {
  auto messages = list(view.messages, [](const TipView::Message& m) {
    return View{{"author", m.author},
                {"by", m.by},
                {"when", m.when},
                {"text", m.text},
                {"attachments", list(m.attachments, [](const std::string& a) { return View{{"name", a}}; })}};
  });
  auto duplicates = list(view.duplicates, [](const TipView::Duplicate& d) {
    return View{{"other_id", number(d.id)}, {"other_reference", d.reference}, {"other_status", d.status}};
  });
  auto boxes = list(view.category_boxes, [](const Option& o) {
    return View{{"value", o.value}, {"label", o.label}, {"checked", o.selected}};
  });
  View values{{"csrf", view.csrf},
              {"id", number(view.id)},
              {"error", view.error},
              {"notice", view.notice},
              {"reference", view.reference},
              {"priority", view.priority},
              {"priority_name", view.priority_name},
              {"status", view.status},
              {"channel", view.channel},
              {"received", view.received},
              {"area", view.area},
              {"categories", view.categories},
              {"assignee", view.assignee},
              {"deadline", view.deadline},
              {"overdue", view.overdue},
              {"outcome", view.outcome},
              {"revealed", view.revealed},
              {"messages", std::move(messages)},
              {"can_act", view.can_act}};
  if (view.can_act) {
    values.set("officer_options", options(view.officers, lang));
    values.set("deadline_day", view.deadline_day);
    values.set("status_options", options(view.statuses, lang));
    values.set("outcome_options", options(view.outcomes, lang));
    values.set("reply_route", view.reply_route);
    values.set("machine_priority", view.machine_priority);
    values.set("machine_categories", view.machine_categories);
    values.set("machine_area", view.machine_area);
    values.set("why", list(view.why, [](const TipView::Why& w) { return View{{"label", w.label}, {"cues", w.cues}}; }));
    values.set("priority_options", options(view.priorities, lang));
    values.set("category_boxes", std::move(boxes));
    values.set("area_options", options(view.areas, lang));
    values.set("duplicates", std::move(duplicates));
  }
  return render_console("tip.html", lang, values);
}

Html render(const AccountsView& view, domain::Language lang) {
  auto rows = list(view.rows, [&](const AccountsView::Row& row) {
    return View{{"id", number(row.id)},
                {"username", row.username},
                {"display_name", row.display_name},
                {"role", row.role},
                {"role_options", options(row.roles, lang)},
                {"self", row.self},
                {"totp", row.totp},
                {"disabled", row.disabled},
                {"locked_until", row.locked_until}};
  });
  return render_console("accounts.html", lang,
                        View{{"csrf", view.csrf},
                             {"problem", view.problem},
                             {"rows", std::move(rows)},
                             {"typed_username", view.typed_username},
                             {"typed_display_name", view.typed_display_name},
                             {"typed_role_options", options(view.typed_roles, lang)},
                             {"totp_required", view.totp_required}});
}

Html render(const OneTimePasswordView& view, domain::Language lang) {
  return render_console("one_time_password.html", lang,
                        View{{"title", view.title}, {"username", view.username}, {"password", view.password}});
}

Html render(const AuditView& view, domain::Language lang) {
  auto entries = list(view.entries, [](const AuditView::Row& row) {
    return View{{"id", number(row.id)},
                {"at", row.at},
                {"actor", row.actor},
                {"action", row.action},
                {"tip_id", row.tip_id},
                {"detail", row.detail}};
  });
  return render_console(
      "audit.html", lang,
      View{{"intact", view.intact},
           {"checked", number(view.checked)},
           {"first_bad", view.first_bad},
           {"problem", view.problem},
           {"officer_options", options(view.officers, lang)},
           {"action_filter", view.action_filter},
           {"tip_filter", view.tip_filter},
           {"known_actions", list(view.known_actions, [](const std::string& a) { return View{{"name", a}}; })},
           {"entries", std::move(entries)},
           {"newest", view.newest},
           {"older", view.older}});
}

Html render(const ReportView& view, domain::Language lang) {
  const auto picker = render_console(
      "period_picker.html", lang,
      View{{"month", view.picker.month}, {"from", view.picker.from}, {"to", view.picker.to}});
  View values{{"problem", view.problem}, {"picker", picker}};
  if (view.problem.empty()) {
    values.set("period_label", view.period_label);
    values.set("period", view.period);
    values.set("csv_query", view.csv_query);
    values.set("summary", list(view.summary, [](const ReportView::Figure& f) {
                 return View{{"label", f.label}, {"value", f.value}};
               }));
    values.set("sections", list(view.sections, [](const ReportView::Section& s) {
                 return View{{"title", s.title},
                             {"any", !s.counts.empty()},
                             {"counts", list(s.counts,
                                             [](const ReportView::Count& c) {
                                               return View{{"name", c.name}, {"shown", c.shown}, {"suppressed", c.suppressed}};
                                             })},
                             {"chart", s.chart}};
               }));
    values.set("made_at", view.made_at);
    values.set("made_by", view.made_by);
  }
  return render_console("report.html", lang, values);
}

Html forbidden_content(domain::Language lang) { return render_console("forbidden.html", lang, {}); }

Html refused_content(domain::Language lang) { return render_console("refused.html", lang, {}); }

Html bad_request_content(std::string_view message, domain::Language lang) {
  return render_console("bad_request.html", lang, View{{"message", std::string(message)}});
}

Html tip_not_found_content(domain::Language lang) { return render_console("not_found.html", lang, {}); }

}  // namespace tipline::handlers
