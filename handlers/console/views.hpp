#pragma once
// The console's pages as view models: plain values a handler fills from the store,
// each rendered by its template under web/templates/console/ in the officer's
// language. The words are the catalogue's; the values here are names, numbers and
// times already in the officer's language where the vocabulary names them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"
#include "handlers/http/html.hpp"

namespace tipline::handlers {

// One <option> of a <select> (or one checkbox of a set): its value, what it shows,
// and whether it is chosen.
struct Option {
  std::string value;
  std::string label;
  bool selected = false;
};

// ---- the frame and small pages -------------------------------------------------------

// The page around every console page; `menu` is absent before signing in.
struct LayoutView {
  struct Menu {
    int rank = 0;  // 0 viewer, 1 officer, 2 leader, 3 admin: which links it offers
    std::string csrf;
    std::string display_name;
  };
  domain::Language lang = domain::Language::vi;
  std::string title;
  Html content;
  std::optional<Menu> menu;
};

struct LoginView {
  std::string form_token;
  std::string error;
};

struct SecondFactorView {
  std::string csrf;
  std::string error;
};

struct PasswordView {
  std::string csrf;
  std::string error;
};

struct TotpView {
  std::string csrf;
  bool enrolled = false;  // a key is set already: replacing it takes its code
  std::string display;    // the new key, grouped for reading
  std::string uri;        // otpauth://
};

// A refusal that says why and where to go back to.
struct ProblemView {
  std::string message;
  std::string back;
  std::string back_label;
};

// ---- queue and team ------------------------------------------------------------------

struct QueueView {
  struct Count {
    std::string status;
    std::string name;
    std::int64_t count = 0;
  };
  struct Row {
    std::int64_t id = 0;
    std::string reference, priority, priority_name, categories, area, channel, age, deadline, assignee, status;
    std::string preview;  // redacted
    bool overdue = false;
  };
  std::string title;
  std::vector<Count> counts;
  std::vector<Option> statuses, categories, areas, channels;
  bool mine = false;
  bool overdue_only = false;
  std::vector<Row> rows;
  std::string next;  // the next page's address, "" on the last
};

struct TeamView {
  struct Row {
    std::int64_t officer_id = 0;
    std::string name;
    std::int64_t open = 0;
    std::int64_t overdue = 0;
  };
  std::vector<Row> rows;
};

// ---- one tip -------------------------------------------------------------------------

struct TipView {
  struct Message {
    std::string author;  // "reporter" | "officer" | "system": the message's class
    std::string by;      // who wrote it, in words
    std::string when;
    Html text;           // redacted unless revealed
    std::vector<std::string> attachments;
  };
  struct Duplicate {
    std::int64_t id = 0;
    std::string reference, status;
  };
  std::string csrf;
  std::int64_t id = 0;
  std::string error, notice;
  std::string reference, priority, priority_name, status, channel, received, area, categories;
  std::string assignee, deadline, outcome;
  bool overdue = false;
  bool revealed = false;
  std::vector<Message> messages;
  // The forms beside the messages, for those who may act.
  bool can_act = false;
  std::vector<Option> officers, statuses, outcomes, priorities, category_boxes, areas;
  std::string deadline_day;  // YYYY-MM-DD
  std::string reply_route;
  std::string machine_priority, machine_categories, machine_area;
  // Why the machine gave each of its labels: the label and its heaviest cues, in words.
  struct Why {
    std::string label, cues;
  };
  std::vector<Why> why;
  std::vector<Duplicate> duplicates;
};

// ---- accounts and audit log ----------------------------------------------------------

struct AccountsView {
  struct Row {
    std::int64_t id = 0;
    std::string username, display_name, role;
    std::vector<Option> roles;
    bool self = false;
    bool totp = false;
    bool disabled = false;
    std::string locked_until;
  };
  std::string csrf;
  std::string problem;
  std::vector<Row> rows;
  // The add form, with what was typed when it was refused.
  std::string typed_username, typed_display_name;
  std::vector<Option> typed_roles;
  bool totp_required = false;
};

struct OneTimePasswordView {
  std::string title;
  std::string username;
  std::string password;
};

struct AuditView {
  struct Row {
    std::int64_t id = 0;
    std::string at, actor, action;
    std::string tip_id;  // "" when the entry names no tip
    std::string detail;
  };
  bool intact = false;
  std::int64_t checked = 0;
  std::string first_bad;  // "" when unknown
  std::string problem;
  std::vector<Option> officers;
  std::string action_filter, tip_filter;
  std::vector<std::string> known_actions;
  std::vector<Row> entries;
  std::string newest;  // links, "" when there is no such page
  std::string older;
};

// ---- the monthly report --------------------------------------------------------------

// What the period picker's fields show: the period's own values, or the input that failed.
struct PeriodPickerView {
  std::string month, from, to;
};

struct ReportView {
  struct Count {
    std::string name, shown;
    bool suppressed = false;
  };
  struct Section {
    std::string title;
    std::vector<Count> counts;
    Html chart;
  };
  struct Figure {
    std::string label, value;
  };
  std::string problem;  // when set, the page is the picker and this
  PeriodPickerView picker;
  std::string period_label, period;
  std::string csv_query;
  std::vector<Figure> summary;
  std::vector<Section> sections;
  std::string made_at, made_by;
};

// A view through its template, in `lang` (the layout carries its own).
Html render(const LayoutView& view);
Html render(const LoginView& view, domain::Language lang);
Html render(const SecondFactorView& view, domain::Language lang);
Html render(const PasswordView& view, domain::Language lang);
Html render(const TotpView& view, domain::Language lang);
Html render(const ProblemView& view, domain::Language lang);
Html render(const QueueView& view, domain::Language lang);
Html render(const TeamView& view, domain::Language lang);
Html render(const TipView& view, domain::Language lang);
Html render(const AccountsView& view, domain::Language lang);
Html render(const OneTimePasswordView& view, domain::Language lang);
Html render(const AuditView& view, domain::Language lang);
Html render(const ReportView& view, domain::Language lang);

// The pages without a view of their own: a title and the status alone, or a refusal.
Html forbidden_content(domain::Language lang);
Html refused_content(domain::Language lang);
Html bad_request_content(std::string_view message, domain::Language lang);
Html tip_not_found_content(domain::Language lang);

}  // namespace tipline::handlers
