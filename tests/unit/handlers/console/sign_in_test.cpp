// Signing in to the console in process: passwords, the login form's token, the
// account's lockout, the per-source limit, the first password and what the audit log
// records of it all.
#include <catch2/catch.hpp>

#include "support/console_in_process.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;
namespace handlers = tipline::handlers;

TEST_CASE("console sign-in: the right password signs in, a wrong one or an unknown user does not",
          "[console][sign-in]") {
  ConsoleInProcess site;
  const auto id = site.officer("tuan", domain::Role::officer);
  auto client = site.browser();

  SECTION("the login page is a form with a token") {
    auto page = client.get("/admin/login");
    REQUIRE(page.status == 200);
    REQUIRE_FALSE(hidden_field(page.body, "form_token").empty());
    REQUIRE_THAT(page.body, Catch::Contains("name=\"username\"") && Catch::Contains("name=\"password\""));
    REQUIRE(page.header("set-cookie").empty());
    CHECK(site.officers.sessions().empty());
  }

  SECTION("right password") {
    auto r = client.login("tuan", password);
    REQUIRE(outcome(r) == "303 /admin");
    REQUIRE_FALSE(client.cookie().empty());
    REQUIRE(outcome(client.get("/admin")) == "303 /admin/queue");
    auto queue = client.get("/admin/queue");
    REQUIRE(queue.status == 200);
    REQUIRE_THAT(queue.body, Catch::Contains("Cán bộ tuan"));
    REQUIRE_FALSE(client.csrf().empty());
    // One full session, holding a hash of the cookie and never the cookie.
    REQUIRE(site.officers.sessions().size() == 1);
    const auto& session = site.officers.sessions().begin()->second;
    CHECK(session.officer_id == id);
    CHECK(session.stage == domain::SessionStage::full);
    CHECK(session.csrf_token == client.csrf());
    CHECK_FALSE(site.officers.find_session(client.cookie()));
    const auto logins = site.audit.events("login");
    REQUIRE(logins.size() == 1);
    CHECK(logins[0].officer_id == id);
  }

  SECTION("the user name is not case-sensitive") {
    REQUIRE(outcome(client.login("TUAN", password)) == "303 /admin");
  }

  SECTION("wrong password, then unknown user: the same answer, no cookie") {
    auto wrong = client.login("tuan", "not-the-password-at-all");
    REQUIRE(wrong.status == 401);
    REQUIRE(wrong.header("set-cookie").empty());
    REQUIRE(client.cookie().empty());
    const auto message = error_message(wrong.body);
    REQUIRE_FALSE(message.empty());
    CHECK(site.officers.officer(id)->failed_logins == 1);

    auto unknown = client.login("khong-ai-ca", "not-the-password-at-all");
    REQUIRE(unknown.status == 401);
    REQUIRE(unknown.header("set-cookie").empty());
    REQUIRE(error_message(unknown.body) == message);

    // Each refusal hands out a fresh form for the next try.
    REQUIRE_FALSE(hidden_field(wrong.body, "form_token").empty());
    REQUIRE(outcome(client.get("/admin/queue")) == "303 /admin/login");
    CHECK(site.officers.sessions().empty());
    CHECK(site.audit.events("login").empty());
  }

  SECTION("an empty or overlong user name is refused like an unknown one") {
    REQUIRE(client.login("", password).status == 401);
    REQUIRE(client.login(std::string(65, 'a'), password).status == 401);
    CHECK(site.officers.sessions().empty());
  }
}

TEST_CASE("console sign-in: the login form needs a valid, unused form token", "[console][sign-in][csrf]") {
  ConsoleInProcess site;
  site.officer("tuan", domain::Role::officer);
  auto client = site.browser();

  CHECK(client.login_with_token("tuan", password, "").status == 400);
  CHECK(client.login_with_token("tuan", password, "garbage").status == 400);
  // The resident form's token is signed for another purpose.
  handlers::FormTokens resident_form(site.config.keys.form_token_key, site.config.form.token_lifetime);
  CHECK(client.login_with_token("tuan", password, resident_form.issue(site.now)).status == 400);
  // A token works once, and only for an hour.
  const auto token = hidden_field(client.get("/admin/login").body, "form_token");
  const auto stale = hidden_field(client.get("/admin/login").body, "form_token");
  REQUIRE(outcome(client.login_with_token("tuan", password, token)) == "303 /admin");
  auto again = site.browser();
  auto replayed = again.login_with_token("tuan", password, token);
  CHECK(replayed.status == 400);
  CHECK(replayed.header("set-cookie").empty());
  CHECK(again.cookie().empty());
  site.now += 3601;
  CHECK(again.login_with_token("tuan", password, stale).status == 400);
  // None of these were a login attempt on the account.
  CHECK(site.officers.find_officer("tuan")->failed_logins == 0);
  CHECK(site.audit.events("login_failed").empty());
  CHECK(site.officers.sessions().size() == 1);
}

TEST_CASE("console sign-in: repeated wrong passwords lock the account for a while", "[console][throttle]") {
  ConsoleInProcess site([](tipline::config::Config& c) {
    c.admin.max_failed_logins = 3;
    c.admin.lockout = std::chrono::minutes(15);
  });
  const auto id = site.officer("duc", domain::Role::officer);
  auto client = site.browser();

  REQUIRE(client.login("duc", "wrong-password-1").status == 401);
  REQUIRE(client.login("duc", "wrong-password-2").status == 401);
  CHECK(site.officers.officer(id)->failed_logins == 2);
  CHECK(site.officers.officer(id)->locked_until == 0);
  auto third = client.login("duc", "wrong-password-3");
  REQUIRE(third.status == 401);
  CHECK(site.officers.officer(id)->locked_until == site.now + 15 * 60);

  // Now even the right password is refused, and nothing is signed in.
  site.now += 15 * 60 - 1;
  auto locked = client.login("duc", password);
  CHECK(locked.status == 429);
  CHECK(locked.header("set-cookie").empty());
  CHECK(client.cookie().empty());
  CHECK(site.officers.sessions().empty());
  CHECK(error_message(locked.body) != error_message(client.login("nobody-here", password).body));
  bool audited = false;
  for (const auto& e : site.audit.events("login_failed"))
    audited = audited || (e.officer_id == id && e.detail == "account locked");
  CHECK(audited);

  SECTION("when the lockout has passed, the right password works again") {
    site.now += 1;
    REQUIRE(outcome(client.login("duc", password)) == "303 /admin");
    CHECK(client.get("/admin/queue").status == 200);
    CHECK(site.officers.officer(id)->locked_until == 0);
  }

  SECTION("when the lockout has passed, the count starts afresh") {
    site.now += 1;
    CHECK(client.login("duc", "wrong-again-1").status == 401);
    CHECK(site.officers.officer(id)->locked_until <= site.now);
    CHECK(outcome(client.login("duc", password)) == "303 /admin");
  }
}

TEST_CASE("console sign-in: one source gets 30 login attempts per ten minutes", "[console][throttle]") {
  // The account's own lockout is out of the way: these are about the source.
  ConsoleInProcess site([](tipline::config::Config& c) { c.admin.max_failed_logins = 1000; });
  site.officer("tuan", domain::Role::officer);
  auto client = site.browser("source-1");
  for (int i = 1; i <= 30; ++i) {
    INFO("attempt " << i);
    REQUIRE(client.login("tuan", "wrong-password-" + std::to_string(i)).status == 401);
  }
  auto limited = client.login("tuan", password);
  CHECK(limited.status == 429);
  CHECK(limited.header("set-cookie").empty());
  CHECK(client.login("nobody-here", "x").status == 429);
  CHECK(site.officers.sessions().empty());
  CHECK_THAT(site.metrics.render(), Catch::Contains("reason=\"console_login_rate\"} 2"));

  // Another source is not held up by it, and the window passes.
  CHECK(outcome(site.browser("source-2").login("tuan", password)) == "303 /admin");
  site.now += 10 * 60;
  CHECK(outcome(client.login("tuan", password)) == "303 /admin");
}

TEST_CASE("console sign-in: sign-ins, failures and logouts are in the audit log, without secrets",
          "[console][audit]") {
  ConsoleInProcess site;
  const auto id = site.officer("tuan", domain::Role::officer);
  auto client = site.browser();
  const std::string wrong = "secret-typo-password-42";
  REQUIRE(client.login("tuan", wrong).status == 401);
  REQUIRE(client.login("nguoi-la", wrong).status == 401);
  REQUIRE(outcome(client.login("tuan", password)) == "303 /admin");
  REQUIRE(outcome(client.post("/admin/logout", {{"csrf", client.fresh_csrf("/admin/queue")}})) == "303 /admin/login");

  auto logins = site.audit.events("login");
  REQUIRE(logins.size() == 1);
  CHECK(logins[0].officer_id == id);
  CHECK(logins[0].actor == "tuan");

  auto failures = site.audit.events("login_failed");
  REQUIRE(failures.size() == 2);
  bool known = false, unknown = false;
  for (const auto& f : failures) {
    known = known || (f.officer_id == id && f.actor == "tuan" && f.detail == "wrong password");
    unknown = unknown || (!f.officer_id && f.actor == "unknown" && f.detail == "unknown user");
  }
  CHECK(known);
  CHECK(unknown);

  auto logouts = site.audit.events("logout");
  REQUIRE(logouts.size() == 1);
  CHECK(logouts[0].officer_id == id);

  // Neither passwords nor unknown user names end up in the log.
  for (const auto& e : site.audit.entries()) {
    CHECK(e.event.detail.find(wrong) == std::string::npos);
    CHECK(e.event.detail.find(password) == std::string::npos);
    CHECK(e.event.actor != "nguoi-la");
    CHECK(e.event.detail.find("nguoi-la") == std::string::npos);
  }
  CHECK(site.audit.entries().size() == 5);  // account created, two failures, login, logout
}

TEST_CASE("console sign-in: an account with a one-time password must choose its own first", "[console][password]") {
  ConsoleInProcess site;
  const std::string temporary = "abcd-efgh-jkmn-pqrs";
  const auto id = create_officer(site.officers, "thu", domain::Role::officer, temporary, /*must_change=*/true);
  const auto tip = site.tip("Có người bán ma túy ở hẻm 12");
  auto client = site.browser();
  REQUIRE(outcome(client.login("thu", temporary)) == "303 /admin/password");
  REQUIRE(site.officers.sessions().begin()->second.stage == domain::SessionStage::change_password);
  for (const auto& page : std::vector<std::string>{"/admin", "/admin/queue", "/admin/totp", "/admin/report",
                                                  "/admin/team", "/admin/tip?id=" + std::to_string(tip.id)}) {
    INFO(page);
    CHECK(outcome(client.get(page)) == "303 /admin/password");
  }
  auto form = client.get("/admin/password");
  REQUIRE(form.status == 200);
  const auto csrf = ConsoleBrowser::csrf_of(form.body);
  REQUIRE_FALSE(csrf.empty());
  // Nothing else can be posted meanwhile.
  CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", std::to_string(tip.id)}, {"text", "x"}})) ==
        "303 /admin/password");
  CHECK(site.tips.load_tip(tip.id)->messages.size() == 1);
  const auto hash_before = site.officers.officer(id)->password_hash;

  auto change = [&](const std::string& current, const std::string& next, const std::string& again) {
    return client.post("/admin/password", {{"csrf", csrf}, {"current", current}, {"new", next}, {"again", again}});
  };

  SECTION("a weak new password is refused with a message") {
    auto r = change(temporary, "short", "short");
    CHECK(r.status == 400);
    CHECK_THAT(error_message(r.body), Catch::Contains("12"));
    r = change(temporary, "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa");
    CHECK(r.status == 400);
    CHECK_FALSE(error_message(r.body).empty());
    r = change(temporary, "thu-thu-thu-thu-2025", "thu-thu-thu-thu-2025");  // contains the user name
    CHECK(r.status == 400);
    CHECK_FALSE(error_message(r.body).empty());
    CHECK(site.officers.officer(id)->must_change_password);
    CHECK(site.officers.officer(id)->password_hash == hash_before);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/password");
  }

  SECTION("keeping the one-time password (which an admin saw) is refused") {
    auto r = change(temporary, temporary, temporary);
    CHECK(r.status == 400);
    CHECK_FALSE(error_message(r.body).empty());
    CHECK(site.officers.officer(id)->must_change_password);
  }

  SECTION("a wrong current password or a mismatch is refused") {
    CHECK(change("not-the-temporary", "river-lamp-quiet-7731", "river-lamp-quiet-7731").status == 400);
    CHECK(change(temporary, "river-lamp-quiet-7731", "river-lamp-quiet-7732").status == 400);
    CHECK(site.officers.officer(id)->must_change_password);
    CHECK(site.officers.officer(id)->password_hash == hash_before);
    // The wrong current password was charged like any sign-in attempt.
    CHECK(site.officers.officer(id)->failed_logins == 2);
    CHECK(site.audit.events("login_failed").size() == 1);
  }

  SECTION("a good one works; the one-time password no longer does") {
    const std::string before = client.cookie();
    auto r = change(temporary, "river-lamp-quiet-7731", "river-lamp-quiet-7731");
    REQUIRE(outcome(r) == "303 /admin");
    CHECK(client.cookie() != before);
    REQUIRE(site.officers.sessions().size() == 1);
    CHECK(site.officers.sessions().begin()->second.stage == domain::SessionStage::full);
    CHECK(client.get("/admin/queue").status == 200);
    CHECK_FALSE(site.officers.officer(id)->must_change_password);
    CHECK(site.audit.events("password_changed").size() == 1);

    auto later = site.browser();
    CHECK(later.login("thu", temporary).status == 401);
    CHECK(outcome(later.login("thu", "river-lamp-quiet-7731")) == "303 /admin");
    CHECK(later.get("/admin/queue").status == 200);
  }
}
