// The tips' and workflow fakes keep the promises the console relies on, as the SQLite
// store does: the queue's order, filters and pages, closing with an outcome, the
// replies' route, groups and corrections.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "support/backends.hpp"

using namespace tipline;
using namespace tipline::storage;
using namespace tipline::storage::testing;

namespace {

constexpr std::int64_t t0 = 1763900000;

AuditEvent event(const std::string& action, std::int64_t at = t0) {
  AuditEvent e;
  e.at = at;
  e.actor = "tuan";
  e.action = action;
  return e;
}


std::vector<std::int64_t> ids(const QueuePage& page) {
  std::vector<std::int64_t> out;
  for (const auto& row : page.rows) out.push_back(row.id);
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("workflow contract: the queue is most urgent first, then oldest, in keyset pages",
                   "[fakes][workflow]", FakeBackend, SqliteBackend) {
  TestType b;
  const auto low = b.tips.create_tip(tip_with(domain::Priority::low, t0)).id;
  const auto high_new = b.tips.create_tip(tip_with(domain::Priority::high, t0 + 20, domain::Category::youth)).id;
  const auto high_old = b.tips.create_tip(tip_with(domain::Priority::high, t0 + 10)).id;
  const auto urgent = b.tips.create_tip(tip_with(domain::Priority::urgent, t0 + 30)).id;
  CHECK(b.tips.load_tip(low)->reference == "TL-2511-0001");
  CHECK(b.tips.load_tip(urgent)->reference == "TL-2511-0004");
  CHECK(b.tips.find_by_reference("TL-2511-0002") == std::optional<std::int64_t>(high_new));

  QueueFilter filter;
  filter.now = t0 + 100;
  CHECK(ids(b.workflow.queue(filter)) == std::vector<std::int64_t>{urgent, high_old, high_new, low});
  filter.limit = 2;
  auto first = b.workflow.queue(filter);
  CHECK(ids(first) == std::vector<std::int64_t>{urgent, high_old});
  REQUIRE(first.next);
  filter.after = first.next;
  auto second = b.workflow.queue(filter);
  CHECK(ids(second) == std::vector<std::int64_t>{high_new, low});
  CHECK_FALSE(second.next);

  // An officer's correction re-ranks the tip and is what the filters see.
  LabelCorrection correction;
  correction.officer = "tuan";
  correction.created_at = t0 + 40;
  correction.labels.priority = domain::Priority::urgent;
  correction.labels.categories = {domain::Category::cultivation};
  correction.labels.area = "tdp-9";
  b.workflow.correct_labels(low, correction, event("correct_labels"));
  filter = {};
  filter.now = t0 + 100;
  CHECK(ids(b.workflow.queue(filter)).front() == low);
  filter.category = domain::Category::cultivation;
  CHECK(ids(b.workflow.queue(filter)) == std::vector<std::int64_t>{low});
  filter.category.reset();
  filter.area = "tdp-9";
  CHECK(ids(b.workflow.queue(filter)) == std::vector<std::int64_t>{low});
  REQUIRE(b.tips.load_tip(low)->correction);
  CHECK(b.tips.load_tip(low)->labels.priority == domain::Priority::low);  // the machine's stay
  CHECK(b.tips.load_tip(low)->workflow.first_action_at == std::optional<std::int64_t>(t0 + 40));

  // Assigned, overdue and closed tips.
  NewOfficer officer;
  officer.username = "tuan";
  officer.display_name = "Cán bộ tuan";
  officer.role = domain::Role::officer;
  officer.password_hash = "scrypt$test";
  const auto tuan = b.officers.create_officer(officer, event("officer_add"));
  CHECK_THROWS_AS(b.workflow.assign(high_new, tuan + 1, t0 + 50, event("assign", t0 + 45)), StoreError);
  b.workflow.assign(high_new, tuan, t0 + 50, event("assign", t0 + 45));
  filter = {};
  filter.now = t0 + 100;
  filter.assignee_id = tuan;
  auto mine = b.workflow.queue(filter);
  CHECK(ids(mine) == std::vector<std::int64_t>{high_new});
  CHECK(mine.rows[0].assignee_name == "Cán bộ tuan");
  const auto loads = b.workflow.officer_loads(t0 + 100);
  REQUIRE(loads.size() == 1);
  CHECK(loads[0].open == 1);
  CHECK(loads[0].overdue == 1);
  filter.assignee_id.reset();
  filter.overdue_only = true;
  CHECK(ids(b.workflow.queue(filter)) == std::vector<std::int64_t>{high_new});
  b.workflow.set_status(high_new, domain::Status::closed, domain::Outcome::arrested, event("status", t0 + 60));
  filter.overdue_only = false;
  CHECK(ids(b.workflow.queue(filter)) == std::vector<std::int64_t>{low, urgent, high_old});
  filter.statuses = {domain::Status::closed};
  CHECK(ids(b.workflow.queue(filter)) == std::vector<std::int64_t>{high_new});
  const auto counts = b.workflow.status_counts();
  CHECK(counts == std::vector<std::pair<domain::Status, std::int64_t>>{{domain::Status::closed, 1}, {domain::Status::new_, 3}});
}

TEMPLATE_TEST_CASE("workflow contract: closing needs an outcome; status, assignment and notes are audited",
                   "[fakes][workflow]", FakeBackend, SqliteBackend) {
  TestType b;
  const auto id = b.tips.create_tip(tip_with(domain::Priority::high, t0)).id;
  CHECK_THROWS_AS(b.workflow.set_status(id, domain::Status::closed, std::nullopt, event("status")), std::invalid_argument);
  CHECK(b.tips.load_tip(id)->status == domain::Status::new_);
  b.workflow.set_status(id, domain::Status::verifying, std::nullopt, event("status", t0 + 5));
  auto tip = b.tips.load_tip(id);
  CHECK(tip->status == domain::Status::verifying);
  CHECK_FALSE(tip->workflow.closed_at);
  CHECK(tip->workflow.first_action_at == std::optional<std::int64_t>(t0 + 5));
  b.workflow.set_status(id, domain::Status::closed, domain::Outcome::no_evidence, event("status", t0 + 9));
  tip = b.tips.load_tip(id);
  CHECK(tip->workflow.outcome == std::optional<domain::Outcome>(domain::Outcome::no_evidence));
  CHECK(tip->workflow.closed_at == std::optional<std::int64_t>(t0 + 9));
  CHECK(tip->workflow.first_action_at == std::optional<std::int64_t>(t0 + 5));

  NewMessage note;
  note.author = domain::Author::officer;
  note.kind = domain::MessageKind::note;
  note.created_at = t0 + 10;
  note.body = "Cán bộ tuan: ghi chú";
  b.workflow.add_note(id, note, event("note"));
  tip = b.tips.load_tip(id);
  REQUIRE(tip->messages.size() == 2);
  CHECK(tip->messages[1].kind == domain::MessageKind::note);
  AuditFilter all;
  CHECK(b.audit.audit_entries(all).size() == 3);  // two status changes and the note
  CHECK_THROWS_AS(b.workflow.assign(999, std::nullopt, std::nullopt, event("assign")), StoreError);
}

TEMPLATE_TEST_CASE("workflow contract: a reply without a chat handle waits on the status page, or goes nowhere",
                   "[fakes][workflow]", FakeBackend, SqliteBackend) {
  TestType b;
  auto web = tip_with(domain::Priority::normal, t0);
  web.receipt_hash = "receipt-hash";
  const auto with_receipt = b.tips.create_tip(web).id;
  const auto without = b.tips.create_tip(tip_with(domain::Priority::normal, t0 + 1)).id;
  CHECK(b.tips.find_by_receipt("receipt-hash") == std::optional<std::int64_t>(with_receipt));
  CHECK(b.tips.load_tip(with_receipt)->has_receipt);
  CHECK(b.workflow.reply_to_reporter(with_receipt, "Ở hẻm nào?", t0 + 5, event("reply")) ==
        WorkflowStore::ReplyRoute::web_status);
  auto tip = b.tips.load_tip(with_receipt);
  REQUIRE(tip->messages.size() == 2);
  CHECK(tip->messages[1].author == domain::Author::officer);
  CHECK(tip->messages[1].kind == domain::MessageKind::question);
  CHECK(tip->messages[1].body == "Ở hẻm nào?");
  CHECK(b.workflow.reply_to_reporter(without, "Ở đâu?", t0 + 5, event("reply")) == WorkflowStore::ReplyRoute::none);
  CHECK(b.tips.load_tip(without)->messages.size() == 1);
  AuditFilter replies;
  replies.action = "reply";
  CHECK(b.audit.audit_entries(replies).size() == 1);
}

TEMPLATE_TEST_CASE("workflow contract: merged tips share a group, a split tip has one of its own",
                   "[fakes][workflow]", FakeBackend, SqliteBackend) {
  TestType b;
  const auto a = b.tips.create_tip(tip_with(domain::Priority::normal, t0)).id;
  const auto c = b.tips.create_tip(tip_with(domain::Priority::normal, t0 + 1)).id;
  const auto d = b.tips.create_tip(tip_with(domain::Priority::normal, t0 + 2)).id;
  CHECK(b.workflow.group_members(a, 10).empty());
  b.workflow.set_group({a, c, d}, std::string("g-1"), event("merge"));
  auto members = b.workflow.group_members(a, 10);
  REQUIRE(members.size() == 2);
  CHECK(members[0].id == d);  // newest first
  CHECK(members[1].id == c);
  b.workflow.set_group({c}, std::nullopt, event("split"));
  CHECK(b.workflow.group_members(a, 10).size() == 1);
  CHECK(b.workflow.group_members(c, 10).empty());
  REQUIRE(b.tips.load_tip(c)->labels.group);
  CHECK(*b.tips.load_tip(c)->labels.group != "g-1");
}

TEMPLATE_TEST_CASE("workflow contract: the report's rows carry the effective labels of the period's tips",
                   "[fakes][workflow]", FakeBackend, SqliteBackend) {
  TestType b;
  b.tips.create_tip(tip_with(domain::Priority::high, t0 - 1));
  const auto in = b.tips.create_tip(tip_with(domain::Priority::low, t0)).id;
  b.tips.create_tip(tip_with(domain::Priority::high, t0 + 100));
  LabelCorrection correction;
  correction.officer = "tuan";
  correction.created_at = t0 + 1;
  correction.labels.priority = domain::Priority::urgent;
  correction.labels.categories = {domain::Category::youth};
  b.workflow.correct_labels(in, correction);
  const auto rows = b.workflow.report_rows(t0, t0 + 100);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].priority == domain::Priority::urgent);
  CHECK(rows[0].categories == std::vector<domain::Category>{domain::Category::youth});
  CHECK(rows[0].status == domain::Status::new_);
}
