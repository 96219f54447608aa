// The officers' console at /admin over real TLS against the real server and its
// SQLite store: what needs the socket or the database. The console's rules (sign-in,
// second factor, roles, CSRF, sessions, the tip workflow) are tested in process
// against fakes of the store (tests/unit/handlers/console); here are the cookie and
// headers as served, one whole working session end to end, attempts raced over
// several connections, and a reply leaving through the outbox.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <latch>
#include <memory>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "common/totp.hpp"
#include "storage/sqlite_store.hpp"
#include "support/channels.hpp"
#include "support/console_client.hpp"
#include "support/https_client.hpp"
#include "support/submit.hpp"
#include "support/test_server.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;
namespace storage = tipline::storage;
namespace totp = tipline::totp;

namespace {

const std::string password = "song-Hong-chay-mai-2025";

std::vector<storage::AuditEntry> audit_of(storage::Store& store, const std::string& action) {
  storage::AuditFilter filter;
  filter.action = action;
  filter.limit = 1000;
  return store.audit_entries(filter);
}

// Signs in with a password alone and checks it worked.
void sign_in(ConsoleClient& client, const std::string& username, const std::string& pw = password) {
  auto r = client.login(username, pw);
  INFO("signing in as " << username);
  REQUIRE(outcome(r) == "303 /admin");
  REQUIRE_FALSE(client.cookie().empty());
}

}  // namespace

TEST_CASE("console: the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict", "[console]") {
  TestServer server;
  create_officer(server.store(), "tuan", domain::Role::officer, password);
  ConsoleClient client(server.port());
  auto r = client.login("tuan", password);
  REQUIRE(r.status == 303);
  auto cookie = parse_set_cookie(r.header("set-cookie"));
  REQUIRE(cookie);
  CHECK(cookie->name == ConsoleClient::cookie_name);
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

TEST_CASE("console end to end: a web tip is found, read, revealed, assigned, closed and the officer signs out",
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
  auto login_page = client.get("/admin/login");
  // The console's pages carry the gateway's security headers, and are never cached.
  CHECK_THAT(login_page.header("content-security-policy"), Catch::Contains("default-src 'none'") &&
                                                               Catch::Contains("frame-ancestors 'none'"));
  CHECK(login_page.header("x-frame-options") == "DENY");
  CHECK(login_page.header("cache-control") == "no-store");
  CHECK_THAT(login_page.header("strict-transport-security"), Catch::Contains("max-age"));
  sign_in(client, "tuan");

  // Triage found the phone number in the form's text: the queue and the page hide it.
  auto queue = client.get("/admin/queue");
  REQUIRE(queue.status == 200);
  CHECK(queue.header("cache-control") == "no-store");
  CHECK_THAT(queue.body, Catch::Contains(submitted.reference));
  CHECK_THAT(queue.body, !Catch::Contains(phone) && !Catch::Contains("345 678"));
  auto page = client.get("/admin/tip?id=1");
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains(submitted.reference) && Catch::Contains("hẻm 12 Lê Lợi"));
  CHECK_THAT(page.body, !Catch::Contains(phone) && Catch::Contains("<mark class=\"pii\" title=\"phone\">"));
  auto revealed = client.post_csrf("/admin/tip/reveal", {{"id", "1"}});
  REQUIRE(revealed.status == 200);
  CHECK_THAT(revealed.body, Catch::Contains(phone));

  // The workflow's changes are in the database.
  REQUIRE(outcome(client.post_csrf("/admin/tip/assign", {{"id", "1"}, {"officer", std::to_string(id)}})) ==
          "303 /admin/tip?id=1&done=1");
  REQUIRE(outcome(client.post_csrf("/admin/tip/status", {{"id", "1"}, {"status", "closed"}, {"outcome", "arrested"}})) ==
          "303 /admin/tip?id=1&done=1");
  auto stored = server.store().load_tip(1);
  CHECK(stored->workflow.assignee_id == std::optional<std::int64_t>(id));
  CHECK(stored->workflow.deadline);
  CHECK(stored->status == domain::Status::closed);
  CHECK(stored->workflow.outcome == std::optional<domain::Outcome>(domain::Outcome::arrested));
  CHECK(stored->workflow.closed_at);
  CHECK_THAT(client.get("/admin/queue?status=closed").body, Catch::Contains(submitted.reference));

  // Signing out ends the session in the database.
  const auto db = server.config().database_file;
  REQUIRE(query_int(db, "SELECT count(*) FROM sessions") == std::optional<std::int64_t>(1));
  REQUIRE(outcome(client.post("/admin/logout", {{"csrf", client.csrf()}})) == "303 /admin/login");
  CHECK(query_int(db, "SELECT count(*) FROM sessions") == std::optional<std::int64_t>(0));
  CHECK(outcome(client.get("/admin/queue")) == "303 /admin/login");

  // Every step is in the audit log, once, and its chain verifies.
  for (const char* action : {"login", "view_tip", "reveal", "assign", "status", "logout"}) {
    INFO(action);
    const auto entries = audit_of(server.store(), action);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].event.officer_id == id);
  }
  CHECK(audit_of(server.store(), "reveal")[0].event.detail.find("0912") == std::string::npos);
  auto verified = server.store().verify_audit();
  CHECK(verified.ok);
  CHECK(verified.problem.empty());
  CHECK(verified.rows == 7);  // and the account's creation
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
