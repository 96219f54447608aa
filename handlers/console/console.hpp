#pragma once
// The officers' console at /admin: login with password and TOTP, the work queue,
// tip detail and workflow, the team view, accounts, the audit log and the monthly
// report. Server-rendered, escaped by construction, no script; every state change
// is a POST carrying the session's CSRF token, and every change, view and reveal is
// written to the audit log in the same transaction as the change.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "common/domain.hpp"
#include "handlers/console/catalogue.hpp"
#include "handlers/http/form_fields.hpp"
#include "handlers/http/form_token.hpp"
#include "handlers/http/html.hpp"
#include "handlers/http/http_types.hpp"
#include "handlers/http/rate_limiter.hpp"
#include "handlers/http/router.hpp"
#include "storage/audit_log.hpp"
#include "storage/officer_store.hpp"
#include "storage/tip_store.hpp"
#include "storage/workflow_store.hpp"
#include "triage/triage.hpp"
#include "webhook-config/config.hpp"

namespace tipline {
class Metrics;
}

namespace tipline::handlers {

using FormFields = std::map<std::string, std::string>;

// The officer behind a request, once the session checks out.
struct Signed {
  storage::Officer officer;
  storage::Session session;
  domain::Language lang = domain::Language::vi;

  // The catalogue's message `key` in the officer's language.
  const std::string& text(std::string_view key) const {
    return console_catalogue().get(key, domain::stored_name(lang));
  }
};

// The store's roles the console works with, each given separately so that tests can
// build the console over small fakes.
struct ConsoleStores {
  storage::OfficerStore& officers;
  storage::AuditLog& audit;
  storage::TipStore& tips;
  storage::WorkflowStore& workflow;
};

class Console final {
 public:
  // The engine's ward names areas; a learned engine also says why it labelled a tip.
  Console(const config::Config& config, ConsoleStores stores, const triage::Engine& engine, Metrics& metrics);

  void add_routes(Router& router);

  // Called after an officer's reply was queued for a chat platform (wakes the outbox).
  void on_reply_queued(std::function<void()> listener) { reply_queued_ = std::move(listener); }

  // The name of the session cookie: __Host- binds it to this origin, Secure, path /.
  static constexpr std::string_view cookie_name = "__Host-tipline_session";

  // The least role a route asks for, declared where the route is registered.
  enum class Need { viewer, officer, leader, admin };

 private:
  // A route's handler is given what its registration has checked: nothing (the
  // sign-in steps, which look at their own half-made session), the signed-in
  // officer, also a POST's fields once its CSRF token matched, also the tip the
  // POST names.
  struct Anyone {};
  static constexpr Anyone anyone{};
  using OpenHandler = Response (Console::*)(const Request&);
  using PageHandler = Response (Console::*)(const Request&, const Signed&);
  using FormHandler = Response (Console::*)(const Request&, const Signed&, FormFields&);
  using TipHandler = Response (Console::*)(const Request&, const Signed&, FormFields&, const storage::StoredTip&);
  Handler guarded(Anyone, OpenHandler handler);
  Handler guarded(Need need, PageHandler handler);
  Handler guarded(Need need, FormHandler handler);
  Handler guarded(Need need, TipHandler handler);
  template <typename Next>
  Handler signed_in(Need need, Next next);
  template <typename Next>
  Handler with_form(Need need, Next next);

  // The signed-in officer with at least `need`, or the response to send instead
  // (a redirect to the login, or 403).
  std::variant<Signed, Response> require(const Request& r, Need need);
  // Parses a POST body and checks its CSRF token; nullopt means "refuse with 403".
  std::optional<FormFields> checked_form(const Request& r, const Signed& who);

  // Authentication (console_auth.cpp)
  Response show_login(const Request& r);
  Response login(const Request& r);
  Response show_second_factor(const Request& r);
  Response second_factor(const Request& r);
  Response show_change_password(const Request& r, const Signed& who);
  Response change_password(const Request& r, const Signed& who, FormFields& form);
  Response show_totp_setup(const Request& r, const Signed& who);
  Response totp_setup(const Request& r, const Signed& who, FormFields& form);
  Response logout(const Request& r);
  Response set_language(const Request& r, const Signed& who, FormFields& form);

  // Queue and team (console_queue.cpp)
  Response home(const Request& r, const Signed& who);
  Response queue_page(const Request& r, const Signed& who);
  Response team_page(const Request& r, const Signed& who);

  // Tip detail and workflow (console_tip.cpp)
  Response tip_page(const Request& r, const Signed& who);
  Response reveal(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);
  Response assign(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);
  Response change_status(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);
  Response add_note(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);
  Response reply(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);
  Response correct(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);
  Response merge(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);
  Response split(const Request& r, const Signed& who, FormFields& form, const storage::StoredTip& tip);

  // Accounts, audit, settings (console_admin.cpp)
  Response accounts_page(const Request& r, const Signed& who);
  Response add_account(const Request& r, const Signed& who, FormFields& form);
  Response update_account(const Request& r, const Signed& who, FormFields& form);
  Response audit_page(const Request& r, const Signed& who);
  Response settings(const Request& r, const Signed& who, FormFields& form);

  // Monthly report (console_report.cpp)
  Response report_page(const Request& r, const Signed& who);
  Response report_csv(const Request& r, const Signed& who);

 public:
  // ---- shared by the parts above ----

  Response page(const Signed& who, std::string_view title, const Html& content, int status = 200) const;
  Response redirect(std::string location) const;
  storage::AuditEvent audit_event(const Signed& who, std::string action, std::optional<std::int64_t> tip,
                                  std::string detail, std::int64_t now) const;

  std::string area_name(const std::optional<std::string>& area_id) const;
  std::int64_t default_deadline(domain::Priority priority, std::int64_t now) const;
  std::string local_time(std::int64_t unix_seconds) const;
  std::string local_date(std::int64_t unix_seconds) const;

  const config::Config& config_;
  storage::OfficerStore& officers_;
  storage::AuditLog& audit_log_;
  storage::TipStore& tips_;
  storage::WorkflowStore& workflow_;
  const triage::Engine& engine_;
  const triage::Ward& ward_;
  Metrics& metrics_;
  FormTokens login_tokens_;
  RateLimiter login_sources_;
  const std::string totp_setup_key_;  // memory only: derives the keys offered at two-factor set-up
  std::string offered_totp_secret(const Signed& who) const;
  // The admins' switch making a second factor compulsory for everyone.
  static constexpr char totp_required_setting[] = "totp_required";
  bool totp_required() const;

 private:
  std::function<void()> reply_queued_;
  Response start_session(const storage::Officer& officer, domain::SessionStage stage, std::int64_t now,
                         const std::optional<std::string>& replacing);
  // Charges a password or code attempt to the account before it is checked.
  storage::OfficerStore::Attempt claim_attempt(const storage::Officer& officer, std::int64_t now);
};

// Pure helpers with their own tests.
std::optional<std::string> session_token_from_cookies(std::string_view cookie_header);
std::string session_cookie(const std::string& token);
std::string expired_session_cookie();

}  // namespace tipline::handlers
