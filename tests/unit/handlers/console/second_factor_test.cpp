// The console's second factor in process: the code step after the password, setting
// up and replacing a key, the admins' switch making it compulsory, and wrong codes
// counting towards the lockout.
#include <catch2/catch.hpp>

#include <regex>

#include "common/totp.hpp"
#include "support/console_in_process.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;
namespace totp = tipline::totp;

namespace {

// The one session there is, which a test expects.
const tipline::storage::Session& only_session(ConsoleInProcess& site) {
  REQUIRE(site.officers.sessions().size() == 1);
  return site.officers.sessions().begin()->second;
}

}  // namespace

TEST_CASE("console TOTP: an account with TOTP needs the code, with a fresh cookie at each step", "[console][totp]") {
  ConsoleInProcess site;
  const auto secret = totp::new_secret();
  const auto id = site.officer("lan", domain::Role::officer, false, secret);
  auto client = site.browser();

  auto r = client.login("lan", password);
  REQUIRE(outcome(r) == "303 /admin/login/code");
  const std::string before_code = client.cookie();
  REQUIRE_FALSE(before_code.empty());
  CHECK(only_session(site).stage == domain::SessionStage::second_factor);
  // No login audit yet: only the password is proven.
  CHECK(site.audit.events("login").empty());

  // Every other page sends the half-signed session to the code.
  for (const char* page : {"/admin", "/admin/queue", "/admin/tip?id=1", "/admin/totp", "/admin/password",
                           "/admin/report", "/admin/accounts"}) {
    INFO(page);
    CHECK(outcome(client.get(page)) == "303 /admin/login/code");
  }
  auto code_page = client.get("/admin/login/code");
  REQUIRE(code_page.status == 200);
  REQUIRE_FALSE(ConsoleBrowser::csrf_of(code_page.body).empty());

  SECTION("a code posted without the page's CSRF token is not accepted") {
    auto bare = client.post("/admin/login/code", {{"code", totp::code_at(secret, site.now)}});
    CHECK(outcome(bare) == "303 /admin/login");
    CHECK(client.cookie() == before_code);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login/code");
    CHECK(site.audit.events("login").empty());
  }

  SECTION("the password step is good for ten minutes") {
    site.now += 10 * 60 + 1;
    CHECK(outcome(client.code(totp::code_at(secret, site.now))) == "303 /admin/login");
    CHECK(site.audit.events("login").empty());
  }

  SECTION("a wrong code is refused; the right one signs in and rotates the cookie") {
    auto wrong = client.code(wrong_code(secret, site.now));
    CHECK(wrong.status == 401);
    CHECK(wrong.header("set-cookie").empty());
    CHECK(client.cookie() == before_code);
    // Both steps are charged until the code succeeds: the right password alone does
    // not reset the count, or it could be replayed to guess codes without end.
    CHECK(site.officers.officer(id)->failed_logins == 2);
    CHECK(site.audit.events("login_failed").size() == 1);

    const std::string code = totp::code_at(secret, site.now);
    auto right = client.code(code);
    REQUIRE(outcome(right) == "303 /admin");
    const std::string after_code = client.cookie();
    REQUIRE_FALSE(after_code.empty());
    CHECK(after_code != before_code);
    CHECK(only_session(site).stage == domain::SessionStage::full);
    CHECK(client.get("/admin/queue").status == 200);
    CHECK(site.officers.officer(id)->failed_logins == 0);
    auto logins = site.audit.events("login");
    REQUIRE(logins.size() == 1);
    CHECK(logins[0].officer_id == id);
    CHECK(logins[0].detail == "with code");

    // The pre-code cookie is dead, for pages and for the code step alike.
    auto stale = site.browser();
    stale.set_cookie(before_code);
    CHECK(outcome(stale.get("/admin/queue")) == "303 /admin/login");
    CHECK(outcome(stale.get("/admin/login/code")) == "303 /admin/login");

    // The same code cannot sign in again (replay), though the password step passes.
    auto replay = site.browser();
    REQUIRE(outcome(replay.login("lan", password)) == "303 /admin/login/code");
    CHECK(replay.code(code).status == 401);
    CHECK(outcome(replay.get("/admin/queue")) == "303 /admin/login/code");
    // Nor can any code of an earlier step.
    CHECK(replay.code(totp::code_at(secret, site.now - 30)).status == 401);
    CHECK(site.audit.events("login").size() == 1);
  }
}

TEST_CASE("console TOTP: wrong codes count towards the lockout", "[console][throttle][totp]") {
  ConsoleInProcess site([](tipline::config::Config& c) { c.admin.max_failed_logins = 3; });
  const auto secret = totp::new_secret();
  const auto id = site.officer("lan", domain::Role::officer, false, secret);
  auto client = site.browser();
  REQUIRE(outcome(client.login("lan", password)) == "303 /admin/login/code");
  const auto bad = wrong_code(secret, site.now);
  CHECK(client.code(bad).status == 401);
  // The password and two wrong codes use up three attempts: the second wrong code
  // locks the account and ends the half-signed session.
  CHECK(outcome(client.code(bad)) == "303 /admin/login");
  CHECK(site.officers.officer(id)->locked_until > site.now);
  CHECK(site.officers.sessions().empty());
  CHECK(outcome(client.get("/admin/login/code")) == "303 /admin/login");
  CHECK(client.login("lan", password).status == 429);
}

TEST_CASE("console TOTP: an officer turns TOTP on from the security page", "[console][totp]") {
  ConsoleInProcess site;
  const auto id = site.officer("minh", domain::Role::officer);
  auto client = site.signed_in("minh");

  auto page = client.get("/admin/totp");
  REQUIRE(page.status == 200);
  std::smatch m;
  REQUIRE(std::regex_search(page.body, m, std::regex(R"(id="totp-secret">([^<]*)<)")));
  const std::string display = m[1].str();
  CHECK(std::regex_match(display, std::regex(R"([A-Z2-7]{4}( [A-Z2-7]{4})*)")));
  auto shown = totp::secret_from_base32(display);
  REQUIRE(shown);
  CHECK(shown->size() == totp::secret_size);
  const std::string secret = *shown;
  const std::string b32 = totp::secret_to_base32(secret);
  // The key stays on the server: the form does not carry it, and the page shows the
  // same key again until it is set.
  CHECK(hidden_field(page.body, "secret").empty());
  CHECK_THAT(client.get("/admin/totp").body, Catch::Contains(display));

  SECTION("a wrong code leaves it off") {
    auto r = client.post_csrf("/admin/totp", {{"code", wrong_code(secret, site.now)}});
    CHECK(r.status == 400);
    CHECK_FALSE(site.officers.officer(id)->totp_secret);
    CHECK(site.audit.events("totp_set").empty());
  }

  SECTION("a key the client chooses is never taken, not even twenty zero bytes") {
    const std::string zeros(totp::secret_size, '\0');
    auto r = client.post_csrf("/admin/totp",
                              {{"secret", totp::secret_to_base32(zeros)}, {"code", totp::code_at(zeros, site.now)}});
    CHECK(r.status == 400);
    CHECK_FALSE(site.officers.officer(id)->totp_secret);
    CHECK(site.audit.events("totp_set").empty());
  }

  SECTION("the right code turns it on, and the next sign-in asks for a code") {
    const auto enrolled_at = site.now;
    auto r = client.post_csrf("/admin/totp", {{"secret", b32}, {"code", totp::code_at(secret, enrolled_at)}});
    REQUIRE(outcome(r) == "303 /admin");
    auto officer = site.officers.officer(id);
    REQUIRE(officer->totp_secret);
    CHECK(*officer->totp_secret == secret);
    CHECK(officer->totp_last_step == totp::step_at(enrolled_at));
    CHECK(site.audit.events("totp_set").size() == 1);
    // The signed-in session goes on.
    CHECK(client.get("/admin/queue").status == 200);

    auto next = site.browser();
    REQUIRE(outcome(next.login("minh", password)) == "303 /admin/login/code");
    // The enrolment code was used up; the next step's code works.
    CHECK(next.code(totp::code_at(secret, enrolled_at)).status == 401);
    site.now = (totp::step_at(enrolled_at) + 1) * totp::period_seconds;
    auto in = next.code(totp::code_at(secret, site.now));
    CHECK(outcome(in) == "303 /admin");
    CHECK(next.get("/admin/queue").status == 200);
  }

  SECTION("replacing the key takes a code from the old one") {
    REQUIRE(outcome(client.post_csrf("/admin/totp", {{"secret", b32}, {"code", totp::code_at(secret, site.now)}})) ==
            "303 /admin");
    std::smatch offered;
    const auto again = client.get("/admin/totp").body;
    REQUIRE(std::regex_search(again, offered, std::regex(R"(id="totp-secret">([^<]*)<)")));
    const auto other = *totp::secret_from_base32(offered[1].str());
    CHECK(other != secret);  // a new key is offered once one is set
    const std::string other_b32 = totp::secret_to_base32(other);
    site.now += totp::period_seconds;
    auto refused = client.post_csrf("/admin/totp", {{"secret", other_b32},
                                                    {"current_code", wrong_code(secret, site.now)},
                                                    {"code", totp::code_at(other, site.now)}});
    CHECK(refused.status == 400);
    CHECK(site.officers.officer(id)->totp_secret == std::optional<std::string>(secret));
    CHECK(site.audit.events("login_failed").size() == 1);
    auto replaced = client.post_csrf("/admin/totp", {{"secret", other_b32},
                                                     {"current_code", totp::code_at(secret, site.now)},
                                                     {"code", totp::code_at(other, site.now)}});
    CHECK(outcome(replaced) == "303 /admin");
    CHECK(site.officers.officer(id)->totp_secret == std::optional<std::string>(other));
  }
}

TEST_CASE("console TOTP: when an admin makes TOTP mandatory, officers without it must set it up first",
          "[console][totp]") {
  ConsoleInProcess site;
  site.officer("quantri", domain::Role::admin);
  const auto id = site.officer("hoa", domain::Role::officer);
  const auto tip = site.tip("Có người bán ma túy ở hẻm 12");

  // Through the settings page, which only an admin may post.
  {
    auto officer = site.signed_in("hoa");
    CHECK(officer.post_csrf("/admin/settings", {{"totp_required", "1"}}).status == 403);
    REQUIRE_FALSE(site.officers.setting("totp_required"));
    auto admin = site.signed_in("quantri");
    CHECK(outcome(admin.post_csrf("/admin/settings", {{"totp_required", "1"}})) == "303 /admin/accounts");
    REQUIRE(site.officers.setting("totp_required") == std::optional<std::string>("1"));
    // Saying it again changes nothing and audits nothing.
    admin.post_csrf("/admin/settings", {{"totp_required", "1"}});
    CHECK(site.audit.events("setting").size() == 1);
  }

  auto client = site.signed_in("hoa");
  for (const auto& page : std::vector<std::string>{"/admin", "/admin/queue", "/admin/queue?mine=1", "/admin/team",
                                                  "/admin/report", "/admin/password",
                                                  "/admin/tip?id=" + std::to_string(tip.id)}) {
    INFO(page);
    CHECK(outcome(client.get(page)) == "303 /admin/totp");
  }
  // Posts other than the setup itself are turned away too, and change nothing.
  const std::string csrf = client.fresh_csrf("/admin/totp");
  REQUIRE_FALSE(csrf.empty());
  CHECK(outcome(client.post("/admin/language", {{"csrf", csrf}, {"lang", "en"}})) == "303 /admin/totp");
  CHECK(site.officers.officer(id)->language == domain::Language::vi);
  CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", std::to_string(tip.id)}, {"text", "x"}})) ==
        "303 /admin/totp");
  CHECK(site.tips.load_tip(tip.id)->messages.size() == 1);

  // Setting it up opens the console.
  auto page = client.get("/admin/totp");
  REQUIRE(page.status == 200);
  std::smatch shown;
  REQUIRE(std::regex_search(page.body, shown, std::regex(R"(id="totp-secret">([^<]*)<)")));
  auto secret = totp::secret_from_base32(shown[1].str());
  REQUIRE(secret);
  REQUIRE(outcome(client.post_csrf("/admin/totp", {{"code", totp::code_at(*secret, site.now)}})) == "303 /admin");
  CHECK(client.get("/admin/queue").status == 200);

  // Logging out still works for those who have not set it up.
  auto admin = site.signed_in("quantri");
  auto admin_csrf = ConsoleBrowser::csrf_of(admin.get("/admin/totp").body);
  CHECK(outcome(admin.post("/admin/logout", {{"csrf", admin_csrf}})) == "303 /admin/login");
  CHECK(admin.cookie().empty());
  CHECK(site.audit.events("logout").size() == 1);
}

TEST_CASE("console TOTP: a new account can sign in while TOTP is mandatory", "[console][totp]") {
  ConsoleInProcess site;
  site.officers.set_setting("totp_required", "1", {});
  const std::string temporary = "tam-thoi-abcd-2345";
  create_officer(site.officers, "moi", domain::Role::officer, temporary, /*must_change=*/true);
  auto client = site.browser();
  REQUIRE(outcome(client.login("moi", temporary)) == "303 /admin/password");
  std::vector<std::string> hops{"/admin/password"};
  HttpResult page;
  for (int i = 0; i < 6; ++i) {
    page = client.get(hops.back());
    if (page.status != 303) break;
    hops.push_back(page.header("location"));
  }
  std::string chain;
  for (const auto& hop : hops) chain += hop + " ";
  INFO("redirects: " << chain);
  REQUIRE(page.status == 200);
}

TEST_CASE("console TOTP: with a one-time password, the code comes first, then the new password",
          "[console][password][totp]") {
  ConsoleInProcess site;
  const auto secret = totp::new_secret();
  const std::string temporary = "abcd-efgh-jkmn-pqrs";
  const auto id = create_officer(site.officers, "thu", domain::Role::officer, temporary, /*must_change=*/true, secret);
  auto client = site.browser();
  REQUIRE(outcome(client.login("thu", temporary)) == "303 /admin/login/code");
  CHECK(outcome(client.get("/admin/password")) == "303 /admin/login/code");
  REQUIRE(outcome(client.code(totp::code_at(secret, site.now))) == "303 /admin/password");
  CHECK(outcome(client.get("/admin/queue")) == "303 /admin/password");
  auto form = client.get("/admin/password");
  REQUIRE(form.status == 200);
  auto r = client.post("/admin/password", {{"csrf", ConsoleBrowser::csrf_of(form.body)},
                                           {"current", temporary},
                                           {"new", "river-lamp-quiet-7731"},
                                           {"again", "river-lamp-quiet-7731"}});
  REQUIRE(outcome(r) == "303 /admin");
  CHECK(client.get("/admin/queue").status == 200);
  CHECK_FALSE(site.officers.officer(id)->must_change_password);
  // TOTP stays on.
  CHECK(site.officers.officer(id)->totp_secret == std::optional<std::string>(secret));
}
