// What only admins do, in process: accounts (created with a one-time password,
// disabled, reset, given another role, never leaving no admin), the console's
// settings, and the audit log's pages.
#include <catch2/catch.hpp>

#include <regex>

#include "common/totp.hpp"
#include "support/console_in_process.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;

namespace {

// A signed-in admin reading the console in English, and an officer to manage.
struct AsAdmin {
  AsAdmin() : admin(site.officer("quantri", domain::Role::admin)), tuan(site.officer("tuan", domain::Role::officer)) {
    site.officers.set_language(admin, domain::Language::en);
  }
  ConsoleInProcess site;
  std::int64_t admin;
  std::int64_t tuan;
  ConsoleBrowser client = site.signed_in("quantri");

  HttpResult update(std::int64_t id, const std::string& action, FormList more = {}) {
    more.emplace_back("id", std::to_string(id));
    more.emplace_back("action", action);
    return client.post_csrf("/admin/accounts/update", std::move(more), "/admin/accounts");
  }
};

std::string one_time_password(const std::string& html) {
  std::smatch m;
  return std::regex_search(html, m, std::regex(R"(id="one-time-password">([^<]*)<)")) ? m[1].str() : "";
}

}  // namespace

TEST_CASE("console admin: a new account gets a one-time password that must be changed", "[console][admin]") {
  AsAdmin as;
  auto r = as.client.post_csrf("/admin/accounts", {{"username", " Moi.Canbo "}, {"display_name", "Cán bộ mới"},
                                                   {"role", "leader"}});
  REQUIRE(r.status == 200);
  const auto one_time = one_time_password(r.body);
  REQUIRE(one_time.size() >= 12);
  auto created = as.site.officers.find_officer("moi.canbo");
  REQUIRE(created);
  CHECK(created->username == "moi.canbo");  // trimmed, lower case
  CHECK(created->role == domain::Role::leader);
  CHECK(created->must_change_password);
  auto added = as.site.audit.events("officer_add");
  REQUIRE(added.size() == 1);
  CHECK(added[0].detail == "moi.canbo leader");
  CHECK(added[0].detail.find(one_time) == std::string::npos);
  CHECK(outcome(as.site.browser().login("moi.canbo", one_time)) == "303 /admin/password");

  // The same name in other letters is taken; bad names, display names and roles are refused.
  auto taken = as.client.post_csrf("/admin/accounts", {{"username", "MOI.CANBO"}, {"display_name", "Khác"},
                                                       {"role", "officer"}});
  CHECK(taken.status == 409);
  CHECK_THAT(taken.body, Catch::Contains("That user name is taken."));
  CHECK_THAT(taken.body, Catch::Contains("value=\"Khác\""));  // what was typed is kept
  CHECK(as.client.post_csrf("/admin/accounts", {{"username", "ab"}, {"display_name", "x"}, {"role", "officer"}}).status ==
        400);
  CHECK(as.client.post_csrf("/admin/accounts", {{"username", "abc"}, {"display_name", " "}, {"role", "officer"}})
            .status == 400);
  CHECK(as.client.post_csrf("/admin/accounts", {{"username", "abc"}, {"display_name", "x"}, {"role", "boss"}}).status ==
        400);
  CHECK(as.site.officers.list_officers().size() == 3);
  CHECK(as.site.audit.events("officer_add").size() == 1);
}

TEST_CASE("console admin: disabling, enabling, resetting and changing roles", "[console][admin]") {
  AsAdmin as;
  auto officer = as.site.signed_in("tuan");

  REQUIRE(outcome(as.update(as.tuan, "disable")) == "303 /admin/accounts");
  CHECK(as.site.officers.officer(as.tuan)->disabled);
  CHECK(outcome(officer.get("/admin/queue")) == "303 /admin/login");
  CHECK(as.site.audit.events("officer_disable").size() == 1);
  // Disabling twice changes nothing more.
  REQUIRE(outcome(as.update(as.tuan, "disable")) == "303 /admin/accounts");
  CHECK(as.site.audit.events("officer_disable").size() == 1);
  REQUIRE(outcome(as.update(as.tuan, "enable")) == "303 /admin/accounts");
  CHECK_FALSE(as.site.officers.officer(as.tuan)->disabled);
  CHECK(as.site.audit.events("officer_enable").size() == 1);

  officer = as.site.signed_in("tuan");
  auto reset = as.update(as.tuan, "reset_password");
  REQUIRE(reset.status == 200);
  const auto one_time = one_time_password(reset.body);
  REQUIRE_FALSE(one_time.empty());
  CHECK(as.site.officers.officer(as.tuan)->must_change_password);
  CHECK(outcome(officer.get("/admin/queue")) == "303 /admin/login");
  CHECK(as.site.browser().login("tuan", password).status == 401);
  CHECK(outcome(as.site.browser().login("tuan", one_time)) == "303 /admin/password");

  REQUIRE(outcome(as.update(as.tuan, "role", {{"role", "leader"}})) == "303 /admin/accounts");
  CHECK(as.site.officers.officer(as.tuan)->role == domain::Role::leader);
  auto roles = as.site.audit.events("officer_role");
  REQUIRE(roles.size() == 1);
  CHECK(roles[0].detail == "tuan officer->leader");
  // The same role again is no change.
  REQUIRE(outcome(as.update(as.tuan, "role", {{"role", "leader"}})) == "303 /admin/accounts");
  CHECK(as.site.audit.events("officer_role").size() == 1);

  CHECK(as.update(as.tuan, "role", {{"role", "boss"}}).status == 400);
  CHECK(as.update(as.tuan, "promote").status == 400);
  CHECK(as.update(999, "disable").status == 404);
  CHECK(as.client.post_csrf("/admin/accounts/update", {{"id", "x"}, {"action", "disable"}}).status == 400);
}

TEST_CASE("console admin: an admin cannot lock themselves or the last admin out", "[console][admin]") {
  AsAdmin as;
  auto self_disable = as.update(as.admin, "disable");
  CHECK(self_disable.status == 409);
  CHECK_THAT(self_disable.body, Catch::Contains("You cannot disable your own account."));
  CHECK(as.update(as.admin, "reset_password").status == 409);
  auto demoted = as.update(as.admin, "role", {{"role", "officer"}});
  CHECK(demoted.status == 409);
  CHECK_THAT(demoted.body, Catch::Contains("The role of the last active administrator cannot be changed."));
  const auto admin = as.site.officers.officer(as.admin);
  CHECK(admin->role == domain::Role::admin);
  CHECK_FALSE(admin->disabled);
  CHECK(as.site.officers.sessions().size() == 1);
  CHECK(as.site.audit.events("officer_role").empty());
  CHECK(as.site.audit.events("officer_disable").empty());

  // Another admin may not disable the last one either, once it is the last.
  const auto second = as.site.officer("phu", domain::Role::admin);
  auto other_admin = as.site.signed_in("phu");
  REQUIRE(outcome(as.update(second, "role", {{"role", "officer"}})) == "303 /admin/accounts");
  CHECK(other_admin.get("/admin/accounts").status == 303);  // its sessions ended with the role
  REQUIRE(outcome(as.update(second, "role", {{"role", "admin"}})) == "303 /admin/accounts");
  other_admin = as.site.signed_in("phu");
  REQUIRE(outcome(other_admin.post_csrf("/admin/accounts/update",
                                        {{"id", std::to_string(as.admin)}, {"action", "disable"}},
                                        "/admin/accounts")) == "303 /admin/accounts");
  auto last = as.site.signed_in("phu");
  CHECK(as.site.officers.officer(as.admin)->disabled);
  CHECK(last.post_csrf("/admin/accounts/update", {{"id", std::to_string(second)}, {"action", "disable"}},
                       "/admin/accounts")
            .status == 409);
}

TEST_CASE("console admin: the TOTP setting is switched on and off, each change audited once", "[console][admin]") {
  AsAdmin as;
  CHECK(as.client.get("/admin/accounts").status == 200);
  REQUIRE(outcome(as.client.post_csrf("/admin/settings", {{"totp_required", "1"}})) == "303 /admin/accounts");
  CHECK(as.site.officers.setting("totp_required") == std::optional<std::string>("1"));
  // The admin must set it up too before anything else, switching it off included.
  CHECK(outcome(as.client.post_csrf("/admin/settings", {})) == "303 /admin/totp");
  CHECK(as.site.officers.setting("totp_required") == std::optional<std::string>("1"));
  as.site.officers.set_totp(as.admin, tipline::totp::new_secret(), 0, {});
  // An unticked box sends nothing: off.
  REQUIRE(outcome(as.client.post_csrf("/admin/settings", {})) == "303 /admin/accounts");
  CHECK(as.site.officers.setting("totp_required") == std::optional<std::string>("0"));
  CHECK(as.client.post_csrf("/admin/settings", {{"totp_required", "yes"}}).status == 400);
  const auto settings = as.site.audit.events("setting");
  REQUIRE(settings.size() == 2);
  CHECK(settings[0].detail == "totp_required=1");
  CHECK(settings[1].detail == "totp_required=0");
}

TEST_CASE("console admin: the audit log's pages filter, page back and are not themselves audited",
          "[console][admin][audit]") {
  AsAdmin as;
  const auto tip = as.site.tip("Có người bán ma túy ở hẻm 12");
  auto officer = as.site.signed_in("tuan");
  for (int i = 0; i < 55; ++i) REQUIRE(officer.get("/admin/tip?id=" + std::to_string(tip.id)).status == 200);
  const auto entries_before = as.site.audit.entries().size();

  auto page = as.client.get("/admin/audit?action=view_tip");
  REQUIRE(page.status == 200);
  std::smatch older;
  REQUIRE(std::regex_search(page.body, older, std::regex(R"re(href="(/admin/audit\?action=view_tip&amp;before=\d+)")re")));
  auto next = as.client.get(std::regex_replace(older[1].str(), std::regex("&amp;"), "&"));
  REQUIRE(next.status == 200);
  CHECK_THAT(next.body, Catch::Contains("href=\"/admin/audit?action=view_tip\""));  // back to the newest
  CHECK_THAT(as.client.get("/admin/audit?tip=" + std::to_string(tip.id)).body, Catch::Contains("view_tip"));
  for (const char* bad : {"/admin/audit?officer=x", "/admin/audit?tip=-1", "/admin/audit?before=0",
                          "/admin/audit?action=DROP%20TABLE"}) {
    INFO(bad);
    CHECK(as.client.get(bad).status == 400);
  }
  CHECK(as.site.audit.entries().size() == entries_before);
}
