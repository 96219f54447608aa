// The officers' fake keeps the promises the console relies on, as the SQLite store does.
#include <catch2/catch.hpp>

#include "support/backends.hpp"

using namespace tipline;
using namespace tipline::storage;
using namespace tipline::storage::testing;

namespace {

constexpr std::int64_t t0 = 1763900000;

AuditEvent event(const std::string& action) {
  AuditEvent e;
  e.at = t0;
  e.actor = "admin";
  e.action = action;
  return e;
}


std::size_t audited(AuditLog& log, const std::string& action) {
  AuditFilter filter;
  filter.action = action;
  return log.audit_entries(filter).size();
}

}  // namespace

TEMPLATE_TEST_CASE("officer store contract: user names are unique whatever their case", "[fakes][officers]",
                   FakeBackend, SqliteBackend) {
  TestType b;
  const auto id = b.officers.create_officer(new_officer("lan"), event("officer_add"));
  CHECK_THROWS_AS(b.officers.create_officer(new_officer("LAN"), event("officer_add")), DuplicateError);
  REQUIRE(b.officers.find_officer("Lan"));
  CHECK(b.officers.find_officer("Lan")->id == id);
  CHECK_FALSE(b.officers.find_officer("lan2"));
  CHECK(b.officers.list_officers().size() == 1);
  CHECK(audited(b.audit, "officer_add") == 1);
  CHECK(b.officers.officer(id)->language == domain::Language::vi);
  CHECK(b.officers.officer(id)->must_change_password);
}

TEMPLATE_TEST_CASE("officer store contract: attempts are charged, lock at the limit, and a success clears them",
                   "[fakes][officers]", FakeBackend, SqliteBackend) {
  TestType b;
  const auto id = b.officers.create_officer(new_officer("duc"), event("officer_add"));
  using Attempt = OfficerStore::Attempt;
  const auto lock_until = t0 + 900;
  CHECK(b.officers.claim_login_attempt(id, t0, 3, lock_until) == Attempt::allowed);
  CHECK(b.officers.claim_login_attempt(id, t0, 3, lock_until) == Attempt::allowed);
  CHECK(b.officers.officer(id)->failed_logins == 2);
  CHECK(b.officers.claim_login_attempt(id, t0, 3, lock_until) == Attempt::last);
  CHECK(b.officers.officer(id)->locked_until == lock_until);
  CHECK(b.officers.claim_login_attempt(id, lock_until - 1, 3, lock_until + 900) == Attempt::locked);
  // Once the lock has passed, the count starts afresh.
  CHECK(b.officers.claim_login_attempt(id, lock_until, 3, lock_until + 900) == Attempt::allowed);
  CHECK(b.officers.officer(id)->failed_logins == 1);
  CHECK(b.officers.record_login_success(id, 0, event("login")));
  CHECK(b.officers.officer(id)->failed_logins == 0);
  CHECK(b.officers.officer(id)->locked_until == 0);
  CHECK(b.officers.claim_login_attempt(999, t0, 3, lock_until) == Attempt::locked);

  // A TOTP step is accepted once, and never one older than the last.
  CHECK(b.officers.record_login_success(id, 100, event("login")));
  CHECK_FALSE(b.officers.record_login_success(id, 100, event("login")));
  CHECK_FALSE(b.officers.record_login_success(id, 99, event("login")));
  CHECK(b.officers.officer(id)->totp_last_step == 100);
  CHECK(audited(b.audit, "login") == 2);
}

TEMPLATE_TEST_CASE("officer store contract: password, role and disabling end the officer's sessions",
                   "[fakes][officers]", FakeBackend, SqliteBackend) {
  TestType b;
  const auto id = b.officers.create_officer(new_officer("tuan"), event("officer_add"));
  const auto other = b.officers.create_officer(new_officer("khac"), event("officer_add"));
  auto open = [&](const std::string& hash, std::int64_t officer) {
    b.officers.create_session({hash, officer, "csrf-" + hash, domain::SessionStage::full, t0, t0});
  };
  open("mine", id);
  open("theirs", other);
  b.officers.touch_session("mine", t0 + 60);
  CHECK(b.officers.find_session("mine")->last_seen_at == t0 + 60);
  b.officers.touch_session("mine", t0 + 30);  // never backwards
  CHECK(b.officers.find_session("mine")->last_seen_at == t0 + 60);

  b.officers.set_password(id, "scrypt$new", false, event("password_changed"));
  CHECK_FALSE(b.officers.find_session("mine"));
  CHECK(b.officers.find_session("theirs"));
  open("mine", id);
  b.officers.set_role(id, domain::Role::leader, event("officer_role"));
  CHECK_FALSE(b.officers.find_session("mine"));
  open("mine", id);
  b.officers.set_disabled(id, true, event("officer_disable"));
  CHECK_FALSE(b.officers.find_session("mine"));
  CHECK(b.officers.officer(id)->disabled);
  CHECK(b.officers.find_session("theirs"));
  CHECK_THROWS_AS(b.officers.set_password(999, "scrypt$x", false, event("password_changed")), StoreError);
}

TEMPLATE_TEST_CASE("officer store contract: the last enabled admin can be neither disabled nor demoted",
                   "[fakes][officers]", FakeBackend, SqliteBackend) {
  TestType b;
  const auto admin = b.officers.create_officer(new_officer("quantri", domain::Role::admin), event("officer_add"));
  CHECK_THROWS_AS(b.officers.set_disabled(admin, true, event("officer_disable")), LastAdminError);
  CHECK_THROWS_AS(b.officers.set_role(admin, domain::Role::officer, event("officer_role")), LastAdminError);
  CHECK_FALSE(b.officers.officer(admin)->disabled);
  CHECK(b.officers.officer(admin)->role == domain::Role::admin);
  CHECK(audited(b.audit, "officer_disable") == 0);
  CHECK(audited(b.audit, "officer_role") == 0);
  // With a second admin, either may go.
  b.officers.create_officer(new_officer("phu", domain::Role::admin), event("officer_add"));
  b.officers.set_role(admin, domain::Role::officer, event("officer_role"));
  CHECK(b.officers.officer(admin)->role == domain::Role::officer);
}

TEMPLATE_TEST_CASE("officer store contract: settings and the audit log, newest first", "[fakes][audit]", FakeBackend,
                   SqliteBackend) {
  TestType b;
  CHECK_FALSE(b.officers.setting("totp_required"));
  b.officers.set_setting("totp_required", "1", event("setting"));
  CHECK(b.officers.setting("totp_required") == std::optional<std::string>("1"));
  for (int i = 0; i < 3; ++i) {
    auto e = event("view_tip");
    e.tip_id = i + 1;
    b.audit.audit(e);
  }
  AuditFilter filter;
  filter.action = "view_tip";
  filter.limit = 2;
  auto page = b.audit.audit_entries(filter);
  REQUIRE(page.size() == 2);
  CHECK(page[0].event.tip_id == std::optional<std::int64_t>(3));
  CHECK(page[1].event.tip_id == std::optional<std::int64_t>(2));
  filter.before_id = page[1].id;
  page = b.audit.audit_entries(filter);
  REQUIRE(page.size() == 1);
  CHECK(page[0].event.tip_id == std::optional<std::int64_t>(1));
  filter = {};
  filter.tip_id = 2;
  CHECK(b.audit.audit_entries(filter).size() == 1);
  const auto check = b.audit.verify_audit();
  CHECK(check.ok);
  CHECK(check.rows == 4);
}
