// Who reaches which console route, in process: every route for each role and for
// nobody signed in, and for sessions stopped half-way through signing in.
#include <catch2/catch.hpp>

#include <algorithm>

#include "common/totp.hpp"
#include "support/console_in_process.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;
using Need = tipline::handlers::Console::Need;

namespace {

struct Route {
  std::string method;
  std::string target;
  Need need;
  FormList fields;      // for a POST: what it sends besides the CSRF token
  std::string allowed;  // the outcome for a role that may use it
};

// Every route behind a role, each with input that changes nothing that matters when
// allowed (a refusal for bad input, a page, a redirect), so one session can try them all.
std::vector<Route> routes_behind_roles(std::int64_t tip) {
  const std::string id = std::to_string(tip);
  return {
      {"GET", "/admin", Need::viewer, {}, "303 /admin/queue"},
      {"GET", "/admin/password", Need::viewer, {}, "200"},
      {"POST", "/admin/password", Need::viewer, {{"current", "not-it"}, {"new", "a"}, {"again", "b"}}, "400"},
      {"GET", "/admin/totp", Need::viewer, {}, "200"},
      {"POST", "/admin/totp", Need::viewer, {{"code", "123456"}}, "400"},
      {"POST", "/admin/language", Need::viewer, {{"lang", "vi"}}, "303 /admin"},
      {"GET", "/admin/report", Need::viewer, {}, "200"},
      {"GET", "/admin/report.csv", Need::viewer, {}, "200"},
      {"GET", "/admin/queue", Need::officer, {}, "200"},
      {"GET", "/admin/tip?id=" + id, Need::officer, {}, "200"},
      {"POST", "/admin/tip/reveal", Need::officer, {{"id", id}}, "200"},
      {"POST", "/admin/tip/assign", Need::officer, {{"id", id}, {"officer", "abc"}}, "400"},
      {"POST", "/admin/tip/status", Need::officer, {{"id", id}, {"status", "bogus"}}, "400"},
      {"POST", "/admin/tip/note", Need::officer, {{"id", id}, {"text", ""}}, "400"},
      {"POST", "/admin/tip/reply", Need::officer, {{"id", id}, {"text", ""}}, "400"},
      {"POST", "/admin/tip/labels", Need::officer, {{"id", id}, {"priority", "bogus"}}, "400"},
      {"POST", "/admin/tip/merge", Need::officer, {{"id", id}, {"other", ""}}, "400"},
      {"POST", "/admin/tip/split", Need::officer, {{"id", id}}, "303 /admin/tip?id=" + id + "&done=1"},
      {"GET", "/admin/team", Need::leader, {}, "200"},
      {"GET", "/admin/accounts", Need::admin, {}, "200"},
      {"POST", "/admin/accounts", Need::admin, {{"username", "X"}, {"display_name", "x"}, {"role", "officer"}}, "400"},
      {"POST", "/admin/accounts/update", Need::admin, {{"id", "0"}, {"action", "disable"}}, "400"},
      {"GET", "/admin/audit", Need::admin, {}, "200"},
      {"POST", "/admin/settings", Need::admin, {{"totp_required", "2"}}, "400"},
  };
}

HttpResult visit(ConsoleBrowser& client, const Route& route, const std::string& csrf) {
  if (route.method == "GET") return client.get(route.target);
  auto fields = route.fields;
  fields.emplace_back("csrf", csrf);
  return client.post(route.target, fields);
}

}  // namespace

TEST_CASE("console roles: each role reaches the routes of its rank and is refused the others", "[console][roles]") {
  const auto [generated_role, generated_rank] = GENERATE(table<domain::Role, Need>(
      {{domain::Role::viewer, Need::viewer},
       {domain::Role::officer, Need::officer},
       {domain::Role::leader, Need::leader},
       {domain::Role::admin, Need::admin}}));
  const domain::Role role = generated_role;
  const Need rank = generated_rank;
  ConsoleInProcess site;
  site.officer("someone", role);
  const auto tip = site.tip("Có người bán ma túy ở hẻm 12").id;
  auto client = site.signed_in("someone");
  const auto csrf = client.fresh_csrf("/admin/totp");
  REQUIRE_FALSE(csrf.empty());
  const auto routes = routes_behind_roles(tip);
  for (const auto& route : routes) {
    INFO(domain::stored_name(role) << ": " << route.method << " " << route.target);
    const auto r = visit(client, route, csrf);
    if (rank < route.need) {
      CHECK(r.status == 403);
      CHECK_THAT(r.body, !Catch::Contains("hẻm 12"));
    } else if (route.target == "/admin") {
      CHECK(outcome(r) == (role == domain::Role::viewer ? "303 /admin/report" : "303 /admin/queue"));
    } else {
      CHECK(outcome(r) == route.allowed);
    }
  }
  // Still signed in: no refusal ended the session.
  CHECK(client.get("/admin/totp").status == 200);
  const auto refused = std::count_if(routes.begin(), routes.end(), [&](const Route& r) { return rank < r.need; });
  CHECK(site.logged("console.forbidden") == static_cast<std::size_t>(refused));
}

TEST_CASE("console roles: a viewer sees aggregates only, never a tip", "[console][roles]") {
  ConsoleInProcess site;
  site.officer("xem", domain::Role::viewer);
  const auto tip = site.tip("Có người bán ma túy ở hẻm 12");
  auto client = site.signed_in("xem");
  const auto csrf = client.fresh_csrf("/admin/totp");
  auto revealed = client.post("/admin/tip/reveal", {{"csrf", csrf}, {"id", std::to_string(tip.id)}});
  CHECK(revealed.status == 403);
  CHECK_THAT(revealed.body, !Catch::Contains("hẻm 12"));
  CHECK(client.post("/admin/tip/status", {{"csrf", csrf}, {"id", std::to_string(tip.id)}, {"status", "spam"}}).status ==
        403);
  CHECK(client.get("/admin/queue?mine=1").status == 403);
  CHECK(site.tips.load_tip(tip.id)->status == domain::Status::new_);
  CHECK(site.audit.events("view_tip").empty());
  CHECK(site.audit.events("reveal").empty());
  CHECK(site.audit.events("status").empty());
  // The navigation offers none of it.
  auto report = client.get("/admin/report");
  CHECK(report.status == 200);
  CHECK_THAT(report.body, !Catch::Contains("href=\"/admin/queue\"") && !Catch::Contains("href=\"/admin/accounts\""));
}

TEST_CASE("console roles: nobody signed in is sent to the sign-in, and a half-signed session to its step",
          "[console][roles][sessions]") {
  ConsoleInProcess site;
  const auto secret = tipline::totp::new_secret();
  site.officer("lan", domain::Role::admin, false, secret);
  create_officer(site.officers, "thu", domain::Role::admin, "abcd-efgh-jkmn-pqrs", /*must_change=*/true);
  const auto tip = site.tip("Có người bán ma túy ở hẻm 12").id;

  auto nobody = site.browser();
  auto code_step = site.browser();
  REQUIRE(outcome(code_step.login("lan", password)) == "303 /admin/login/code");
  const auto code_csrf = code_step.fresh_csrf("/admin/login/code");
  auto password_step = site.browser();
  REQUIRE(outcome(password_step.login("thu", "abcd-efgh-jkmn-pqrs")) == "303 /admin/password");
  const auto password_csrf = password_step.fresh_csrf("/admin/password");
  REQUIRE_FALSE(password_csrf.empty());

  for (const auto& route : routes_behind_roles(tip)) {
    INFO(route.method << " " << route.target);
    CHECK(outcome(visit(nobody, route, "")) == "303 /admin/login");
    CHECK(outcome(visit(code_step, route, code_csrf)) == "303 /admin/login/code");
    if (route.target != "/admin/password")
      CHECK(outcome(visit(password_step, route, password_csrf)) == "303 /admin/password");
  }
  CHECK(password_step.get("/admin/password").status == 200);
  // None of it touched the tip or wrote to the audit log beyond the accounts' setup.
  CHECK(site.tips.load_tip(tip)->messages.size() == 1);
  CHECK_FALSE(site.tips.load_tip(tip)->labels.group);
  CHECK(site.audit.events("view_tip").empty());
  CHECK(site.audit.events("reveal").empty());
  CHECK(site.audit.events("login").size() == 1);  // the one-time password's sign-in
}
