#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "storage/sqlite_handle.hpp"
#include "storage/sqlite_store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;
namespace domain = tipline::domain;

namespace {

constexpr std::int64_t t0 = 1763900000;

ChatIngest chat(const std::string& dedupe, const std::string& text, std::int64_t at,
                const std::string& reporter = "rep-a") {
  ChatIngest event;
  event.channel = domain::Channel::messenger;
  event.dedupe_hash = dedupe;
  event.reporter = reporter;
  event.received_at = at;
  event.message_at = at;
  event.quiet_window = 1800;
  NewMessage message;
  message.body = text;
  event.message = message;
  event.labels_if_new.priority = domain::Priority::normal;
  event.reference_month = "2511";
  event.reply_handle = R"({"id":"PSID-SECRET-1"})";
  event.reply_handle_expires_at = at + 86400;
  event.reply_if_new = "Đã ghi nhận tin báo {reference}.";
  event.reply_if_joined = "Đã nhận ({reference}).";
  return event;
}

// What a caller does: read the open thread, then ingest against it.
ChatIngestResult ingest(SqliteStore& store, ChatIngest event) {
  if (auto thread = store.open_thread(event.reporter, event.message_at, event.quiet_window)) {
    event.thread_tip = thread->tip_id;
    event.labels_if_joined = event.labels_if_new;
  }
  return store.ingest_chat(event);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("a chat message starts a tip with an acknowledgement carrying its reference", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  auto result = ingest(store, chat("d1", "Có người bán ma túy", t0));
  REQUIRE_FALSE(result.duplicate);
  REQUIRE(result.new_tip);
  REQUIRE(result.reference == "TL-2511-0001");
  auto due = store.due_outbox(t0, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].text == "Đã ghi nhận tin báo TL-2511-0001.");
  CHECK(due[0].kind == domain::OutboxKind::ack);
  CHECK(due[0].tip_id == result.tip_id);
  auto handle = store.reply_handle("rep-a", t0);
  REQUIRE(handle);
  CHECK(handle->routing == R"({"id":"PSID-SECRET-1"})");
}

TEST_CASE("redelivery of the same message id writes nothing", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  ingest(store, chat("d1", "một", t0));
  auto again = ingest(store, chat("d1", "một", t0));
  CHECK(again.duplicate);
  CHECK(store.count_tips() == 1);
  CHECK(store.load_tip(1)->messages.size() == 1);
  CHECK(store.due_outbox(t0, 10).size() == 1);
  CHECK(store.inbound_seen("d1"));
  CHECK_FALSE(store.inbound_seen("d2"));
}

TEST_CASE("messages within the quiet window join the tip; one reply while one is pending", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  auto first = ingest(store, chat("d1", "một", t0));
  auto second = ingest(store, chat("d2", "hai", t0 + 600));
  CHECK_FALSE(second.new_tip);
  CHECK(second.tip_id == first.tip_id);
  CHECK_FALSE(second.outbox_id);  // the acknowledgement is still pending
  store.outbox_sent(*first.outbox_id, t0 + 601);
  auto third = ingest(store, chat("d3", "ba", t0 + 1200));
  CHECK(third.tip_id == first.tip_id);
  REQUIRE(third.outbox_id);
  CHECK(store.due_outbox(t0 + 1200, 10).at(0).text == "Đã nhận (TL-2511-0001).");
  CHECK(store.load_tip(*first.tip_id)->messages.size() == 3);

  SECTION("after the quiet window the next message starts a new tip") {
    auto later = ingest(store, chat("d4", "bốn", t0 + 1200 + 1801));
    CHECK(later.new_tip);
    CHECK(later.reference == "TL-2511-0002");
  }
  SECTION("a closing word ends the thread") {
    auto closing = chat("d4", "hết", t0 + 1300);
    closing.close_thread = true;
    auto closed = ingest(store, closing);
    CHECK(closed.tip_id == first.tip_id);
    auto after = ingest(store, chat("d5", "tin mới", t0 + 1400));
    CHECK(after.new_tip);
  }
  SECTION("another reporter has a thread of their own") {
    auto other = ingest(store, chat("d4", "khác", t0 + 1300, "rep-b"));
    CHECK(other.new_tip);
  }
}

TEST_CASE("reordered delivery lands in the same tip", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  auto late = ingest(store, chat("d2", "hai", t0 + 600));
  auto early = ingest(store, chat("d1", "một", t0));
  CHECK(early.tip_id == late.tip_id);
  CHECK(store.count_tips() == 1);
}

TEST_CASE("the outbox retries, gives up with a note on the tip, and never re-sends a sent entry", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  auto a = ingest(store, chat("d1", "một", t0));
  auto b = ingest(store, chat("d2", "hai", t0, "rep-b"));
  store.outbox_retry(*a.outbox_id, t0 + 60, "zalo -32 rate limited");
  CHECK(store.due_outbox(t0 + 59, 10).size() == 1);  // only b
  CHECK(store.next_outbox_due() == t0);
  store.outbox_sent(*b.outbox_id, t0 + 1);
  CHECK(store.due_outbox(t0 + 59, 10).empty());
  auto due = store.due_outbox(t0 + 60, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].attempts == 1);
  store.outbox_failed(*a.outbox_id, t0 + 61, "messenger 10 outside the reply window");
  CHECK(store.due_outbox(t0 + 100000, 10).empty());
  CHECK_FALSE(store.next_outbox_due());
  store.outbox_sent(*a.outbox_id, t0 + 62);  // a failed entry stays failed
  auto tip = store.load_tip(*a.tip_id);
  REQUIRE(tip->messages.size() == 2);
  CHECK(tip->messages[1].author == domain::Author::system);
  CHECK(tip->messages[1].kind == domain::MessageKind::reply_failed);
  CHECK(tip->messages[1].body == "messenger 10 outside the reply window");
  auto counts = store.outbox_counts();
  CHECK(counts == std::vector<std::pair<std::string, std::int64_t>>{{"failed", 1}, {"sent", 1}});
}

TEST_CASE("a send begun is never due again; one a dead process began is given up, with a note, not resent",
          "[chat][outbox]") {
  TempDir dir;
  auto path = dir.file("t.db");
  std::int64_t a_id = 0, b_id = 0, a_tip = 0;
  {
    SqliteStore store(path, test_keys());
    auto a = ingest(store, chat("d1", "một", t0));
    auto b = ingest(store, chat("d2", "hai", t0, "rep-b"));
    a_id = *a.outbox_id;
    b_id = *b.outbox_id;
    a_tip = *a.tip_id;
    REQUIRE(store.outbox_begin_send(a_id, t0 + 1));
    CHECK_FALSE(store.outbox_begin_send(a_id, t0 + 2));  // begun once only
    auto due = store.due_outbox(t0 + 100, 10);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == b_id);
    // b: begun, refused for now, due again later.
    REQUIRE(store.outbox_begin_send(b_id, t0 + 3));
    store.outbox_retry(b_id, t0 + 60, "messenger 5xx");
    CHECK(store.next_outbox_due() == t0 + 60);
    // The process dies with a still begun.
  }
  SqliteStore store(path, test_keys());
  CHECK(store.due_outbox(t0 + 100, 10).size() == 1);  // b only
  CHECK(store.outbox_settle_interrupted(t0 + 200, "may or may not have reached the reporter") == 1);
  CHECK(store.outbox_settle_interrupted(t0 + 201, "again") == 0);
  CHECK_FALSE(store.outbox_begin_send(a_id, t0 + 202));
  const auto tip = store.load_tip(a_tip);
  REQUIRE(tip->messages.size() == 2);
  CHECK(tip->messages[1].kind == domain::MessageKind::reply_failed);
  CHECK(tip->messages[1].body == "may or may not have reached the reporter");
  REQUIRE(store.outbox_begin_send(b_id, t0 + 203));
  store.outbox_sent(b_id, t0 + 204);
  CHECK(store.outbox_counts() == std::vector<std::pair<std::string, std::int64_t>>{{"failed", 1}, {"sent", 1}});
}

TEST_CASE("expired reply handles and old dedupe records are purged", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  ingest(store, chat("d1", "một", t0));
  CHECK(store.reply_handle("rep-a", t0 + 86399));
  CHECK_FALSE(store.reply_handle("rep-a", t0 + 86400));
  CHECK(store.purge_expired(t0 + 86400, t0 + 1) == 1);
  CHECK_FALSE(store.inbound_seen("d1"));
  store.shutdown();
  // The row is gone, not just past its time (the raw id in it was only ever sealed).
  Connection db(dir.file("t.db"), Connection::Mode::read_only);
  Statement handles(db, "SELECT count(*) FROM reply_handles");
  REQUIRE(handles.step());
  CHECK(handles.column_int(0) == 0);
}

TEST_CASE("a button tap without a message writes only the prompt", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  auto event = chat("d1", "", t0);
  event.message.reset();
  event.close_thread = true;
  event.reply_without_message = "Mời bạn mô tả sự việc.";
  auto result = ingest(store, event);
  CHECK_FALSE(result.tip_id);
  CHECK(store.count_tips() == 0);
  auto due = store.due_outbox(t0, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].kind == domain::OutboxKind::prompt);
  CHECK_FALSE(due[0].tip_id);
}

TEST_CASE("channel secrets are sealed and replaced", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  CHECK_FALSE(store.load_channel_secret("zalo_tokens"));
  store.save_channel_secret("zalo_tokens", "TOKEN-ONE", t0);
  store.save_channel_secret("zalo_tokens", "TOKEN-TWO", t0 + 1);
  CHECK(store.load_channel_secret("zalo_tokens") == "TOKEN-TWO");
  store.shutdown();
  for (const char* suffix : {"", "-wal"}) CHECK(slurp(dir.file("t.db") + suffix).find("TOKEN-") == std::string::npos);
}

TEST_CASE("officers' corrections are kept apart from the machine's labels", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  auto created = store.create_tip(sample_tip());
  LabelCorrection correction;
  correction.officer = "officer-7";
  correction.created_at = t0 + 5;
  correction.labels.categories = {domain::Category::use_den};
  correction.labels.priority = domain::Priority::urgent;
  correction.labels.area = "tdp-3";
  store.correct_labels(created.id, correction);
  auto tip = store.load_tip(created.id);
  CHECK(tip->labels.priority == domain::Priority::high);  // the machine's, untouched
  REQUIRE(tip->correction);
  CHECK(tip->correction->officer == "officer-7");
  CHECK(tip->correction->labels.priority == domain::Priority::urgent);
  CHECK(tip->correction->labels.categories == std::vector{domain::Category::use_den});
  // A later re-triage replaces only the machine's labels.
  Labels machine;
  machine.priority = domain::Priority::low;
  store.update_labels(created.id, machine);
  tip = store.load_tip(created.id);
  CHECK(tip->labels.priority == domain::Priority::low);
  CHECK(tip->correction->labels.priority == domain::Priority::urgent);
  CHECK_THROWS_AS(store.correct_labels(created.id + 100, correction), StoreError);
}

TEST_CASE("a message and its re-run labels commit together", "[chat]") {
  TempDir dir;
  SqliteStore store(dir.file("t.db"), test_keys());
  auto created = store.create_tip(sample_tip());
  NewMessage more;
  more.body = "thêm";
  more.created_at = t0 + 10;
  Labels labels;
  labels.priority = domain::Priority::urgent;
  store.add_message_with_labels(created.id, more, labels);
  auto tip = store.load_tip(created.id);
  CHECK(tip->messages.size() == 2);
  CHECK(tip->labels.priority == domain::Priority::urgent);
  more.attachment_type = "image/png";  // without the attachment
  CHECK_THROWS_AS(store.add_message_with_labels(created.id, more, labels), std::invalid_argument);
  CHECK(store.load_tip(created.id)->messages.size() == 2);
  CHECK(store.recent_tip_ids(0, 10) == std::vector<std::int64_t>{created.id});
  CHECK(store.recent_tip_ids(t0 + 1000000, 10).empty());
}

TEST_CASE("an outbox entry whose key left the ring is reported, not a wall for the others", "[chat]") {
  TempDir dir;
  const auto path = dir.file("t.db");
  {
    SqliteStore store(path, keyring_with({1, 2}, 2), {});
    ingest(store, chat("d1", "một", t0));
  }
  SqliteStore store(path, keyring_with({1}, 1), {});
  ingest(store, chat("d2", "hai", t0 + 5, "rep-b"));
  auto due = store.due_outbox(t0 + 10, 10);
  REQUIRE(due.size() == 2);
  CHECK(due[0].unreadable);
  CHECK_FALSE(due[1].unreadable);
  CHECK(due[1].text == "Đã ghi nhận tin báo TL-2511-0002.");
}

TEST_CASE("an outbox entry naming a kind the vocabulary does not know is reported, not a wall", "[chat]") {
  TempDir dir;
  const auto path = dir.file("t.db");
  SqliteStore store(path, test_keys(), {});
  ingest(store, chat("d1", "một", t0));
  ingest(store, chat("d2", "hai", t0 + 5, "rep-b"));
  {
    Connection db(path, Connection::Mode::read_write_create);
    db.exec("UPDATE outbox SET kind = 'fax' WHERE id = (SELECT min(id) FROM outbox)");
  }
  auto due = store.due_outbox(t0 + 10, 10);
  REQUIRE(due.size() == 2);
  CHECK(due[0].unreadable);
  CHECK_FALSE(due[1].unreadable);
  CHECK(due[1].kind == domain::OutboxKind::ack);
}

TEST_CASE("a triage re-run never replaces a group officers set", "[chat]") {
  TempDir dir;
  SqliteOptions options;
  options.audit_key = std::string(32, 'k');
  SqliteStore store(dir.file("t.db"), test_keys(), options);
  auto id = store.create_tip(sample_tip()).id;
  AuditEvent event;
  event.actor = "officer";
  event.action = "merge";
  store.set_group({id}, std::string("g-officer"), event);
  Labels rerun;
  rerun.group = "g-stale";
  store.update_labels(id, rerun);
  CHECK(store.load_tip(id)->labels.group == std::optional<std::string>("g-officer"));
}

TEST_CASE("a purged reply handle's sealed bytes are gone from the database file, not left in free pages",
          "[chat][hostile]") {
  TempDir dir;
  const auto path = dir.file("t.db");
  std::string sealed;
  {
    SqliteStore store(path, test_keys());
    ingest(store, chat("d1", "một", t0));
    {
      Connection raw(path, Connection::Mode::read_only);
      Statement q(raw, "SELECT sealed FROM reply_handles");
      REQUIRE(q.step());
      sealed = q.column_text(0);
    }
    REQUIRE(sealed.size() > 16);
    CHECK(store.pragmas().secure_delete == 1);
    REQUIRE(store.purge_expired(t0 + 86400, t0 + 1) == 1);
    // While the server runs: neither the file nor its WAL keeps the sealed handle.
    CHECK(slurp(path).find(sealed) == std::string::npos);
    CHECK(slurp(path + "-wal").find(sealed) == std::string::npos);
  }
  CHECK(slurp(path).find(sealed) == std::string::npos);
}
