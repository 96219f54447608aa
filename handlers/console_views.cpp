#include "handlers/console_views.hpp"

#include "handlers/console_template.hpp"

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
Html options(const std::vector<Option>& choices, std::string_view lang) {
  return render_console("options.html", lang, View{{"options", option_list(choices)}});
}

}  // namespace

Html render(const LayoutView& view) {
  View values{{"lang", view.lang}, {"title", view.title}, {"content", view.content}, {"menu", view.menu.has_value()}};
  if (view.menu) {
    values.set("officer", view.menu->rank >= 1);
    values.set("leader", view.menu->rank >= 2);
    values.set("admin", view.menu->rank >= 3);
    values.set("csrf", view.menu->csrf);
    values.set("other_lang", std::string(view.lang == "en" ? "vi" : "en"));
    values.set("name", view.menu->display_name);
  }
  return render_console("layout.html", view.lang, values);
}

Html render(const LoginView& view, std::string_view lang) {
  return render_console("login.html", lang, View{{"token", view.form_token}, {"error", view.error}});
}

Html render(const SecondFactorView& view, std::string_view lang) {
  return render_console("second_factor.html", lang, View{{"csrf", view.csrf}, {"error", view.error}});
}

Html render(const PasswordView& view, std::string_view lang) {
  return render_console("password.html", lang, View{{"csrf", view.csrf}, {"error", view.error}});
}

Html render(const TotpView& view, std::string_view lang) {
  return render_console("totp.html", lang,
                        View{{"csrf", view.csrf},
                             {"enrolled", view.enrolled},
                             {"display", view.display},
                             {"uri", view.uri},
                             {"secret", view.secret}});
}

Html render(const ProblemView& view, std::string_view lang) {
  return render_console("problem.html", lang,
                        View{{"message", view.message}, {"back", view.back}, {"back_label", view.back_label}});
}

Html render(const QueueView& view, std::string_view lang) {
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

Html render(const TeamView& view, std::string_view lang) {
  auto rows = list(view.rows, [](const TeamView::Row& row) {
    return View{{"id", number(row.officer_id)},
                {"name", row.name},
                {"open", number(row.open)},
                {"overdue", number(row.overdue)},
                {"late", row.overdue > 0}};
  });
  return render_console("team.html", lang, View{{"rows", std::move(rows)}});
}

Html render(const TipView& view, std::string_view lang) {
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
    values.set("priority_options", options(view.priorities, lang));
    values.set("category_boxes", std::move(boxes));
    values.set("area_options", options(view.areas, lang));
    values.set("duplicates", std::move(duplicates));
  }
  return render_console("tip.html", lang, values);
}

Html forbidden_content(std::string_view lang) { return render_console("forbidden.html", lang, {}); }

Html tip_not_found_content(std::string_view lang) { return render_console("not_found.html", lang, {}); }

}  // namespace tipline::handlers
