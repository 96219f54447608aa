// The store takes the vocabulary's words, all of them, and nothing else: a word it
// does not know is refused before a write is queued, even where no CHECK would catch it.
#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>

#include "common/domain.hpp"
#include "storage/known_words.hpp"
#include "storage/sqlite_store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;
namespace domain = tipline::domain;

namespace {

SqliteOptions with_audit_key() {
  SqliteOptions options;
  options.audit_key = std::string(32, 'k');
  return options;
}

AuditEvent audit() {
  AuditEvent e;
  e.at = 1763900000;
  e.actor = "cli";
  e.action = "test";
  return e;
}

NewTip tip_with(const std::function<void(NewTip&)>& change) {
  NewTip tip = sample_tip();
  change(tip);
  return tip;
}

ChatIngest chat_event(const std::string& channel) {
  ChatIngest event;
  event.channel = channel;
  event.dedupe_hash = "dedupe";
  event.reporter = "r-1";
  event.reference_month = "2511";
  return event;
}

}  // namespace

TEST_CASE("every word of the vocabulary is taken", "[storage][vocabulary]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  Labels labels;
  for (const auto category : domain::all<domain::Category>()) labels.categories.push_back(stored(category));
  std::int64_t tip_id = 0;
  for (const auto channel : domain::all<domain::Channel>()) {
    NewTip tip = sample_tip();
    tip.channel = stored(channel);
    tip.labels = labels;
    tip_id = store.create_tip(tip).id;
  }
  for (const auto priority : domain::all<domain::Priority>()) {
    labels.priority = stored(priority);
    store.update_labels(tip_id, labels);
  }
  for (const auto author : domain::all<domain::Author>()) {
    for (const auto kind : domain::all<domain::MessageKind>()) {
      NewMessage message;
      message.author = stored(author);
      message.kind = stored(kind);
      message.body = "x";
      store.add_message(tip_id, message);
    }
  }
  for (const auto status : domain::all<domain::Status>())
    if (status != domain::Status::closed) store.set_status(tip_id, stored(status), std::nullopt, audit());
  for (const auto outcome : domain::all<domain::Outcome>())
    store.set_status(tip_id, "closed", stored(outcome), audit());
  std::int64_t officer_id = 0;
  for (const auto role : domain::all<domain::Role>()) {
    NewOfficer officer{"o-" + stored(role), "O", stored(role), "scrypt$test", true, 1};
    officer_id = store.create_officer(officer, audit());
  }
  for (const auto language : domain::all<domain::Language>()) store.set_language(officer_id, stored(language));
  for (const auto stage : domain::all<domain::SessionStage>())
    store.create_session({"hash-" + stored(stage), officer_id, "csrf", stored(stage), 1, 1});

  const auto tip = store.load_tip(tip_id);
  REQUIRE(tip);
  CHECK(tip->labels.categories.size() == domain::all<domain::Category>().size());
  CHECK(tip->messages.size() == 1 + domain::all<domain::Author>().size() * domain::all<domain::MessageKind>().size());
  CHECK(tip->workflow.outcome == std::optional<std::string>("other"));
  CHECK(store.officer(officer_id)->language == "en");
}

TEST_CASE("a word outside the vocabulary is refused before anything is queued", "[storage][vocabulary]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  const auto jobs_before = store.write_job_count();
  auto refused = [](auto&& call) {
    try {
      call();
    } catch (const std::invalid_argument&) {
      return true;
    }
    return false;
  };
  // Channels and categories: the database has no CHECK on either.
  CHECK(refused([&] { store.create_tip(tip_with([](NewTip& t) { t.channel = "fax"; })); }));
  CHECK(refused([&] { store.create_tip(tip_with([](NewTip& t) { t.channel = "Web"; })); }));
  CHECK(refused([&] { store.create_tip(tip_with([](NewTip& t) { t.labels.categories = {"dealing", "vape"}; })); }));
  CHECK(refused([&] {
    store.create_tip(tip_with([](NewTip& t) { t.labels.categories = {"x'); DROP TABLE tip_messages;--"}; }));
  }));
  CHECK(refused([&] { store.create_tip(tip_with([](NewTip& t) { t.labels.categories = {""}; })); }));
  CHECK(refused([&] { store.create_tip(tip_with([](NewTip& t) { t.labels.priority = "Urgent"; })); }));
  CHECK(refused([&] { store.create_tip(tip_with([](NewTip& t) { t.first_message.author = "admin"; })); }));
  CHECK(refused([&] { store.create_tip(tip_with([](NewTip& t) { t.first_message.kind = "sms"; })); }));
  // Statuses and outcomes: no CHECK either.
  CHECK(refused([&] { store.set_status(1, "open", std::nullopt, audit()); }));
  CHECK(refused([&] { store.set_status(1, "new_", std::nullopt, audit()); }));
  CHECK(refused([&] { store.set_status(1, "closed", std::string("jailed"), audit()); }));
  CHECK(refused([&] { store.set_status(1, "closed", std::string(), audit()); }));
  CHECK(refused([&] { store.set_status(1, "closed", std::nullopt, audit()); }));
  CHECK(refused([&] { store.create_officer({"lan", "Lan", "superuser", "scrypt$test", true, 1}, audit()); }));
  CHECK(refused([&] { store.set_role(1, "root", audit()); }));
  CHECK(refused([&] { store.set_language(1, "fr"); }));
  CHECK(refused([&] { store.create_session({"hash", 1, "csrf", "half", 1, 1}); }));
  // The web form is a channel, but not one that chats or sends webhooks.
  CHECK(refused([&] { store.ingest_chat(chat_event("web")); }));
  CHECK(refused([&] { store.ingest_chat(chat_event("telegram")); }));
  CHECK(refused([&] { store.keep_delivery({"web", 1, "{}"}, [](std::exception_ptr) {}); }));
  CHECK(store.write_job_count() == jobs_before);
  CHECK(store.count_tips() == 0);
}
