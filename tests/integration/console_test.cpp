// The officers' console at /admin, over real TLS against the real server: signing
// in (password, TOTP, first password), throttling, CSRF, roles, session lifetime,
// the audit trail, and the tip pages' redaction, workflow and escaping.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <ctime>
#include <latch>
#include <memory>
#include <map>
#include <regex>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "common/password.hpp"
#include "common/totp.hpp"
#include "storage/sqlite_store.hpp"
#include "support/channels.hpp"
#include "support/console_client.hpp"
#include "support/https_client.hpp"
#include "support/submit.hpp"
#include "support/test_server.hpp"

using namespace tipline::testing;
namespace storage = tipline::storage;
namespace totp = tipline::totp;
namespace domain = tipline::domain;

namespace {

const std::string password = "song-Hong-chay-mai-2025";
const std::string cookie_name = ConsoleClient::cookie_name;

// "303 /admin/login", "200", ...: one string, so a failure shows both at once.
std::string outcome(const HttpResult& r) {
  auto location = r.header("location");
  return std::to_string(r.status) + (location.empty() ? "" : " " + location);
}

// The text of the page's error paragraph, "" when none.
std::string error_message(const std::string& html) {
  std::smatch m;
  return std::regex_search(html, m, std::regex(R"(<p class="errors" role="alert">([^<]*)</p>)")) ? m[1].str() : "";
}

storage::AuditEvent test_event(std::string action) {
  storage::AuditEvent e;
  e.at = unix_now();
  e.actor = "test";
  e.action = std::move(action);
  return e;
}

std::vector<storage::AuditEntry> audit_of(storage::Store& store, const std::string& action) {
  storage::AuditFilter filter;
  filter.action = action;
  filter.limit = 1000;
  return store.audit_entries(filter);
}

// A six-digit code that is none of the codes valid around `now`.
std::string wrong_code(const std::string& secret, std::int64_t now) {
  for (const char* candidate : {"000000", "111111", "222222", "333333", "444444", "555555"}) {
    bool valid = false;
    for (std::int64_t t = now - 60; t <= now + 90; t += 30) valid = valid || totp::code_at(secret, t) == candidate;
    if (!valid) return candidate;
  }
  FAIL("no wrong code found");
  return "";
}

storage::CreatedTip store_tip(storage::Store& store, const std::string& body) {
  storage::NewTip tip;
  tip.channel = domain::Channel::web;
  tip.received_at = unix_now();
  tip.reference_month = "2511";
  tip.labels.categories = {domain::Category::dealing};
  tip.labels.priority = domain::Priority::high;
  tip.labels.area = "tdp-3";
  tip.first_message.body = body;
  tip.first_message.created_at = tip.received_at;
  return store.create_tip(tip);
}

// Signs in with a password alone and checks it worked.
void sign_in(ConsoleClient& client, const std::string& username, const std::string& pw = password) {
  auto r = client.login(username, pw);
  INFO("signing in as " << username);
  REQUIRE(outcome(r) == "303 /admin");
  REQUIRE_FALSE(client.cookie().empty());
}

std::int64_t end_of_local_day(int y, int m, int d, int utc_offset_minutes) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  tm.tm_hour = 23;
  tm.tm_min = 59;
  tm.tm_sec = 59;
  return static_cast<std::int64_t>(timegm(&tm)) - std::int64_t{utc_offset_minutes} * 60;
}

}  // namespace

// ---- authentication ------------------------------------------------------------------

TEST_CASE("console: the right password signs in, a wrong one or an unknown user does not", "[console]") {
  TestServer server;
  create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());

  SECTION("the login page is a form with a token") {
    auto page = client.get("/admin/login");
    REQUIRE(page.status == 200);
    REQUIRE_FALSE(hidden_field(page.body, "form_token").empty());
    REQUIRE_THAT(page.body, Catch::Contains("name=\"username\"") && Catch::Contains("name=\"password\""));
    REQUIRE(page.header("set-cookie").empty());
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

    auto unknown = client.login("khong-ai-ca", "not-the-password-at-all");
    REQUIRE(unknown.status == 401);
    REQUIRE(unknown.header("set-cookie").empty());
    REQUIRE(error_message(unknown.body) == message);

    // Each refusal hands out a fresh form for the next try.
    REQUIRE_FALSE(hidden_field(wrong.body, "form_token").empty());
    REQUIRE(outcome(client.get("/admin/queue")) == "303 /admin/login");
  }

  SECTION("an empty or overlong user name is refused like an unknown one") {
    REQUIRE(client.login("", password).status == 401);
    REQUIRE(client.login(std::string(65, 'a'), password).status == 401);
  }
}

TEST_CASE("console: the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict", "[console]") {
  TestServer server;
  create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());
  auto r = client.login("tuan", password);
  REQUIRE(r.status == 303);
  auto cookie = parse_set_cookie(r.header("set-cookie"));
  REQUIRE(cookie);
  CHECK(cookie->name == cookie_name);
  CHECK(cookie->name.rfind("__Host-", 0) == 0);
  CHECK(cookie->value.size() == 43);  // 32 random bytes, base64url
  CHECK(cookie->has("Secure"));
  CHECK(cookie->has("HttpOnly"));
  CHECK(cookie->attribute("SameSite") == std::optional<std::string>("Strict"));
  CHECK(cookie->attribute("Path") == std::optional<std::string>("/"));
  CHECK_FALSE(cookie->has("Domain"));
  CHECK_FALSE(cookie->deletes());

  // The database holds a hash of the value, never the value.
  auto session = server.store().find_session(tipline::crypto::sha256(cookie->value));
  REQUIRE(session);
  CHECK(session->stage == domain::SessionStage::full);
  CHECK_FALSE(server.store().find_session(cookie->value));

  // A second sign-in gets a different value.
  ConsoleClient other(server.port());
  REQUIRE(other.login("tuan", password).status == 303);
  CHECK(other.cookie() != client.cookie());
}

TEST_CASE("console: a missing, unknown or malformed cookie leads back to the login", "[console]") {
  TestServer server;
  create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());
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
}

// ---- TOTP ----------------------------------------------------------------------------

TEST_CASE("console: an account with TOTP needs the code, with a fresh cookie at each step", "[console][totp]") {
  TestServer server;
  const auto secret = totp::new_secret();
  const auto id = create_officer(server.store(), "lan", domain::Role::officer, password, false, secret);
  ConsoleClient client(server.port());

  auto r = client.login("lan", password);
  REQUIRE(outcome(r) == "303 /admin/login/code");
  const std::string before_code = client.cookie();
  REQUIRE_FALSE(before_code.empty());
  {
    auto half = server.store().find_session(tipline::crypto::sha256(before_code));
    REQUIRE(half);
    CHECK(half->stage == domain::SessionStage::second_factor);
  }
  // No login audit yet: only the password is proven.
  CHECK(audit_of(server.store(), "login").empty());

  // Every other page sends the half-signed session to the code.
  for (const char* page : {"/admin", "/admin/queue", "/admin/tip?id=1", "/admin/totp", "/admin/password", "/admin/report"}) {
    INFO(page);
    CHECK(outcome(client.get(page)) == "303 /admin/login/code");
  }
  auto code_page = client.get("/admin/login/code");
  REQUIRE(code_page.status == 200);
  REQUIRE_FALSE(ConsoleClient::csrf_of(code_page.body).empty());

  SECTION("a code posted without the page's CSRF token is not accepted") {
    auto now = unix_now();
    auto bare = client.post("/admin/login/code", {{"code", totp::code_at(secret, now)}});
    CHECK(outcome(bare) == "303 /admin/login");
    CHECK(client.cookie() == before_code);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login/code");
  }

  SECTION("a wrong code is refused; the right one signs in and rotates the cookie") {
    auto now = unix_now();
    auto wrong = client.code(wrong_code(secret, now));
    CHECK(wrong.status == 401);
    CHECK(wrong.header("set-cookie").empty());
    CHECK(client.cookie() == before_code);
    // Both steps are charged until the code succeeds: the right password alone does
    // not reset the count, or it could be replayed to guess codes without end.
    CHECK(server.store().officer(id)->failed_logins == 2);
    CHECK(audit_of(server.store(), "login_failed").size() == 1);

    now = unix_now();
    const std::string code = totp::code_at(secret, now);
    auto right = client.code(code);
    REQUIRE(outcome(right) == "303 /admin");
    const std::string after_code = client.cookie();
    REQUIRE_FALSE(after_code.empty());
    CHECK(after_code != before_code);
    CHECK(client.get("/admin/queue").status == 200);
    CHECK(server.store().officer(id)->failed_logins == 0);
    auto logins = audit_of(server.store(), "login");
    REQUIRE(logins.size() == 1);
    CHECK(logins[0].event.officer_id == id);

    // The pre-code cookie is dead, for pages and for the code step alike.
    ConsoleClient stale(server.port());
    stale.set_cookie(before_code);
    CHECK(outcome(stale.get("/admin/queue")) == "303 /admin/login");
    CHECK(outcome(stale.get("/admin/login/code")) == "303 /admin/login");
    CHECK_FALSE(server.store().find_session(tipline::crypto::sha256(before_code)));

    // The same code cannot sign in again (replay), though the password step passes.
    ConsoleClient replay(server.port());
    REQUIRE(outcome(replay.login("lan", password)) == "303 /admin/login/code");
    auto replayed = replay.code(code);
    CHECK(replayed.status == 401);
    CHECK(outcome(replay.get("/admin/queue")) == "303 /admin/login/code");
    // Nor can any code of an earlier step.
    CHECK(replay.code(totp::code_at(secret, now - 30)).status == 401);
  }
}

TEST_CASE("console: an officer turns TOTP on from the security page", "[console][totp]") {
  TestServer server;
  const auto id = create_officer(server.store(), "minh", domain::Role::officer, password);
  ConsoleClient client(server.port());
  sign_in(client, "minh");

  auto page = client.get("/admin/totp");
  REQUIRE(page.status == 200);
  std::smatch m;
  REQUIRE(std::regex_search(page.body, m, std::regex(R"(id="totp-secret">([^<]*)<)")));
  const std::string display = m[1].str();
  CHECK(std::regex_match(display, std::regex(R"([A-Z2-7]{4}( [A-Z2-7]{4})*)")));
  const std::string b32 = hidden_field(page.body, "secret");
  REQUIRE_FALSE(b32.empty());
  auto shown = totp::secret_from_base32(display);
  auto hidden = totp::secret_from_base32(b32);
  REQUIRE(shown);
  REQUIRE(hidden);
  CHECK(*shown == *hidden);
  CHECK(hidden->size() == totp::secret_size);
  const std::string secret = *hidden;

  // Each visit offers a new key.
  CHECK(hidden_field(client.get("/admin/totp").body, "secret") != b32);

  SECTION("a wrong code leaves it off") {
    auto r = client.post_csrf("/admin/totp", {{"secret", b32}, {"code", wrong_code(secret, unix_now())}});
    CHECK(r.status == 400);
    CHECK_FALSE(server.store().officer(id)->totp_secret);
  }

  SECTION("a malformed secret is refused") {
    auto r = client.post_csrf("/admin/totp", {{"secret", "NOT-BASE32!"}, {"code", "123456"}});
    CHECK(outcome(r) == "303 /admin/totp");
    CHECK_FALSE(server.store().officer(id)->totp_secret);
  }

  SECTION("the right code turns it on, and the next sign-in asks for a code") {
    const auto enrolled_at = unix_now();
    auto r = client.post_csrf("/admin/totp", {{"secret", b32}, {"code", totp::code_at(secret, enrolled_at)}});
    REQUIRE(outcome(r) == "303 /admin");
    auto officer = server.store().officer(id);
    REQUIRE(officer->totp_secret);
    CHECK(*officer->totp_secret == secret);
    CHECK(audit_of(server.store(), "totp_set").size() == 1);
    // The signed-in session goes on.
    CHECK(client.get("/admin/queue").status == 200);

    ConsoleClient next(server.port());
    REQUIRE(outcome(next.login("minh", password)) == "303 /admin/login/code");
    // The enrolment code was used up; the next step's code works.
    CHECK(next.code(totp::code_at(secret, enrolled_at)).status == 401);
    auto in = next.code(totp::code_at(secret, (totp::step_at(enrolled_at) + 1) * totp::period_seconds));
    CHECK(outcome(in) == "303 /admin");
    CHECK(next.get("/admin/queue").status == 200);
  }
}

TEST_CASE("console: when an admin makes TOTP mandatory, officers without it must set it up first", "[console][totp]") {
  TestServer server;
  create_officer(server.store(), "quantri", domain::Role::admin, password);
  const auto id = create_officer(server.store(), "hoa", domain::Role::officer, password);
  const auto tip = store_tip(server.store(), "Có người bán ma túy ở hẻm 12");

  // Through the settings page, which only an admin may post.
  {
    ConsoleClient officer(server.port());
    sign_in(officer, "hoa");
    CHECK(officer.post_csrf("/admin/settings", {{"totp_required", "1"}}).status == 403);
    REQUIRE_FALSE(server.store().setting("totp_required") == std::optional<std::string>("1"));
    ConsoleClient admin(server.port());
    sign_in(admin, "quantri");
    admin.post_csrf("/admin/settings", {{"totp_required", "1"}});
    REQUIRE(server.store().setting("totp_required") == std::optional<std::string>("1"));
    CHECK(audit_of(server.store(), "setting").size() == 1);
  }

  ConsoleClient client(server.port());
  sign_in(client, "hoa");
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
  CHECK(server.store().officer(id)->language == domain::Language::vi);
  CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", std::to_string(tip.id)}, {"text", "x"}})) ==
        "303 /admin/totp");
  CHECK(server.store().load_tip(tip.id)->messages.size() == 1);

  // Setting it up opens the console.
  auto page = client.get("/admin/totp");
  REQUIRE(page.status == 200);
  const std::string b32 = hidden_field(page.body, "secret");
  auto secret = totp::secret_from_base32(b32);
  REQUIRE(secret);
  REQUIRE(outcome(client.post_csrf("/admin/totp", {{"secret", b32}, {"code", totp::code_at(*secret, unix_now())}})) ==
          "303 /admin");
  CHECK(client.get("/admin/queue").status == 200);

  // Logging out still works for those who have not set it up.
  ConsoleClient admin(server.port());
  sign_in(admin, "quantri");
  auto admin_csrf = ConsoleClient::csrf_of(admin.get("/admin/totp").body);
  CHECK(outcome(admin.post("/admin/logout", {{"csrf", admin_csrf}})) == "303 /admin/login");
  CHECK(admin.cookie().empty());
}

TEST_CASE("console: a new account can sign in while TOTP is mandatory", "[console][totp]") {
  TestServer server;
  server.store().set_setting("totp_required", "1", test_event("setting"));
  const std::string temporary = "tam-thoi-abcd-2345";
  create_officer(server.store(), "moi", domain::Role::officer, temporary, /*must_change=*/true);
  ConsoleClient client(server.port());
  auto r = client.login("moi", temporary);
  REQUIRE(outcome(r) == "303 /admin/password");
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

// ---- throttling ----------------------------------------------------------------------

TEST_CASE("console: repeated wrong passwords lock the account for a while", "[console][throttle]") {
  TestServer server(R"("admin": {"max_failed_logins": 3, "lockout_minutes": 15},)");
  const auto id = create_officer(server.store(), "duc", domain::Role::officer, password);
  ConsoleClient client(server.port());

  REQUIRE(client.login("duc", "wrong-password-1").status == 401);
  REQUIRE(client.login("duc", "wrong-password-2").status == 401);
  CHECK(server.store().officer(id)->failed_logins == 2);
  CHECK(server.store().officer(id)->locked_until == 0);
  const auto third_at = unix_now();
  auto third = client.login("duc", "wrong-password-3");
  REQUIRE(third.status == 401);
  auto officer = server.store().officer(id);
  CHECK(officer->locked_until >= third_at + 15 * 60);
  CHECK(officer->locked_until <= unix_now() + 15 * 60);

  // Now even the right password is refused, and nothing is signed in.
  auto locked = client.login("duc", password);
  CHECK(locked.status == 429);
  CHECK(locked.header("set-cookie").empty());
  CHECK(client.cookie().empty());
  CHECK(error_message(locked.body) != error_message(client.login("nobody-here", password).body));
  bool audited = false;
  for (const auto& e : audit_of(server.store(), "login_failed"))
    audited = audited || (e.event.officer_id == id && e.event.detail == "account locked");
  CHECK(audited);

  SECTION("when the lockout has passed, the right password works again") {
    REQUIRE(exec_sql(server.config().database_file,
                     "UPDATE officers SET locked_until = " + std::to_string(unix_now() - 1) + " WHERE id = " +
                         std::to_string(id)) == 1);
    REQUIRE(outcome(client.login("duc", password)) == "303 /admin");
    CHECK(client.get("/admin/queue").status == 200);
  }

  SECTION("when the lockout has passed, the count starts afresh") {
    exec_sql(server.config().database_file,
             "UPDATE officers SET locked_until = " + std::to_string(unix_now() - 1) + " WHERE id = " + std::to_string(id));
    CHECK(client.login("duc", "wrong-again-1").status == 401);
    CHECK(server.store().officer(id)->locked_until <= unix_now());
    CHECK(outcome(client.login("duc", password)) == "303 /admin");
  }
}

TEST_CASE("console: wrong TOTP codes count towards the lockout", "[console][throttle][totp]") {
  TestServer server(R"("admin": {"max_failed_logins": 3},)");
  const auto secret = totp::new_secret();
  const auto id = create_officer(server.store(), "lan", domain::Role::officer, password, false, secret);
  ConsoleClient client(server.port());
  REQUIRE(outcome(client.login("lan", password)) == "303 /admin/login/code");
  const auto bad = wrong_code(secret, unix_now());
  CHECK(client.code(bad).status == 401);
  // The password and two wrong codes use up three attempts: the second wrong code
  // locks the account and ends the half-signed session.
  CHECK(outcome(client.code(bad)) == "303 /admin/login");
  CHECK(server.store().officer(id)->locked_until > unix_now());
  CHECK(outcome(client.get("/admin/login/code")) == "303 /admin/login");
  CHECK(client.login("lan", password).status == 429);
}

TEST_CASE("console: wrong passwords sent at once still lock the account", "[console][throttle]") {
  TestServer server(R"("admin": {"max_failed_logins": 5},)");
  const auto id = create_officer(server.store(), "duc", domain::Role::officer, password);
  constexpr int attempts = 12;
  std::vector<std::unique_ptr<ConsoleClient>> clients;
  std::vector<std::string> tokens;
  for (int i = 0; i < attempts; ++i) {
    clients.push_back(std::make_unique<ConsoleClient>(server.port()));
    tokens.push_back(hidden_field(clients.back()->get("/admin/login").body, "form_token"));
    REQUIRE_FALSE(tokens.back().empty());
  }
  std::latch start(attempts);
  std::vector<int> statuses(attempts, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < attempts; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      statuses[static_cast<std::size_t>(i)] =
          clients[static_cast<std::size_t>(i)]->login_with_token("duc", "wrong-password-" + std::to_string(i), tokens[static_cast<std::size_t>(i)]).status;
    });
  for (auto& t : threads) t.join();
  int checked = 0;
  for (const auto& e : audit_of(server.store(), "login_failed"))
    if (e.event.officer_id == id && e.event.detail.rfind("wrong password", 0) == 0) ++checked;
  INFO("passwords checked: " << checked << " of " << attempts << "; failed_logins now "
                               << server.store().officer(id)->failed_logins);
  for (int status : statuses) CHECK((status == 401 || status == 429));
  // Twelve wrong passwords are more than five: the account must be locked...
  CHECK(server.store().officer(id)->locked_until > unix_now());
  // ...and no more than five of them may have been tried against the hash.
  CHECK(checked <= 5);
}

TEST_CASE("console: one TOTP code sent twice at once signs in only once", "[console][totp]") {
  TestServer server(R"("admin": {"max_failed_logins": 20},)");
  const auto secret = totp::new_secret();
  create_officer(server.store(), "lan", domain::Role::officer, password, false, secret);
  constexpr int sessions = 6;
  std::vector<std::unique_ptr<ConsoleClient>> clients;
  std::vector<std::string> csrfs;
  for (int i = 0; i < sessions; ++i) {
    clients.push_back(std::make_unique<ConsoleClient>(server.port()));
    REQUIRE(outcome(clients.back()->login("lan", password)) == "303 /admin/login/code");
    csrfs.push_back(ConsoleClient::csrf_of(clients.back()->get("/admin/login/code").body));
    REQUIRE_FALSE(csrfs.back().empty());
  }
  const std::string code = totp::code_at(secret, unix_now());
  std::latch start(sessions);
  std::vector<int> statuses(sessions, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < sessions; ++i)
    threads.emplace_back([&, i] {
      const auto at = static_cast<std::size_t>(i);
      start.arrive_and_wait();
      statuses[at] = clients[at]->post("/admin/login/code", {{"csrf", csrfs[at]}, {"code", code}}).status;
    });
  for (auto& t : threads) t.join();
  int signed_in = 0;
  for (int status : statuses) signed_in += status == 303 ? 1 : 0;
  CHECK(signed_in == 1);
  CHECK(audit_of(server.store(), "login").size() == 1);
}

TEST_CASE("console: one source gets 30 login attempts per ten minutes", "[console][throttle]") {
  TestServer server;
  create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());
  for (int i = 1; i <= 30; ++i) {
    auto r = client.login("tuan", "wrong-password-" + std::to_string(i));
    INFO("attempt " << i);
    REQUIRE(r.status == 401);
    // Stay below the account's own lockout: these are about the source.
    if (i % 4 == 0)
      exec_sql(server.config().database_file, "UPDATE officers SET failed_logins = 0, locked_until = 0");
  }
  auto limited = client.login("tuan", password);
  CHECK(limited.status == 429);
  CHECK(limited.header("set-cookie").empty());
  CHECK(client.login("nobody-here", "x").status == 429);

  // Another address is not held up by it.
  ConsoleClient elsewhere(server.port(), "127.0.0.2");
  CHECK(outcome(elsewhere.login("tuan", password)) == "303 /admin");
}

// ---- CSRF and forms ------------------------------------------------------------------

TEST_CASE("console: every state-changing POST needs the session's CSRF token", "[console][csrf]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::officer, password);
  create_officer(server.store(), "khac", domain::Role::officer, password);
  const auto tip = store_tip(server.store(), "Có người bán ma túy ở hẻm 12, số 0912 345 678");
  const auto other_tip = store_tip(server.store(), "Tin khác");
  const std::string tip_id = std::to_string(tip.id);

  ConsoleClient client(server.port());
  sign_in(client, "tuan");
  REQUIRE(client.get("/admin/tip?id=" + tip_id).status == 200);
  const std::string csrf = client.csrf();
  REQUIRE_FALSE(csrf.empty());
  ConsoleClient other(server.port());
  sign_in(other, "khac");
  const std::string others_csrf = other.fresh_csrf("/admin/queue");
  REQUIRE_FALSE(others_csrf.empty());
  REQUIRE(others_csrf != csrf);

  const auto hash_before = server.store().officer(id)->password_hash;
  const std::vector<std::pair<std::string, FormList>> posts{
      {"/admin/tip/assign", {{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", "2030-01-01"}}},
      {"/admin/tip/status", {{"id", tip_id}, {"status", "closed"}, {"outcome", "arrested"}}},
      {"/admin/tip/note", {{"id", tip_id}, {"text", "ghi chú"}}},
      {"/admin/tip/reveal", {{"id", tip_id}}},
      {"/admin/tip/reply", {{"id", tip_id}, {"text", "Bạn còn ở đó không?"}}},
      {"/admin/tip/labels", {{"id", tip_id}, {"priority", "low"}, {"cat_other", "1"}}},
      {"/admin/tip/merge", {{"id", tip_id}, {"other", other_tip.reference}}},
      {"/admin/tip/split", {{"id", tip_id}}},
      {"/admin/language", {{"lang", "en"}}},
      {"/admin/password", {{"current", password}, {"new", "mot-mat-khau-moi-2025"}, {"again", "mot-mat-khau-moi-2025"}}},
      {"/admin/totp", {{"secret", totp::secret_to_base32(totp::new_secret())}, {"code", "123456"}}},
      {"/admin/logout", {}},
  };
  const std::vector<std::pair<std::string, std::optional<std::string>>> tokens{
      {"none", std::nullopt},
      {"empty", std::string()},
      {"wrong", std::string(43, 'A')},
      {"another session's", others_csrf},
      {"truncated", csrf.substr(0, csrf.size() - 1)},
  };
  for (const auto& [path, fields] : posts) {
    for (const auto& [label, token] : tokens) {
      INFO(path << " with " << label << " token");
      FormList body = fields;
      if (token) body.emplace_back("csrf", *token);
      auto r = client.post(path, body);
      CHECK(r.status == 403);
      CHECK(r.header("set-cookie").empty());
    }
  }
  // A token in the query string does not count either.
  CHECK(client.post("/admin/tip/note?csrf=" + url_encode(csrf), {{"id", tip_id}, {"text", "x"}}).status == 403);

  // Nothing changed.
  auto after = server.store().load_tip(tip.id);
  REQUIRE(after);
  CHECK(after->status == domain::Status::new_);
  CHECK_FALSE(after->workflow.assignee_id);
  CHECK_FALSE(after->workflow.deadline);
  CHECK_FALSE(after->workflow.outcome);
  CHECK_FALSE(after->correction);
  CHECK(after->messages.size() == 1);
  auto officer = server.store().officer(id);
  CHECK(officer->language == domain::Language::vi);
  CHECK(officer->password_hash == hash_before);
  CHECK_FALSE(officer->totp_secret);
  for (const char* action : {"assign", "status", "note", "reveal", "reply", "correct_labels", "merge", "split",
                             "password_changed", "totp_set", "logout"}) {
    INFO(action);
    CHECK(audit_of(server.store(), action).empty());
  }
  // Still signed in (neither logged out nor ended by a password change).
  CHECK(client.get("/admin/queue").status == 200);

  // The right token works (the check is not refusing everything).
  CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", tip_id}, {"text", "ghi chú"}})) ==
        "303 /admin/tip?id=" + tip_id + "&done=1");
  CHECK(server.store().load_tip(tip.id)->messages.size() == 2);
}

TEST_CASE("console: the login form needs a valid, unused form token", "[console][csrf]") {
  TestServer server;
  create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());

  CHECK(client.login_with_token("tuan", password, "").status == 400);
  CHECK(client.login_with_token("tuan", password, "garbage").status == 400);
  // The resident form's token is signed for another purpose.
  TlsClient web(server.port());
  CHECK(client.login_with_token("tuan", password, form_token(web)).status == 400);
  // A token works once.
  const auto token = hidden_field(client.get("/admin/login").body, "form_token");
  REQUIRE(outcome(client.login_with_token("tuan", password, token)) == "303 /admin");
  ConsoleClient again(server.port());
  auto replayed = again.login_with_token("tuan", password, token);
  CHECK(replayed.status == 400);
  CHECK(replayed.header("set-cookie").empty());
  CHECK(again.cookie().empty());
  // None of these were a login attempt on the account.
  CHECK(server.store().find_officer("tuan")->failed_logins == 0);
}

// ---- roles ---------------------------------------------------------------------------

TEST_CASE("console: each role reaches its own pages and no others", "[console][roles]") {
  TestServer server;
  create_officer(server.store(), "canbo", domain::Role::officer, password);
  create_officer(server.store(), "doitruong", domain::Role::leader, password);
  create_officer(server.store(), "xem", domain::Role::viewer, password);
  create_officer(server.store(), "quantri", domain::Role::admin, password);
  const auto tip = store_tip(server.store(), "Có người bán ma túy ở hẻm 12");
  const std::string tip_page = "/admin/tip?id=" + std::to_string(tip.id);

  auto status_of = [&](const std::string& user, const std::vector<std::string>& pages) {
    ConsoleClient client(server.port());
    sign_in(client, user);
    std::map<std::string, int> out;
    for (const auto& page : pages) out[page] = client.get(page).status;
    return out;
  };

  SECTION("officer") {
    auto s = status_of("canbo", {"/admin/accounts", "/admin/audit", "/admin/team", "/admin/queue", tip_page, "/admin/report"});
    CHECK(s["/admin/accounts"] == 403);
    CHECK(s["/admin/audit"] == 403);
    CHECK(s["/admin/team"] == 403);
    CHECK(s["/admin/queue"] == 200);
    CHECK(s[tip_page] == 200);
    CHECK(s["/admin/report"] == 200);
  }

  SECTION("leader") {
    auto s = status_of("doitruong", {"/admin/team", "/admin/accounts", "/admin/audit", "/admin/queue", tip_page});
    CHECK(s["/admin/team"] == 200);
    CHECK(s["/admin/accounts"] == 403);
    CHECK(s["/admin/audit"] == 403);
    CHECK(s["/admin/queue"] == 200);
    CHECK(s[tip_page] == 200);
  }

  SECTION("viewer") {
    ConsoleClient client(server.port());
    sign_in(client, "xem");
    CHECK(outcome(client.get("/admin")) == "303 /admin/report");
    CHECK(client.get(tip_page).status == 403);
    CHECK(client.get("/admin/queue").status == 403);
    CHECK(client.get("/admin/queue?mine=1").status == 403);
    CHECK(client.get("/admin/team").status == 403);
    CHECK(client.get("/admin/accounts").status == 403);
    CHECK(client.get("/admin/audit").status == 403);
    auto report = client.get("/admin/report");
    CHECK(report.status != 403);
    CHECK(report.status != 303);
    // Nor can a viewer act on a tip with a valid token, or reveal it.
    const auto csrf = client.fresh_csrf("/admin/totp");
    REQUIRE_FALSE(csrf.empty());
    auto revealed = client.post("/admin/tip/reveal", {{"csrf", csrf}, {"id", std::to_string(tip.id)}});
    CHECK(revealed.status == 403);
    CHECK_THAT(revealed.body, !Catch::Contains("hẻm 12"));
    CHECK(client.post("/admin/tip/status", {{"csrf", csrf}, {"id", std::to_string(tip.id)}, {"status", "spam"}}).status == 403);
    CHECK(server.store().load_tip(tip.id)->status == domain::Status::new_);
    CHECK(audit_of(server.store(), "view_tip").empty());
    CHECK(audit_of(server.store(), "reveal").empty());
    // The navigation offers none of it.
    CHECK_THAT(report.body, !Catch::Contains("href=\"/admin/queue\"") && !Catch::Contains("href=\"/admin/accounts\""));
  }

  SECTION("admin") {
    auto s = status_of("quantri", {"/admin/queue", "/admin/team", "/admin/accounts", "/admin/audit", "/admin/report", tip_page});
    for (const auto& [page, status] : s) {
      INFO(page);
      CHECK(status == 200);
    }
  }
}

TEST_CASE("console: a disabled account cannot sign in and its sessions end", "[console][roles]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());
  sign_in(client, "tuan");
  const std::string old_cookie = client.cookie();
  REQUIRE(client.get("/admin/queue").status == 200);

  server.store().set_disabled(id, true, test_event("account_disabled"));
  CHECK_FALSE(server.store().find_session(tipline::crypto::sha256(old_cookie)));
  CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login");

  ConsoleClient again(server.port());
  auto refused = again.login("tuan", password);
  CHECK(refused.status == 401);
  CHECK(refused.header("set-cookie").empty());
  // Told nothing more than a wrong password would tell.
  CHECK(error_message(refused.body) == error_message(again.login("nobody-here", "x").body));

  server.store().set_disabled(id, false, test_event("account_enabled"));
  // The old cookie stays dead; a new sign-in works.
  ConsoleClient stale(server.port());
  stale.set_cookie(old_cookie);
  CHECK(outcome(stale.get("/admin/queue")) == "303 /admin/login");
  CHECK(outcome(again.login("tuan", password)) == "303 /admin");
}

TEST_CASE("console: a role change ends the officer's sessions", "[console][roles]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::leader, password);
  ConsoleClient client(server.port());
  sign_in(client, "tuan");
  REQUIRE(client.get("/admin/team").status == 200);
  server.store().set_role(id, domain::Role::officer, test_event("role"));
  CHECK(outcome(client.get("/admin/team")) == "303 /admin/login");
  sign_in(client, "tuan");
  CHECK(client.get("/admin/team").status == 403);
}

// ---- sessions ------------------------------------------------------------------------

TEST_CASE("console: sessions end when idle, when old, and at logout", "[console][sessions]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::officer, password);
  const auto db = server.config().database_file;
  const auto idle = server.config().admin.idle_timeout.count();
  ConsoleClient client(server.port());
  sign_in(client, "tuan");
  REQUIRE(client.get("/admin/queue").status == 200);
  const std::string cookie = client.cookie();
  const std::string hash = tipline::crypto::sha256(cookie);
  REQUIRE(query_int(db, "SELECT count(*) FROM sessions") == std::optional<std::int64_t>(1));

  SECTION("just inside the idle timeout, the session goes on and is touched") {
    const auto back = idle - 120;
    exec_sql(db, "UPDATE sessions SET last_seen_at = last_seen_at - " + std::to_string(back) +
                     ", created_at = created_at - " + std::to_string(back));
    CHECK(client.get("/admin/queue").status == 200);
    CHECK(server.store().find_session(hash)->last_seen_at >= unix_now() - 5);
  }

  SECTION("idle past the timeout") {
    const auto back = idle + 60;
    exec_sql(db, "UPDATE sessions SET last_seen_at = last_seen_at - " + std::to_string(back) +
                     ", created_at = created_at - " + std::to_string(back));
    auto r = client.get("/admin/queue");
    CHECK(outcome(r) == "303 /admin/login");
    auto set = parse_set_cookie(r.header("set-cookie"));
    REQUIRE(set);
    CHECK(set->name == cookie_name);
    CHECK(set->deletes());
    CHECK(query_int(db, "SELECT count(*) FROM sessions") == std::optional<std::int64_t>(0));
    client.set_cookie(cookie);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login");
  }

  SECTION("older than the absolute timeout, however active") {
    exec_sql(db, "UPDATE sessions SET created_at = created_at - " + std::to_string(13 * 3600));
    auto r = client.get("/admin/queue");
    CHECK(outcome(r) == "303 /admin/login");
    CHECK(query_int(db, "SELECT count(*) FROM sessions") == std::optional<std::int64_t>(0));
  }

  SECTION("logout clears the cookie and ends the session on the server") {
    const auto csrf = client.fresh_csrf("/admin/queue");
    REQUIRE_FALSE(csrf.empty());
    auto r = client.post("/admin/logout", {{"csrf", csrf}});
    CHECK(outcome(r) == "303 /admin/login");
    auto set = parse_set_cookie(r.header("set-cookie"));
    REQUIRE(set);
    CHECK(set->name == cookie_name);
    CHECK(set->value.empty());
    CHECK(set->deletes());
    CHECK(set->has("Secure"));
    CHECK(set->attribute("Path") == std::optional<std::string>("/"));
    CHECK(client.cookie().empty());
    CHECK(query_int(db, "SELECT count(*) FROM sessions") == std::optional<std::int64_t>(0));
    auto logouts = audit_of(server.store(), "logout");
    REQUIRE(logouts.size() == 1);
    CHECK(logouts[0].event.officer_id == id);

    // Replaying the old cookie by hand gets nowhere.
    client.set_cookie(cookie);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login");
    CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", "1"}, {"text", "x"}})) == "303 /admin/login");
    // Logging out again without a session is harmless.
    CHECK(outcome(client.post("/admin/logout", {})) == "303 /admin/login");
    CHECK(audit_of(server.store(), "logout").size() == 1);
  }

  SECTION("logout ends only this session") {
    ConsoleClient second(server.port());
    sign_in(second, "tuan");
    REQUIRE(outcome(client.post("/admin/logout", {{"csrf", client.fresh_csrf("/admin/queue")}})) == "303 /admin/login");
    CHECK(second.get("/admin/queue").status == 200);
  }
}

// ---- first password ------------------------------------------------------------------

TEST_CASE("console: an account with a one-time password must choose its own first", "[console][password]") {
  TestServer server;
  const std::string temporary = "abcd-efgh-jkmn-pqrs";
  const auto id = create_officer(server.store(), "thu", domain::Role::officer, temporary, /*must_change=*/true);
  const auto tip = store_tip(server.store(), "Có người bán ma túy ở hẻm 12");
  ConsoleClient client(server.port());
  REQUIRE(outcome(client.login("thu", temporary)) == "303 /admin/password");
  for (const auto& page : std::vector<std::string>{"/admin", "/admin/queue", "/admin/totp", "/admin/report",
                                                  "/admin/team", "/admin/tip?id=" + std::to_string(tip.id)}) {
    INFO(page);
    CHECK(outcome(client.get(page)) == "303 /admin/password");
  }
  auto form = client.get("/admin/password");
  REQUIRE(form.status == 200);
  const auto csrf = ConsoleClient::csrf_of(form.body);
  REQUIRE_FALSE(csrf.empty());
  // Nothing else can be posted meanwhile.
  CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", std::to_string(tip.id)}, {"text", "x"}})) ==
        "303 /admin/password");
  CHECK(server.store().load_tip(tip.id)->messages.size() == 1);

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
    CHECK(server.store().officer(id)->must_change_password);
    CHECK(outcome(client.get("/admin/queue")) == "303 /admin/password");
  }

  SECTION("keeping the one-time password (which an admin saw) is refused") {
    auto r = change(temporary, temporary, temporary);
    CHECK(r.status == 400);
    CHECK_FALSE(error_message(r.body).empty());
    CHECK(server.store().officer(id)->must_change_password);
  }

  SECTION("a wrong current password or a mismatch is refused") {
    CHECK(change("not-the-temporary", "river-lamp-quiet-7731", "river-lamp-quiet-7731").status == 400);
    CHECK(change(temporary, "river-lamp-quiet-7731", "river-lamp-quiet-7732").status == 400);
    CHECK(server.store().officer(id)->must_change_password);
  }

  SECTION("a good one works; the one-time password no longer does") {
    const std::string before = client.cookie();
    auto r = change(temporary, "river-lamp-quiet-7731", "river-lamp-quiet-7731");
    REQUIRE(outcome(r) == "303 /admin");
    CHECK(client.cookie() != before);
    CHECK_FALSE(server.store().find_session(tipline::crypto::sha256(before)));
    CHECK(client.get("/admin/queue").status == 200);
    CHECK_FALSE(server.store().officer(id)->must_change_password);
    CHECK(audit_of(server.store(), "password_changed").size() == 1);

    ConsoleClient later(server.port());
    CHECK(later.login("thu", temporary).status == 401);
    CHECK(outcome(later.login("thu", "river-lamp-quiet-7731")) == "303 /admin");
    CHECK(later.get("/admin/queue").status == 200);
  }
}

TEST_CASE("console: with TOTP and a one-time password, the code comes first, then the new password",
          "[console][password][totp]") {
  TestServer server;
  const auto secret = totp::new_secret();
  const std::string temporary = "abcd-efgh-jkmn-pqrs";
  const auto id = create_officer(server.store(), "thu", domain::Role::officer, temporary, /*must_change=*/true, secret);
  ConsoleClient client(server.port());
  REQUIRE(outcome(client.login("thu", temporary)) == "303 /admin/login/code");
  CHECK(outcome(client.get("/admin/password")) == "303 /admin/login/code");
  REQUIRE(outcome(client.code(totp::code_at(secret, unix_now()))) == "303 /admin/password");
  CHECK(outcome(client.get("/admin/queue")) == "303 /admin/password");
  auto form = client.get("/admin/password");
  REQUIRE(form.status == 200);
  auto r = client.post("/admin/password", {{"csrf", ConsoleClient::csrf_of(form.body)},
                                           {"current", temporary},
                                           {"new", "river-lamp-quiet-7731"},
                                           {"again", "river-lamp-quiet-7731"}});
  REQUIRE(outcome(r) == "303 /admin");
  CHECK(client.get("/admin/queue").status == 200);
  CHECK_FALSE(server.store().officer(id)->must_change_password);
  // TOTP stays on.
  CHECK(server.store().officer(id)->totp_secret == std::optional<std::string>(secret));
}

// ---- audit ---------------------------------------------------------------------------

TEST_CASE("console: sign-ins, failures and logouts are in the audit log, and the chain verifies", "[console][audit]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());
  const std::string wrong = "secret-typo-password-42";
  REQUIRE(client.login("tuan", wrong).status == 401);
  REQUIRE(client.login("nguoi-la", wrong).status == 401);
  sign_in(client, "tuan");
  REQUIRE(outcome(client.post("/admin/logout", {{"csrf", client.fresh_csrf("/admin/queue")}})) == "303 /admin/login");

  auto logins = audit_of(server.store(), "login");
  REQUIRE(logins.size() == 1);
  CHECK(logins[0].event.officer_id == id);
  CHECK(logins[0].event.actor == "tuan");

  auto failures = audit_of(server.store(), "login_failed");
  REQUIRE(failures.size() == 2);
  bool known = false, unknown = false;
  for (const auto& f : failures) {
    known = known || (f.event.officer_id == id && f.event.actor == "tuan");
    unknown = unknown || (!f.event.officer_id && f.event.actor == "unknown");
  }
  CHECK(known);
  CHECK(unknown);

  auto logouts = audit_of(server.store(), "logout");
  REQUIRE(logouts.size() == 1);
  CHECK(logouts[0].event.officer_id == id);

  // Neither passwords nor unknown user names end up in the log.
  storage::AuditFilter all;
  all.limit = 1000;
  for (const auto& e : server.store().audit_entries(all)) {
    CHECK(e.event.detail.find(wrong) == std::string::npos);
    CHECK(e.event.detail.find(password) == std::string::npos);
    CHECK(e.event.actor != "nguoi-la");
    CHECK(e.event.detail.find("nguoi-la") == std::string::npos);
  }
  auto verified = server.store().verify_audit();
  CHECK(verified.ok);
  CHECK(verified.problem.empty());
  CHECK(verified.rows >= 5);  // account created, two failures, login, logout
}

// ---- tip pages -----------------------------------------------------------------------

TEST_CASE("console: a tip's personal data stays hidden until revealed, and views and reveals are audited",
          "[console][tip]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::officer, password);
  TlsClient web(server.port());
  const std::string phone = "0912 345 678";
  auto submitted = submit_tip(web, {{"what", "Thằng Tùng bán ma túy đá cho học sinh, số của nó " + phone},
                                    {"where", "hẻm 12 Lê Lợi"},
                                    {"when", "tối nào cũng có"}});
  REQUIRE(submitted.result.status == 200);
  REQUIRE_FALSE(submitted.reference.empty());

  ConsoleClient client(server.port());
  sign_in(client, "tuan");

  auto queue = client.get("/admin/queue");
  REQUIRE(queue.status == 200);
  CHECK_THAT(queue.body, Catch::Contains(submitted.reference));
  CHECK_THAT(queue.body, !Catch::Contains(phone) && !Catch::Contains("345 678"));

  auto page = client.get("/admin/tip?id=1");
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains(submitted.reference) && Catch::Contains("hẻm 12 Lê Lợi"));
  CHECK_THAT(page.body, !Catch::Contains(phone) && !Catch::Contains("345 678"));
  CHECK_THAT(page.body, Catch::Contains("<mark class=\"pii\" title=\"phone\">"));
  CHECK_THAT(page.body, Catch::Contains("action=\"/admin/tip/reveal\""));
  auto views = audit_of(server.store(), "view_tip");
  REQUIRE(views.size() == 1);
  CHECK(views[0].event.tip_id == std::optional<std::int64_t>(1));
  CHECK(views[0].event.officer_id == id);
  CHECK(audit_of(server.store(), "reveal").empty());

  auto revealed = client.post_csrf("/admin/tip/reveal", {{"id", "1"}});
  REQUIRE(revealed.status == 200);
  CHECK_THAT(revealed.body, Catch::Contains(phone));
  CHECK_THAT(revealed.body, !Catch::Contains("action=\"/admin/tip/reveal\""));
  auto reveals = audit_of(server.store(), "reveal");
  REQUIRE(reveals.size() == 1);
  CHECK(reveals[0].event.tip_id == std::optional<std::int64_t>(1));
  CHECK(reveals[0].event.officer_id == id);
  CHECK(reveals[0].event.detail.find("0912") == std::string::npos);

  // Revealing is for that one answer: the next view hides it again.
  CHECK_THAT(client.get("/admin/tip?id=1").body, !Catch::Contains(phone));
  CHECK(audit_of(server.store(), "view_tip").size() == 2);

  // Unknown or malformed ids: 404, nothing audited.
  for (const char* bad : {"/admin/tip?id=99", "/admin/tip?id=0", "/admin/tip?id=-1", "/admin/tip?id=abc", "/admin/tip"}) {
    INFO(bad);
    CHECK(client.get(bad).status == 404);
  }
  CHECK(client.post_csrf("/admin/tip/reveal", {{"id", "99"}}).status == 404);
  CHECK(audit_of(server.store(), "view_tip").size() == 2);
  CHECK(audit_of(server.store(), "reveal").size() == 1);
  CHECK(server.store().verify_audit().ok);
}

TEST_CASE("console: assigning, and closing only with an outcome", "[console][tip]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::officer, password);
  create_officer(server.store(), "khac", domain::Role::officer, password);
  const auto viewer = create_officer(server.store(), "xem", domain::Role::viewer, password);
  const auto tip = store_tip(server.store(), "Có người bán ma túy ở hẻm 12");
  const std::string tip_id = std::to_string(tip.id);
  const std::string back = "303 /admin/tip?id=" + tip_id + "&done=1";
  ConsoleClient client(server.port());
  sign_in(client, "tuan");
  REQUIRE(client.get("/admin/tip?id=" + tip_id).status == 200);
  const auto offset = server.config().form.utc_offset_minutes;

  // Not mine yet.
  CHECK_THAT(client.get("/admin/queue?mine=1").body, !Catch::Contains(tip.reference));

  // Assign to myself with a date.
  auto r = client.post_csrf("/admin/tip/assign", {{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", "2030-06-15"}});
  REQUIRE(outcome(r) == back);
  auto stored = server.store().load_tip(tip.id);
  CHECK(stored->workflow.assignee_id == std::optional<std::int64_t>(id));
  CHECK(stored->workflow.deadline == std::optional<std::int64_t>(end_of_local_day(2030, 6, 15, offset)));
  CHECK(audit_of(server.store(), "assign").size() == 1);
  auto page = client.get("/admin/tip?id=" + tip_id + "&done=1");
  CHECK_THAT(page.body, Catch::Contains("Cán bộ tuan") && Catch::Contains("15/06/2030"));

  auto mine = client.get("/admin/queue?mine=1");
  REQUIRE(mine.status == 200);
  CHECK_THAT(mine.body, Catch::Contains(tip.reference));
  ConsoleClient other(server.port());
  sign_in(other, "khac");
  CHECK_THAT(other.get("/admin/queue?mine=1").body, !Catch::Contains(tip.reference));
  CHECK_THAT(other.get("/admin/queue").body, Catch::Contains(tip.reference));

  // Without a date, the default deadline for the priority (high: 72 h) applies.
  const auto before = unix_now();
  REQUIRE(outcome(client.post_csrf("/admin/tip/assign", {{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", ""}})) == back);
  auto deadline = server.store().load_tip(tip.id)->workflow.deadline;
  REQUIRE(deadline);
  CHECK(*deadline >= before + 72 * 3600);
  CHECK(*deadline <= unix_now() + 72 * 3600);

  // Bad assignments are refused and change nothing.
  for (const FormList& bad : {FormList{{"id", tip_id}, {"officer", std::to_string(viewer)}},
                              FormList{{"id", tip_id}, {"officer", "999"}},
                              FormList{{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", "2030-02-31"}},
                              FormList{{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", "15/06/2030"}},
                              FormList{{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", "2030-6-1xx"}},
                              FormList{{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", "2030-06-1 "}}}) {
    CHECK(client.post_csrf("/admin/tip/assign", bad).status == 400);
  }
  CHECK(server.store().load_tip(tip.id)->workflow.assignee_id == std::optional<std::int64_t>(id));
  CHECK(server.store().load_tip(tip.id)->workflow.deadline == deadline);

  // Closing without an outcome: 400, with a message, nothing changed.
  r = client.post_csrf("/admin/tip/status", {{"id", tip_id}, {"status", "closed"}, {"outcome", ""}});
  CHECK(r.status == 400);
  CHECK_FALSE(error_message(r.body).empty());
  r = client.post_csrf("/admin/tip/status", {{"id", tip_id}, {"status", "closed"}});
  CHECK(r.status == 400);
  CHECK(client.post_csrf("/admin/tip/status", {{"id", tip_id}, {"status", "closed"}, {"outcome", "bogus"}}).status == 400);
  CHECK(client.post_csrf("/admin/tip/status", {{"id", tip_id}, {"status", "bogus"}}).status == 400);
  stored = server.store().load_tip(tip.id);
  CHECK(stored->status == domain::Status::new_);
  CHECK_FALSE(stored->workflow.outcome);
  CHECK_FALSE(stored->workflow.closed_at);
  CHECK(audit_of(server.store(), "status").empty());

  // With an outcome it closes.
  REQUIRE(outcome(client.post_csrf("/admin/tip/status", {{"id", tip_id}, {"status", "closed"}, {"outcome", "arrested"}})) == back);
  stored = server.store().load_tip(tip.id);
  CHECK(stored->status == domain::Status::closed);
  CHECK(stored->workflow.outcome == domain::Outcome::arrested);
  CHECK(stored->workflow.closed_at);
  CHECK(audit_of(server.store(), "status").size() == 1);
  // Closed tips leave the default (open) queue.
  CHECK_THAT(client.get("/admin/queue").body, !Catch::Contains(tip.reference));
  CHECK_THAT(client.get("/admin/queue?status=closed").body, Catch::Contains(tip.reference));
  CHECK(server.store().verify_audit().ok);
}

TEST_CASE("console: text from reporters and officers is escaped on every page", "[console][tip]") {
  TestServer server;
  create_officer(server.store(), "tuan", domain::Role::officer, password);
  const std::string script = "<script>alert(1)</script>";
  const std::string escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
  // As plain stored text, as a web tip's JSON, and through the resident's form.
  const auto plain = store_tip(server.store(), script);
  const auto json = store_tip(
      server.store(),
      R"js({"what":"<script>alert(1)</script>","where":"<img src=x onerror=alert(2)>","when":"\" onmouseover=\"alert(3)","pii":[]})js");
  TlsClient web(server.port());
  auto submitted = submit_tip(web, {{"what", script + " bán ma túy"}, {"where", "<b>hẻm 12</b>"}});
  REQUIRE(submitted.result.status == 200);

  ConsoleClient client(server.port());
  sign_in(client, "tuan");
  auto queue = client.get("/admin/queue");
  REQUIRE(queue.status == 200);
  CHECK_THAT(queue.body, !Catch::Contains("<script") && !Catch::Contains("<img") && !Catch::Contains("<b>hẻm"));
  CHECK_THAT(queue.body, Catch::Contains(escaped));
  CHECK_THAT(queue.body, Catch::Contains(plain.reference) && Catch::Contains(json.reference) &&
                             Catch::Contains(submitted.reference));

  for (std::int64_t tip = 1; tip <= 3; ++tip) {
    INFO("tip " << tip);
    auto page = client.get("/admin/tip?id=" + std::to_string(tip));
    REQUIRE(page.status == 200);
    CHECK_THAT(page.body, !Catch::Contains("<script") && !Catch::Contains("<img") && !Catch::Contains("<b>hẻm") &&
                              !Catch::Contains("\" onmouseover"));
    CHECK_THAT(page.body, Catch::Contains(escaped));
    auto revealed = client.post_csrf("/admin/tip/reveal", {{"id", std::to_string(tip)}});
    CHECK_THAT(revealed.body, !Catch::Contains("<script") && !Catch::Contains("<img") && !Catch::Contains("<b>hẻm"));
  }

  // An officer's note with markup, and a display name with markup, are escaped too.
  REQUIRE(client.post_csrf("/admin/tip/note", {{"id", "1"}, {"text", "<i>note</i>" + script}}).status == 303);
  auto page = client.get("/admin/tip?id=1");
  CHECK_THAT(page.body, Catch::Contains("&lt;i&gt;note&lt;/i&gt;") && !Catch::Contains("<i>note"));
  CHECK_THAT(page.body, !Catch::Contains("<script"));

  storage::NewOfficer odd;
  odd.username = "odd";
  odd.display_name = "<b>Cán bộ</b><script>x()</script>";
  odd.role = domain::Role::officer;
  odd.password_hash = tipline::password::hash_with(password, 10, 8, 1);
  odd.must_change_password = false;
  odd.created_at = unix_now();
  server.store().create_officer(odd, test_event("account_created"));
  ConsoleClient odd_client(server.port());
  sign_in(odd_client, "odd");
  auto odd_page = odd_client.get("/admin/queue");
  CHECK_THAT(odd_page.body, Catch::Contains("&lt;b&gt;Cán bộ&lt;/b&gt;") && !Catch::Contains("<script"));
  // And in the assignee list of another officer's tip page.
  CHECK_THAT(client.get("/admin/tip?id=1").body, !Catch::Contains("<b>Cán bộ</b>"));
}

TEST_CASE("console: an officer switches the console to English", "[console]") {
  TestServer server;
  const auto id = create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());
  sign_in(client, "tuan");
  auto vi = client.get("/admin/queue");
  CHECK_THAT(vi.body, Catch::Contains("<html lang=\"vi\">") && Catch::Contains("Hàng đợi tin báo"));
  REQUIRE(outcome(client.post_csrf("/admin/language", {{"lang", "en"}})) == "303 /admin");
  CHECK(server.store().officer(id)->language == domain::Language::en);
  auto en = client.get("/admin/queue");
  CHECK_THAT(en.body, Catch::Contains("<html lang=\"en\">") && Catch::Contains("Tip queue"));
  // Anything but "en" means Vietnamese.
  REQUIRE(outcome(client.post_csrf("/admin/language", {{"lang", "fr"}})) == "303 /admin");
  CHECK(server.store().officer(id)->language == domain::Language::vi);
}

TEST_CASE("console: a report-only account chooses whole months, never a handful of days", "[console][report]") {
  TestServer server;
  create_officer(server.store(), "xem", domain::Role::viewer, password);
  create_officer(server.store(), "lead", domain::Role::leader, password);
  ConsoleClient viewer(server.port());
  REQUIRE(outcome(viewer.login("xem", password)) == "303 /admin");
  CHECK(viewer.get("/admin/report?month=2025-11").status == 200);
  CHECK(viewer.get("/admin/report?from=2025-11-03&to=2025-11-03").status == 400);
  CHECK(viewer.get("/admin/report.csv?from=2025-11-03&to=2025-11-03").status == 400);
  ConsoleClient leader(server.port());
  REQUIRE(outcome(leader.login("lead", password)) == "303 /admin");
  CHECK(leader.get("/admin/report?from=2025-11-03&to=2025-11-09").status == 200);
}

TEST_CASE("console: the report's CSV export is the CSV, and it is audited", "[console][report]") {
  TestServer server;
  create_officer(server.store(), "lead", domain::Role::leader, password);
  ConsoleClient leader(server.port());
  sign_in(leader, "lead");
  auto csv = leader.get("/admin/report.csv?month=2025-11");
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.header("content-type"), Catch::StartsWith("text/csv"));
  CHECK_THAT(csv.header("content-disposition"), Catch::Contains("tipline-report-2025-11.csv"));
  CHECK_THAT(csv.body, Catch::StartsWith("\xEF\xBB\xBFsection,key,name,value\r\n"));
  auto exports = audit_of(server.store(), "export");
  REQUIRE(exports.size() == 1);
  CHECK_THAT(exports[0].event.detail, Catch::Contains("2025-11"));
}

TEST_CASE("console: a reply reaches a chat reporter through the platform, a web reporter on the status page",
          "[console][reply]") {
  FakePlatform platform;
  answer_sends_ok(platform);
  TestServer server(channels_config(platform));
  create_officer(server.store(), "minh", domain::Role::officer, password);
  TlsClient reporter(server.port());
  REQUIRE(post_messenger(reporter, messenger_text_body("7000000000000042", "m_reply_1", now_ms(),
                                                       "Có người bán ma túy ở hẻm 12")).status == 200);
  REQUIRE(platform.wait_for("/graph/", 1, std::chrono::seconds(10)));  // the acknowledgement
  auto web = submit_tip(reporter, {{"what", "Tối nào cũng có người tụ tập hút ở nhà số 5"}});
  REQUIRE(web.result.status == 200);

  ConsoleClient officer(server.port());
  sign_in(officer, "minh");
  const auto csrf = officer.fresh_csrf("/admin/tip?id=1");
  auto chat_reply = officer.post("/admin/tip/reply", {{"csrf", csrf}, {"id", "1"}, {"text", "Bạn thấy xe biển số mấy?"}});
  CHECK(chat_reply.status == 303);
  REQUIRE(platform.wait_for("/graph/", 2, std::chrono::seconds(10)));
  auto sent = nlohmann::json::parse(platform.requests_to("/graph/").back().body);
  CHECK(sent["recipient"]["id"] == "7000000000000042");
  CHECK(sent["message"]["text"] == "Bạn thấy xe biển số mấy?");

  auto web_reply = officer.post("/admin/tip/reply", {{"csrf", csrf}, {"id", "2"}, {"text", "Nhà số 5 ở hẻm nào? <b>"}});
  CHECK(web_reply.status == 303);
  auto status = lookup_receipt(reporter, web.code);
  REQUIRE(status.status == 200);
  CHECK_THAT(status.body, Catch::Contains("Nhà số 5 ở hẻm nào? &lt;b&gt;"));
  CHECK(audit_of(server.store(), "reply").size() == 2);
}
