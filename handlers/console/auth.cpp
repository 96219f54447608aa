// Console sign-in: password, then the TOTP code, then (first time) a new password;
// sessions, CSRF and roles.
#include <chrono>
#include <ctime>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "common/password.hpp"
#include "common/totp.hpp"
#include "handlers/console/console.hpp"
#include "handlers/console/views.hpp"
#include "common/metrics.hpp"
#include "handlers/http/form_token.hpp"
#include "handlers/tips/ward_clock.hpp"

namespace tipline::handlers {

namespace {

std::string token_hash(const std::string& token) { return crypto::sha256(token); }

int need_rank(Console::Need need) { return static_cast<int>(need); }

int role_rank(domain::Role role) {
  switch (role) {
    case domain::Role::admin:
      return need_rank(Console::Need::admin);
    case domain::Role::leader:
      return need_rank(Console::Need::leader);
    case domain::Role::officer:
      return need_rank(Console::Need::officer);
    case domain::Role::viewer:
      break;
  }
  return need_rank(Console::Need::viewer);
}

// Once the password (and a code, if set up) checked out: a one-time password is
// changed before anything else opens.
domain::SessionStage stage_after_sign_in(const storage::Officer& officer) {
  return officer.must_change_password ? domain::SessionStage::change_password : domain::SessionStage::full;
}

// A session is touched (written) at most this often, not on every page.
constexpr std::int64_t touch_every_seconds = 60;

// Before signing in nobody's language is known: these pages are in Vietnamese.
constexpr auto sign_in_lang = domain::Language::vi;

const std::string& sign_in_text(std::string_view key) {
  return console_catalogue().get(key, domain::stored_name(sign_in_lang));
}

Response bare_page(int status, std::string_view title, const Html& content) {
  Response r;
  r.status = status;
  r.body = render(LayoutView{sign_in_lang, std::string(title), content, std::nullopt}).str();
  return r;
}

Response login_page(int status, const std::string& form_token, const std::string& error) {
  return bare_page(status, sign_in_text("login.sign_in"), render(LoginView{form_token, error}, sign_in_lang));
}

Response second_factor_page(int status, const std::string& csrf, const std::string& error) {
  return bare_page(status, sign_in_text("code.title"), render(SecondFactorView{csrf, error}, sign_in_lang));
}

}  // namespace

// ---- cookies -------------------------------------------------------------------------

std::optional<std::string> session_token_from_cookies(std::string_view header) {
  const std::string name = std::string(Console::cookie_name) + "=";
  std::size_t at = 0;
  while (at < header.size()) {
    while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
    auto end = header.find(';', at);
    if (end == std::string_view::npos) end = header.size();
    auto pair = header.substr(at, end - at);
    if (pair.substr(0, name.size()) == name) {
      auto value = pair.substr(name.size());
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (value.size() != 43) return std::nullopt;  // 32 random bytes, base64url
      for (char c : value)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
      return std::string(value);
    }
    at = end + 1;
  }
  return std::nullopt;
}

std::string session_cookie(const std::string& token) {
  return std::string(Console::cookie_name) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

std::string expired_session_cookie() {
  return std::string(Console::cookie_name) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
}

// ---- shared --------------------------------------------------------------------------

Console::Console(const config::Config& config, ConsoleStores stores, const triage::Engine& engine, Metrics& metrics)
    : config_(config),
      officers_(stores.officers),
      audit_log_(stores.audit),
      tips_(stores.tips),
      workflow_(stores.workflow),
      engine_(engine),
      ward_(engine.ward()),
      metrics_(metrics),
      login_tokens_(config.keys.form_token_key + "/admin-login", std::chrono::hours(1)),
      login_sources_(30, std::chrono::minutes(10)),
      totp_setup_key_(crypto::random_bytes(32)) {}

storage::OfficerStore::Attempt Console::claim_attempt(const storage::Officer& officer, std::int64_t now) {
  return officers_.claim_login_attempt(officer.id, now, static_cast<int>(config_.admin.max_failed_logins),
                                    now + config_.admin.lockout.count());
}

bool Console::totp_required() const { return officers_.setting(totp_required_setting) == std::optional<std::string>("1"); }

std::variant<Signed, Response> Console::require(const Request& r, Need need) {
  const auto now = unix_seconds(r);
  auto token = session_token_from_cookies(r.header("cookie"));
  if (!token) return redirect("/admin/login");
  const auto hash = token_hash(*token);
  auto session = officers_.find_session(hash);
  if (!session) return redirect("/admin/login");
  const bool idle = now - session->last_seen_at > config_.admin.idle_timeout.count();
  const bool old = now - session->created_at > config_.admin.absolute_timeout.count();
  auto officer = officers_.officer(session->officer_id);
  if (idle || old || !officer || officer->disabled) {
    officers_.delete_session(hash);
    auto response = redirect("/admin/login");
    response.with_header("Set-Cookie", expired_session_cookie());
    return response;
  }
  // Half-signed sessions may only finish signing in.
  if (session->stage == domain::SessionStage::second_factor) return redirect("/admin/login/code");
  if (session->stage == domain::SessionStage::change_password && r.path != "/admin/password")
    return redirect("/admin/password");
  if (now - session->last_seen_at >= touch_every_seconds) officers_.touch_session(hash, now);
  Signed who{*officer, *session, officer->language};
  // An admin can make TOTP mandatory; until it is set up, nothing else opens.
  // (After the first password is changed, not before: one step at a time.)
  if (session->stage == domain::SessionStage::full && !officer->totp_secret && r.path != "/admin/totp" &&
      r.path != "/admin/logout" && totp_required())
    return redirect("/admin/totp");
  if (role_rank(officer->role) < need_rank(need)) {
    log::warn("console.forbidden", {{"route", r.path}, {"role", domain::stored_name(officer->role)}});
    return page(who, who.text("forbidden.title"), forbidden_content(who.lang), 403);
  }
  return who;
}

std::optional<FormFields> Console::checked_form(const Request& r, const Signed& who) {
  auto parsed = parse_form_fields(r.body);
  if (!parsed.ok()) return std::nullopt;
  auto it = parsed.fields.find("csrf");
  if (it == parsed.fields.end() || !crypto::constant_time_equal(it->second, who.session.csrf_token)) {
    metrics_.count_rejected("console_csrf");
    log::warn("console.csrf_refused", {{"route", r.path}});
    return std::nullopt;
  }
  return parsed.fields;
}

Response Console::redirect(std::string location) const {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.with_header("Location", std::move(location));
  return r;
}

storage::AuditEvent Console::audit_event(const Signed& who, std::string action, std::optional<std::int64_t> tip,
                                         std::string detail, std::int64_t now) const {
  storage::AuditEvent e;
  e.at = now;
  e.officer_id = who.officer.id;
  e.actor = who.officer.username;
  e.action = std::move(action);
  e.tip_id = tip;
  e.detail = std::move(detail);
  return e;
}

Response Console::page(const Signed& who, std::string_view title, const Html& content, int status) const {
  Response response;
  response.status = status;
  response.body = render(LayoutView{who.lang, std::string(title), content,
                                    LayoutView::Menu{role_rank(who.officer.role), who.session.csrf_token,
                                                     who.officer.display_name}})
                      .str();
  return response;
}

std::string Console::area_name(const std::optional<std::string>& area_id) const {
  if (!area_id) return "—";
  for (const auto& area : ward_.areas)
    if (area.id == *area_id) return area.name;
  return *area_id;
}

std::int64_t Console::default_deadline(domain::Priority priority, std::int64_t now) const {
  auto it = config_.admin.deadlines.find(priority);
  return now + (it == config_.admin.deadlines.end() ? std::chrono::hours(7 * 24).count() : it->second.count());
}

std::string Console::local_time(std::int64_t unix_seconds) const {
  return local_time_text(unix_seconds, config_.form.utc_offset_minutes);
}

std::string Console::local_date(std::int64_t unix_seconds) const {
  std::time_t local = static_cast<std::time_t>(unix_seconds + std::int64_t{config_.form.utc_offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// ---- sign-in -------------------------------------------------------------------------

Response Console::show_login(const Request& r) {
  return login_page(200, login_tokens_.issue(unix_seconds(r)), "");
}

Response Console::start_session(const storage::Officer& officer, domain::SessionStage stage,
                                std::int64_t now, const std::optional<std::string>& replacing) {
  // A fresh token at every step of signing in: a token seen before login is useless after it.
  if (replacing) officers_.delete_session(*replacing);
  const std::string token = encoding::to_base64url(crypto::random_bytes(32));
  storage::Session session;
  session.token_hash = token_hash(token);
  session.officer_id = officer.id;
  session.csrf_token = encoding::to_base64url(crypto::random_bytes(32));
  session.stage = stage;
  session.created_at = now;
  session.last_seen_at = now;
  officers_.create_session(session);
  std::string next = "/admin";
  if (stage == domain::SessionStage::second_factor) next = "/admin/login/code";
  if (stage == domain::SessionStage::change_password) next = "/admin/password";
  auto response = redirect(next);
  response.with_header("Set-Cookie", session_cookie(token));
  return response;
}

Response Console::login(const Request& r) {
  const auto now = unix_seconds(r);
  auto parsed = parse_form_fields(r.body);
  auto again = [&](const std::string& error, int status) {
    return login_page(status, login_tokens_.issue(now), error);
  };
  if (!parsed.ok()) return again(sign_in_text("login.bad_form"), 400);
  auto& f = parsed.fields;
  if (login_tokens_.redeem(f["form_token"], now) != TokenCheck::ok)
    return again(sign_in_text("login.expired"), 400);
  if (!login_sources_.allow(r.source_key, now)) {
    metrics_.count_rejected("console_login_rate");
    return again(sign_in_text("login.too_many"), 429);
  }
  const std::string username = f["username"];
  auto officer = username.empty() || username.size() > 64 ? std::nullopt : officers_.find_officer(username);
  storage::AuditEvent event;
  event.at = now;
  event.actor = officer ? officer->username : "unknown";
  if (officer) event.officer_id = officer->id;
  const std::string& generic = sign_in_text("login.wrong");
  // Unknown and disabled accounts cost the same scrypt as a real check, so timing
  // does not tell them apart.
  constexpr char dummy_hash[] = "scrypt$ln=15$r=8$p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  if (!officer) {
    password::verify(f["password"], dummy_hash);
    event.action = "login_failed";
    event.detail = "unknown user";
    audit_log_.audit(event);
    return again(generic, 401);
  }
  if (officer->disabled) {
    password::verify(f["password"], dummy_hash);
    event.action = "login_failed";
    event.detail = "account disabled";
    audit_log_.audit(event);
    return again(generic, 401);
  }
  const std::string& locked_message = sign_in_text("login.locked");
  // The attempt is charged before the password is checked, so attempts sent at once
  // cannot all be checked before the first failure is counted.
  const auto attempt = claim_attempt(*officer, now);
  if (attempt == storage::OfficerStore::Attempt::locked) {
    event.action = "login_failed";
    event.detail = "account locked";
    audit_log_.audit(event);
    return again(locked_message, 429);
  }
  if (!password::verify(f["password"], officer->password_hash)) {
    const bool last = attempt == storage::OfficerStore::Attempt::last;
    event.action = "login_failed";
    event.detail = last ? "wrong password; account locked" : "wrong password";
    audit_log_.audit(event);
    return again(last ? locked_message : generic, 401);
  }
  if (officer->totp_secret) return start_session(*officer, domain::SessionStage::second_factor, now, std::nullopt);
  event.action = "login";
  officers_.record_login_success(officer->id, 0, event);
  return start_session(*officer, stage_after_sign_in(*officer), now, std::nullopt);
}

Response Console::show_second_factor(const Request& r) {
  auto token = session_token_from_cookies(r.header("cookie"));
  auto session = token ? officers_.find_session(token_hash(*token)) : std::nullopt;
  if (!session || session->stage != domain::SessionStage::second_factor) return redirect("/admin/login");
  return second_factor_page(200, session->csrf_token, "");
}

Response Console::second_factor(const Request& r) {
  const auto now = unix_seconds(r);
  auto token = session_token_from_cookies(r.header("cookie"));
  const auto hash = token ? token_hash(*token) : std::string();
  auto session = token ? officers_.find_session(hash) : std::nullopt;
  if (!session || session->stage != domain::SessionStage::second_factor ||
      now - session->created_at > 10 * 60)  // the password step is good for ten minutes
    return redirect("/admin/login");
  auto parsed = parse_form_fields(r.body);
  if (!parsed.ok() || !crypto::constant_time_equal(parsed.fields["csrf"], session->csrf_token))
    return redirect("/admin/login");
  auto officer = officers_.officer(session->officer_id);
  if (!officer || officer->disabled || !officer->totp_secret) return redirect("/admin/login");
  storage::AuditEvent event;
  event.at = now;
  event.actor = officer->username;
  event.officer_id = officer->id;
  const auto attempt = claim_attempt(*officer, now);
  if (attempt == storage::OfficerStore::Attempt::locked) {
    event.action = "login_failed";
    event.detail = "account locked";
    audit_log_.audit(event);
    officers_.delete_session(hash);
    return redirect("/admin/login");
  }
  auto check = totp::verify(*officer->totp_secret, parsed.fields["code"], now, officer->totp_last_step);
  event.action = "login";
  event.detail = "with code";
  // The step is claimed in the store, so a code raced through two sessions signs in once.
  if (check.ok && !officers_.record_login_success(officer->id, check.step, event)) check.ok = false;
  if (!check.ok) {
    const bool lock = attempt == storage::OfficerStore::Attempt::last;
    event.action = "login_failed";
    event.detail = lock ? "wrong or used code; account locked" : "wrong or used code";
    audit_log_.audit(event);
    if (lock) {
      officers_.delete_session(hash);
      return redirect("/admin/login");
    }
    return second_factor_page(401, session->csrf_token, sign_in_text("code.wrong"));
  }
  return start_session(*officer, stage_after_sign_in(*officer), now, hash);
}

namespace {

Response password_page(const Console& console, const Signed& who, const std::string& error, int status) {
  return console.page(who, who.text("password.title"), render(PasswordView{who.session.csrf_token, error}, who.lang),
                      status);
}

Response totp_problem(const Console& console, const Signed& who, const std::string& message) {
  return console.page(who, who.text("totp.page_title"),
                      render(ProblemView{message, "/admin/totp", who.text("totp.try_again")}, who.lang), 400);
}

}  // namespace

Response Console::show_change_password(const Request&, const Signed& who) {
  return password_page(*this, who, "", 200);
}

Response Console::change_password(const Request& r, const Signed& who, FormFields& f) {
  const auto now = unix_seconds(r);
  // A session holder guessing the password is limited like any other sign-in.
  const auto attempt = claim_attempt(who.officer, now);
  if (attempt == storage::OfficerStore::Attempt::locked || !password::verify(f["current"], who.officer.password_hash)) {
    const bool lock = attempt != storage::OfficerStore::Attempt::allowed;
    audit_log_.audit(audit_event(who, "login_failed", std::nullopt,
                             lock ? "wrong current password; account locked" : "wrong current password", now));
    if (lock) {
      officers_.delete_session(who.session.token_hash);
      auto response = redirect("/admin/login");
      response.with_header("Set-Cookie", expired_session_cookie());
      return response;
    }
    return password_page(*this, who, who.text("password.wrong_current"), 400);
  }
  if (f["new"] != f["again"])
    return password_page(*this, who, who.text("password.differ"), 400);
  if (password::verify(f["new"], who.officer.password_hash))
    return password_page(*this, who, who.text("password.same"), 400);
  auto policy = password::check_policy(f["new"], who.officer.username);
  if (!policy.ok)
    return password_page(*this, who, who.lang == domain::Language::en ? policy.problem_en : policy.problem_vi, 400);
  // Changing the password ends every session of the officer, this one included;
  // a fresh one is issued at once.
  officers_.set_password(who.officer.id, password::hash(f["new"]), false,
                      audit_event(who, "password_changed", std::nullopt, "", now));
  auto officer = officers_.officer(who.officer.id);
  return start_session(*officer, domain::SessionStage::full, now, std::nullopt);
}

std::string Console::offered_totp_secret(const Signed& who) const {
  // Derived on the server from a key that exists only in this process, the session and
  // the officer's current key: never sent back by the client, so no weak or chosen
  // secret can be set. The same page shows the same key until it is set (or the
  // session or the process ends).
  const std::string current = who.officer.totp_secret ? crypto::sha256(*who.officer.totp_secret) : "";
  const std::string material = "totp-setup\x1f" + who.session.token_hash + "\x1f" + current;
  return crypto::hmac_sha256(totp_setup_key_, material).substr(0, totp::secret_size);
}

Response Console::show_totp_setup(const Request&, const Signed& who) {
  // The key only becomes the officer's after they prove, with a code, that their app holds it.
  const std::string secret = offered_totp_secret(who);
  return page(who, who.text("totp.page_title"),
              render(TotpView{who.session.csrf_token, who.officer.totp_secret.has_value(), totp::display_secret(secret),
                              totp::otpauth_uri("Tipline", who.officer.username, secret)},
                     who.lang));
}

Response Console::totp_setup(const Request& r, const Signed& who, FormFields& form) {
  const auto now = unix_seconds(r);
  // Whatever the form says, the key is the one this session was offered.
  const auto secret = std::optional<std::string>(offered_totp_secret(who));
  // Replacing a key takes a code from the old one: a stolen session alone cannot
  // move an officer's second factor to another phone.
  if (who.officer.totp_secret) {
    const auto attempt = claim_attempt(who.officer, now);
    auto current = totp::verify(*who.officer.totp_secret, form["current_code"], now, who.officer.totp_last_step);
    storage::AuditEvent claim = audit_event(who, "totp_confirmed", std::nullopt, "", now);
    if (attempt == storage::OfficerStore::Attempt::locked || !current.ok ||
        !officers_.record_login_success(who.officer.id, current.step, claim)) {
      audit_log_.audit(audit_event(who, "login_failed", std::nullopt, "wrong code for key change", now));
      return totp_problem(*this, who, who.text("totp.wrong_current"));
    }
  }
  auto check = totp::verify(*secret, form["code"], now, -1);
  if (!check.ok)
    return totp_problem(*this, who, who.text("totp.wrong_code"));
  officers_.set_totp(who.officer.id, *secret, check.step, audit_event(who, "totp_set", std::nullopt, "", now));
  return redirect("/admin");
}

Response Console::logout(const Request& r) {
  auto token = session_token_from_cookies(r.header("cookie"));
  if (token) {
    const auto hash = token_hash(*token);
    if (auto session = officers_.find_session(hash)) {
      auto parsed = parse_form_fields(r.body);
      if (!parsed.ok() || !crypto::constant_time_equal(parsed.fields["csrf"], session->csrf_token))
        return text_response(403, "forbidden\n");
      officers_.delete_session(hash);
      if (auto officer = officers_.officer(session->officer_id)) {
        storage::AuditEvent event;
        event.at = unix_seconds(r);
        event.officer_id = officer->id;
        event.actor = officer->username;
        event.action = "logout";
        audit_log_.audit(event);
      }
    }
  }
  auto response = redirect("/admin/login");
  response.with_header("Set-Cookie", expired_session_cookie());
  return response;
}

Response Console::set_language(const Request&, const Signed& who, FormFields& form) {
  // Anything but a language the vocabulary knows leaves the console in Vietnamese.
  const auto lang = domain::parse<domain::Language>(form["lang"]).value_or(domain::Language::vi);
  officers_.set_language(who.officer.id, lang);
  return redirect("/admin");
}

}  // namespace tipline::handlers
