// Console sessions in process: the cookie that names one, its idle and absolute
// timeouts, logout, and the account changes that end it; and the language kept with
// the account.
#include <catch2/catch.hpp>

#include "common/crypto.hpp"
#include "support/console_in_process.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;

namespace {

tipline::storage::AuditEvent by_admin(std::string action) {
  tipline::storage::AuditEvent e;
  e.actor = "admin";
  e.action = std::move(action);
  return e;
}

}  // namespace

TEST_CASE("console sessions: a missing, unknown or malformed cookie leads back to the login", "[console][sessions]") {
  ConsoleInProcess site;
  site.officer("tuan", domain::Role::officer);
  auto client = site.browser();
  for (const std::string& value : {std::string(), std::string(43, 'A'), std::string("short"),
                                   std::string(43, '!'), std::string(44, 'B')}) {
    INFO("cookie value '" << value << "'");
    client.set_cookie(value);
    for (const char* page : {"/admin", "/admin/queue", "/admin/tip?id=1", "/admin/totp", "/admin/password"})
      CHECK(outcome(client.get(page)) == "303 /admin/login");
  }
  // Nor can such a cookie post anything.
  client.set_cookie(std::string(43, 'A'));
  CHECK(outcome(client.post("/admin/language", {{"csrf", "x"}, {"lang", "en"}})) == "303 /admin/login");
  CHECK(site.officers.officer(1)->language == domain::Language::vi);
}

TEST_CASE("console sessions: sessions end when idle, when old, and at logout", "[console][sessions]") {
  ConsoleInProcess site;
  const auto id = site.officer("tuan", domain::Role::officer);
  const auto idle = site.config.admin.idle_timeout.count();
  auto client = site.signed_in("tuan");
  REQUIRE(client.get("/admin/queue").status == 200);
  const std::string cookie = client.cookie();
  const std::string hash = tipline::crypto::sha256(cookie);
  REQUIRE(site.officers.sessions().size() == 1);
  REQUIRE(site.officers.find_session(hash));

  SECTION("just inside the idle timeout, the session goes on and is touched") {
    site.now += idle - 120;
    CHECK(client.get("/admin/queue").status == 200);
    CHECK(site.officers.find_session(hash)->last_seen_at == site.now);
    // Touched at most once a minute, not on every page.
    site.now += 30;
    CHECK(client.get("/admin/queue").status == 200);
    CHECK(site.officers.find_session(hash)->last_seen_at == site.now - 30);
  }

  SECTION("idle past the timeout") {
    site.now += idle + 60;
    auto r = client.get("/admin/queue");
    CHECK(outcome(r) == "303 /admin/login");
    auto set = parse_set_cookie(r.header("set-cookie"));
    REQUIRE(set);
    CHECK(set->name == ConsoleBrowser::cookie_name);
    CHECK(set->deletes());
    CHECK(site.officers.sessions().empty());
    client.set_cookie(cookie);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login");
  }

  SECTION("older than the absolute timeout, however active") {
    const auto started = site.now;
    const auto absolute = site.config.admin.absolute_timeout.count();
    while (site.now + idle / 2 <= started + absolute) {
      site.now += idle / 2;
      REQUIRE(client.get("/admin/queue").status == 200);
    }
    site.now = started + absolute + 1;
    auto r = client.get("/admin/queue");
    CHECK(outcome(r) == "303 /admin/login");
    CHECK(site.officers.sessions().empty());
  }

  SECTION("logout clears the cookie and ends the session on the server") {
    const auto csrf = client.fresh_csrf("/admin/queue");
    REQUIRE_FALSE(csrf.empty());
    auto r = client.post("/admin/logout", {{"csrf", csrf}});
    CHECK(outcome(r) == "303 /admin/login");
    auto set = parse_set_cookie(r.header("set-cookie"));
    REQUIRE(set);
    CHECK(set->name == ConsoleBrowser::cookie_name);
    CHECK(set->value.empty());
    CHECK(set->deletes());
    CHECK(client.cookie().empty());
    CHECK(site.officers.sessions().empty());
    auto logouts = site.audit.events("logout");
    REQUIRE(logouts.size() == 1);
    CHECK(logouts[0].officer_id == id);

    // Replaying the old cookie by hand gets nowhere.
    client.set_cookie(cookie);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login");
    CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", "1"}, {"text", "x"}})) == "303 /admin/login");
    // Logging out again without a session is harmless.
    client.set_cookie("");
    CHECK(outcome(client.post("/admin/logout", {})) == "303 /admin/login");
    CHECK(site.audit.events("logout").size() == 1);
  }

  SECTION("logout ends only this session") {
    auto second = site.signed_in("tuan");
    REQUIRE(outcome(client.post("/admin/logout", {{"csrf", client.fresh_csrf("/admin/queue")}})) == "303 /admin/login");
    CHECK(second.get("/admin/queue").status == 200);
    CHECK(site.officers.sessions().size() == 1);
  }
}

TEST_CASE("console sessions: a disabled account cannot sign in and its sessions end", "[console][sessions][roles]") {
  ConsoleInProcess site;
  const auto id = site.officer("tuan", domain::Role::officer);
  auto client = site.signed_in("tuan");
  const std::string old_cookie = client.cookie();
  REQUIRE(client.get("/admin/queue").status == 200);

  site.officers.set_disabled(id, true, by_admin("officer_disable"));
  CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login");

  auto again = site.browser();
  auto refused = again.login("tuan", password);
  CHECK(refused.status == 401);
  CHECK(refused.header("set-cookie").empty());
  CHECK(site.officers.sessions().empty());
  // Told nothing more than a wrong password would tell, and recorded as what it was.
  CHECK(error_message(refused.body) == error_message(again.login("nobody-here", "x").body));
  bool audited = false;
  for (const auto& e : site.audit.events("login_failed")) audited = audited || e.detail == "account disabled";
  CHECK(audited);

  site.officers.set_disabled(id, false, by_admin("officer_enable"));
  // The old cookie stays dead; a new sign-in works.
  auto stale = site.browser();
  stale.set_cookie(old_cookie);
  CHECK(outcome(stale.get("/admin/queue")) == "303 /admin/login");
  CHECK(outcome(again.login("tuan", password)) == "303 /admin");
}

TEST_CASE("console sessions: a role change ends the officer's sessions", "[console][sessions][roles]") {
  ConsoleInProcess site;
  const auto id = site.officer("tuan", domain::Role::leader);
  auto client = site.signed_in("tuan");
  REQUIRE(client.get("/admin/team").status == 200);
  site.officers.set_role(id, domain::Role::officer, by_admin("officer_role"));
  CHECK(outcome(client.get("/admin/team")) == "303 /admin/login");
  client = site.signed_in("tuan");
  CHECK(client.get("/admin/team").status == 403);
}

TEST_CASE("console sessions: an officer switches the console to English", "[console]") {
  ConsoleInProcess site;
  const auto id = site.officer("tuan", domain::Role::officer);
  auto client = site.signed_in("tuan");
  auto vi = client.get("/admin/queue");
  CHECK_THAT(vi.body, Catch::Contains("<html lang=\"vi\">") && Catch::Contains("Hàng đợi tin báo"));
  REQUIRE(outcome(client.post_csrf("/admin/language", {{"lang", "en"}})) == "303 /admin");
  CHECK(site.officers.officer(id)->language == domain::Language::en);
  auto en = client.get("/admin/queue");
  CHECK_THAT(en.body, Catch::Contains("<html lang=\"en\">") && Catch::Contains("Tip queue"));
  // Anything but "en" means Vietnamese.
  REQUIRE(outcome(client.post_csrf("/admin/language", {{"lang", "fr"}})) == "303 /admin");
  CHECK(site.officers.officer(id)->language == domain::Language::vi);
}
