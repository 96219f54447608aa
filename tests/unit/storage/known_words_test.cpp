// The store takes the vocabulary's words, all of them, and reads back only those: the
// storage structs carry the enums, a chat-only value is refused before a write is
// queued, and a stored word the vocabulary does not know is a corrupt row, not a default.
#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>

#include "common/domain.hpp"
#include "storage/known_words.hpp"
#include "storage/sqlite_handle.hpp"
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

ChatIngest chat_event(domain::Channel channel) {
  ChatIngest event;
  event.channel = channel;
  event.dedupe_hash = "dedupe";
  event.reporter = "r-1";
  event.reference_month = "2511";
  return event;
}

std::string word(auto value) { return std::string(domain::stored_name(value)); }

}  // namespace

TEST_CASE("every word of the vocabulary is taken", "[storage][vocabulary]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  Labels labels;
  for (const auto category : domain::all<domain::Category>()) labels.categories.push_back(category);
  std::int64_t tip_id = 0;
  for (const auto channel : domain::all<domain::Channel>()) {
    NewTip tip = sample_tip();
    tip.channel = channel;
    tip.labels = labels;
    tip_id = store.create_tip(tip).id;
    CHECK(store.load_tip(tip_id)->channel == channel);
  }
  for (const auto priority : domain::all<domain::Priority>()) {
    labels.priority = priority;
    store.update_labels(tip_id, labels);
    CHECK(store.load_tip(tip_id)->labels.priority == priority);
  }
  for (const auto author : domain::all<domain::Author>()) {
    for (const auto kind : domain::all<domain::MessageKind>()) {
      NewMessage message;
      message.author = author;
      message.kind = kind;
      message.body = "x";
      store.add_message(tip_id, message);
    }
  }
  for (const auto status : domain::all<domain::Status>())
    if (status != domain::Status::closed) store.set_status(tip_id, status, std::nullopt, audit());
  for (const auto outcome : domain::all<domain::Outcome>())
    store.set_status(tip_id, domain::Status::closed, outcome, audit());
  std::int64_t officer_id = 0;
  for (const auto role : domain::all<domain::Role>()) {
    NewOfficer officer{"o-" + word(role), "O", role, "scrypt$test", true, 1};
    officer_id = store.create_officer(officer, audit());
    CHECK(store.officer(officer_id)->role == role);
  }
  for (const auto language : domain::all<domain::Language>()) store.set_language(officer_id, language);
  for (const auto stage : domain::all<domain::SessionStage>()) {
    store.create_session({"hash-" + word(stage), officer_id, "csrf", stage, 1, 1});
    CHECK(store.find_session("hash-" + word(stage))->stage == stage);
  }

  const auto tip = store.load_tip(tip_id);
  REQUIRE(tip);
  CHECK(tip->labels.categories == labels.categories);
  CHECK(tip->status == domain::Status::closed);
  REQUIRE(tip->messages.size() == 1 + domain::all<domain::Author>().size() * domain::all<domain::MessageKind>().size());
  CHECK(tip->messages.back().author == domain::Author::system);
  CHECK(tip->messages.back().kind == domain::MessageKind::reply_failed);
  CHECK(tip->workflow.outcome == domain::Outcome::other);
  CHECK(store.officer(officer_id)->language == domain::Language::en);
}

TEST_CASE("what the enums cannot rule out is refused before anything is queued", "[storage][vocabulary]") {
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
  CHECK(refused([&] { store.set_status(1, domain::Status::closed, std::nullopt, audit()); }));
  // The web form is a channel, but not one that chats or sends webhooks.
  CHECK(refused([&] { store.ingest_chat(chat_event(domain::Channel::web)); }));
  CHECK(refused([&] { store.keep_delivery({domain::Channel::web, 1, "{}"}, [](std::exception_ptr) {}); }));
  CHECK(store.write_job_count() == jobs_before);
  CHECK(store.count_tips() == 0);
}

TEST_CASE("a value cast from outside its enum is never written under an empty name", "[storage][vocabulary]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys(), with_audit_key());
  NewTip tip = sample_tip();
  tip.channel = static_cast<domain::Channel>(7);
  CHECK_THROWS_AS(store.create_tip(tip), std::invalid_argument);
  tip = sample_tip();
  tip.labels.categories.push_back(static_cast<domain::Category>(-1));
  CHECK_THROWS_AS(store.create_tip(tip), std::invalid_argument);
  CHECK(store.count_tips() == 0);
  CHECK_THROWS_AS(stored_word(static_cast<domain::Status>(99)), std::invalid_argument);
}

TEST_CASE("a stored word the vocabulary does not know is a corrupt row, not a default", "[storage][vocabulary]") {
  TempDir dir;
  const auto path = dir.file("t.db");
  SqliteStore store(path, test_keys(), with_audit_key());
  const auto id = store.create_tip(sample_tip()).id;
  REQUIRE(store.queue({}).rows.size() == 1);
  auto damage = [&](const char* sql) {
    Connection db(path, Connection::Mode::read_write_create);
    db.exec(sql);
  };
  // Columns without a CHECK: something other than this store wrote them.
  damage("UPDATE tips SET channel = 'fax'");
  CHECK_THROWS_AS(store.load_tip(id), StoreError);
  CHECK_THROWS_AS(store.queue({}), StoreError);
  damage("UPDATE tips SET channel = 'web', categories = 'dealing,vape'");
  CHECK_THROWS_AS(store.load_tip(id), StoreError);
  CHECK_THROWS_AS(store.report_rows(0, 1LL << 40), StoreError);
  damage("UPDATE tips SET categories = 'dealing', status = 'open'");
  CHECK_THROWS_AS(store.status_counts(), StoreError);
  CHECK_THROWS_AS(store.load_tip(id), StoreError);
  try {
    store.load_tip(id);
  } catch (const StoreError& e) {
    CHECK(std::string(e.what()) == "storage: a stored row has an unknown status");
  }
  damage("UPDATE tips SET status = 'new'");
  CHECK(store.load_tip(id)->status == domain::Status::new_);
  CHECK(word_from_row<domain::Priority>("high") == domain::Priority::high);
  CHECK_THROWS_AS(word_from_row<domain::Priority>("High"), StoreError);
}
