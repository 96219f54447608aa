#include <catch2/catch.hpp>

#include "storage/sqlite_handle.hpp"
#include "storage/sqlite_store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;
namespace domain = tipline::domain;

namespace {

constexpr std::int64_t t0 = 1763900000;

SqliteOptions with_audit_key() {
  SqliteOptions options;
  options.audit_key = std::string(32, 'k');
  return options;
}

AuditEvent event(const std::string& action, std::int64_t at = t0, std::optional<std::int64_t> tip = std::nullopt) {
  AuditEvent e;
  e.at = at;
  e.actor = "admin";
  e.officer_id = 1;
  e.action = action;
  e.tip_id = tip;
  return e;
}

}  // namespace

TEST_CASE("officers: unique names, sealed TOTP secret, sessions end with a password change", "[officers]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  auto id = store.create_officer(new_officer("lan"), event("officer_add"));
  CHECK_THROWS_AS(store.create_officer(new_officer("LAN"), event("officer_add")), DuplicateError);
  store.set_totp(id, std::string("TOTPSECRETBYTES!"), 0, event("totp_set"));
  auto officer = store.find_officer("Lan");
  REQUIRE(officer);
  CHECK(officer->totp_secret == std::string("TOTPSECRETBYTES!"));
  store.create_session({"hash-1", id, "csrf", domain::SessionStage::full, t0, t0});
  REQUIRE(store.find_session("hash-1"));
  store.set_password(id, "scrypt$new", false, event("password_set"));
  CHECK_FALSE(store.find_session("hash-1"));
  for (int i = 0; i < 3; ++i) CHECK(store.claim_login_attempt(id, t0, 5, t0 + 60) == Store::Attempt::allowed);
  CHECK(store.officer(id)->failed_logins == 3);
  CHECK(store.claim_login_attempt(id, t0, 5, t0 + 60) == Store::Attempt::allowed);
  CHECK(store.claim_login_attempt(id, t0, 5, t0 + 60) == Store::Attempt::last);
  CHECK(store.officer(id)->locked_until == t0 + 60);
  CHECK(store.claim_login_attempt(id, t0 + 59, 5, t0 + 120) == Store::Attempt::locked);
  CHECK(store.claim_login_attempt(id, t0 + 60, 5, t0 + 120) == Store::Attempt::allowed);
  CHECK(store.record_login_success(id, 12345, event("login")));
  CHECK(store.officer(id)->failed_logins == 0);
  CHECK(store.officer(id)->totp_last_step == 12345);
  // The same step again is a replay: refused, nothing written.
  CHECK_FALSE(store.record_login_success(id, 12345, event("login")));
  CHECK(store.record_login_success(id, 0, event("login")));
  store.shutdown();
  std::ifstream in(dir.file("t.db"), std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), {}};
  std::ifstream wal(dir.file("t.db") + "-wal", std::ios::binary);
  bytes += std::string{std::istreambuf_iterator<char>(wal), {}};
  CHECK(bytes.find("TOTPSECRETBYTES") == std::string::npos);
}

TEST_CASE("the audit log is a keyed hash chain: a changed or deleted row is found", "[officers][audit]") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    SqliteStore store(path, test_keys(), with_audit_key());
    for (int i = 0; i < 5; ++i) store.audit(event("view_tip", t0 + i, i + 1));
    auto check = store.verify_audit();
    CHECK(check.ok);
    CHECK(check.rows == 5);
  }
  // Someone with the file drops the guards and rewrites rows: the store will not open
  // until the triggers are put back, and the chain then shows what was done.
  auto tamper = [&](const char* sql) {
    {
      Connection db(path, Connection::Mode::read_write_create);
      db.exec("DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;");
      db.exec(sql);
    }
    CHECK_THROWS_WITH(SqliteStore(path, test_keys(), with_audit_key()),
                      Catch::Contains("append-only triggers are missing or altered") &&
                          Catch::Contains("tipline audit restore-triggers"));
    restore_audit_triggers(path);
  };
  SECTION("a changed detail") {
    tamper("UPDATE audit_log SET detail = 'nothing to see' WHERE id = 3");
    SqliteStore store(path, test_keys(), with_audit_key());
    auto check = store.verify_audit();
    CHECK_FALSE(check.ok);
    CHECK(check.first_bad_id == 3);
  }
  SECTION("a deleted row") {
    tamper("DELETE FROM audit_log WHERE id = 2");
    SqliteStore store(path, test_keys(), with_audit_key());
    auto check = store.verify_audit();
    CHECK_FALSE(check.ok);
    CHECK(check.first_bad_id == 3);
  }
  SECTION("a chain rewritten without the key") {
    SqliteStore store(path, test_keys(), [] {
      SqliteOptions o;
      o.audit_key = std::string(32, 'x');
      return o;
    }());
    CHECK_FALSE(store.verify_audit().ok);
  }
  SECTION("triggers put back under the same names but doing nothing are refused too") {
    {
      Connection db(path, Connection::Mode::read_write_create);
      db.exec("DROP TRIGGER audit_log_append_only_delete;"
              "CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END;");
    }
    CHECK_THROWS_AS(SqliteStore(path, test_keys(), with_audit_key()), StoreError);
    restore_audit_triggers(path);
    SqliteStore store(path, test_keys(), with_audit_key());
    CHECK(store.verify_audit().ok);
  }
  SECTION("the triggers refuse updates and deletes") {
    Connection db(path, Connection::Mode::read_write_create);
    CHECK_THROWS_AS(db.exec("UPDATE audit_log SET detail = 'x' WHERE id = 1"), StoreError);
    CHECK_THROWS_AS(db.exec("DELETE FROM audit_log WHERE id = 1"), StoreError);
  }
}

TEST_CASE("the queue: most urgent first, then oldest; keyset pages; filters; corrections re-rank", "[officers][queue]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  auto a = store.create_tip(tip_with(domain::Priority::normal, t0)).id;
  auto b = store.create_tip(tip_with(domain::Priority::urgent, t0 + 10, domain::Category::youth)).id;
  auto c = store.create_tip(tip_with(domain::Priority::high, t0 + 20)).id;
  auto d = store.create_tip(tip_with(domain::Priority::normal, t0 + 30, domain::Category::cultivation)).id;
  auto e = store.create_tip(tip_with(domain::Priority::low, t0 + 40)).id;
  QueueFilter filter;
  filter.limit = 2;
  auto first = store.queue(filter);
  REQUIRE(first.rows.size() == 2);
  CHECK(first.rows[0].id == b);
  CHECK(first.rows[1].id == c);
  CHECK(first.rows[0].first_message == "tin " + std::to_string(t0 + 10));
  REQUIRE(first.next);
  filter.after = first.next;
  auto second = store.queue(filter);
  REQUIRE(second.rows.size() == 2);
  CHECK(second.rows[0].id == a);
  CHECK(second.rows[1].id == d);
  filter.after = second.next;
  auto third = store.queue(filter);
  REQUIRE(third.rows.size() == 1);
  CHECK(third.rows[0].id == e);
  CHECK_FALSE(third.next);

  QueueFilter by_category;
  by_category.category = domain::Category::cultivation;
  CHECK(store.queue(by_category).rows.at(0).id == d);
  CHECK(store.queue(by_category).rows.size() == 1);

  auto officer = store.create_officer(new_officer("minh"), event("officer_add"));
  store.assign(e, officer, t0 + 100, event("assign", t0 + 50, e));
  QueueFilter mine;
  mine.assignee_id = officer;
  CHECK(store.queue(mine).rows.size() == 1);
  CHECK(store.queue(mine).rows[0].assignee_name == "Cán bộ minh");
  QueueFilter overdue;
  overdue.overdue_only = true;
  overdue.now = t0 + 101;
  CHECK(store.queue(overdue).rows.size() == 1);
  overdue.now = t0 + 99;
  CHECK(store.queue(overdue).rows.empty());
  CHECK(store.officer_loads(t0 + 101).at(0).overdue == 1);

  // An officer raises the low tip to urgent: it now comes right after the older urgent one.
  LabelCorrection correction;
  correction.officer = "minh";
  correction.created_at = t0 + 60;
  correction.labels.priority = domain::Priority::urgent;
  correction.labels.categories = {domain::Category::youth};
  store.correct_labels(e, correction, event("correct_labels", t0 + 60, e));
  QueueFilter all;
  auto page = store.queue(all);
  CHECK(page.rows.at(1).id == e);
  CHECK(page.rows.at(1).priority == domain::Priority::urgent);
  CHECK(store.load_tip(e)->labels.priority == domain::Priority::low);  // the machine's label is kept

  // Closing needs an outcome; closed tips leave the open queue.
  CHECK_THROWS_AS(store.set_status(b, domain::Status::closed, std::nullopt, event("status", t0 + 70, b)),
                  std::invalid_argument);
  store.set_status(b, domain::Status::closed, domain::Outcome::arrested, event("status", t0 + 70, b));
  CHECK(store.queue(all).rows.size() == 4);
  QueueFilter closed;
  closed.statuses = {domain::Status::closed};
  CHECK(store.queue(closed).rows.at(0).id == b);
  auto workflow = store.load_tip(b)->workflow;
  CHECK(workflow.outcome == domain::Outcome::arrested);
  CHECK(workflow.closed_at == t0 + 70);
  CHECK(store.verify_audit().ok);
  auto counts = store.status_counts();
  CHECK(counts == std::vector<std::pair<domain::Status, std::int64_t>>{{domain::Status::closed, 1},
                                                                     {domain::Status::new_, 4}});
}

TEST_CASE("a reply reaches a web reporter's status page; report rows carry labels only", "[officers]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  NewTip web = tip_with(domain::Priority::high, t0);
  web.receipt_hash = "receipt";
  auto id = store.create_tip(web).id;
  CHECK(store.reply_to_reporter(id, "Bạn có nhớ biển số xe không?", t0 + 5, event("reply", t0 + 5, id)) ==
        Store::ReplyRoute::web_status);
  auto tip = store.load_tip(id);
  CHECK(tip->messages.back().author == domain::Author::officer);
  CHECK(tip->messages.back().kind == domain::MessageKind::question);
  auto orphan = store.create_tip(tip_with(domain::Priority::low, t0 + 1)).id;
  CHECK(store.reply_to_reporter(orphan, "?", t0 + 6, event("reply")) == Store::ReplyRoute::none);
  auto rows = store.report_rows(t0, t0 + 2);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].priority == domain::Priority::high);
  CHECK(store.report_rows(t0 + 2, t0 + 10).empty());
}

TEST_CASE("merging and splitting duplicate groups", "[officers]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  auto a = store.create_tip(tip_with(domain::Priority::high, t0)).id;
  auto b = store.create_tip(tip_with(domain::Priority::high, t0 + 1)).id;
  auto c = store.create_tip(tip_with(domain::Priority::high, t0 + 2)).id;
  store.set_group({a, b, c}, std::string("g-1"), event("merge"));
  CHECK(store.group_members(a, 10).size() == 2);
  store.set_group({c}, std::nullopt, event("split"));
  CHECK(store.group_members(a, 10).size() == 1);
  CHECK(store.group_members(c, 10).empty());
  CHECK(store.load_tip(c)->labels.group != std::optional<std::string>("g-1"));
}

TEST_CASE("the last enabled admin cannot be disabled or demoted, checked in the change's transaction", "[officers]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  auto first = store.create_officer(new_officer("an", domain::Role::admin), event("officer_add"));
  auto officer = store.create_officer(new_officer("binh"), event("officer_add"));
  CHECK_THROWS_AS(store.set_disabled(first, true, event("officer_disable")), LastAdminError);
  CHECK_THROWS_AS(store.set_role(first, domain::Role::leader, event("officer_role")), LastAdminError);
  CHECK_FALSE(store.officer(first)->disabled);
  CHECK(store.officer(first)->role == domain::Role::admin);
  store.set_disabled(officer, true, event("officer_disable"));  // others are free to change
  auto second = store.create_officer(new_officer("chi", domain::Role::admin), event("officer_add"));
  store.set_disabled(first, true, event("officer_disable"));
  CHECK_THROWS_AS(store.set_role(second, domain::Role::officer, event("officer_role")), LastAdminError);
  CHECK(store.verify_audit().ok);
}
