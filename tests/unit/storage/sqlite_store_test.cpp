#include <catch2/catch.hpp>

#include <stdexcept>

#include "storage/migrations.hpp"
#include "storage/sqlite_store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;
namespace domain = tipline::domain;

namespace {

std::string photo_bytes() {
  std::string bytes = "\xFF\xD8\xFF\xE0";
  for (int i = 0; i < 5000; ++i) bytes += static_cast<char>(i * 7 % 256);
  bytes += std::string("\0\0\x01\xFF\xD9", 5);
  return bytes;
}

}  // namespace

TEST_CASE("a created tip loads back with its labels and first message", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  NewTip tip = sample_tip();
  tip.labels.group = "grp-7";
  tip.first_message.attachment = photo_bytes();
  tip.first_message.attachment_type = "image/jpeg";

  const CreatedTip created = store.create_tip(tip);
  CHECK(created.reference == "TL-2511-0001");
  const auto loaded = store.load_tip(created.id);
  REQUIRE(loaded);
  CHECK(loaded->id == created.id);
  CHECK(loaded->reference == created.reference);
  CHECK(loaded->channel == domain::Channel::web);
  CHECK(loaded->status == domain::Status::new_);
  CHECK(loaded->created_at == tip.received_at);
  CHECK(loaded->updated_at == tip.received_at);
  CHECK(loaded->labels.drug_related);
  CHECK(loaded->labels.categories == std::vector{domain::Category::dealing, domain::Category::youth});
  CHECK(loaded->labels.priority == domain::Priority::high);
  CHECK(loaded->labels.area == std::optional<std::string>("tdp-3"));
  CHECK(loaded->labels.group == std::optional<std::string>("grp-7"));
  REQUIRE(loaded->messages.size() == 1);
  const auto& message = loaded->messages.front();
  CHECK(message.author == domain::Author::reporter);
  CHECK(message.kind == domain::MessageKind::text);
  CHECK(message.body == tip.first_message.body);
  CHECK(message.attachment == tip.first_message.attachment);
  CHECK(message.attachment_type == std::optional<std::string>("image/jpeg"));
  CHECK(store.count_tips() == 1);
  CHECK_FALSE(store.load_tip(created.id + 100));
}

TEST_CASE("empty categories and missing optional labels round-trip", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  NewTip tip = sample_tip("");
  tip.labels = Labels{};
  tip.labels.drug_related = false;
  const auto loaded = store.load_tip(store.create_tip(tip).id);
  REQUIRE(loaded);
  CHECK(loaded->labels.categories.empty());
  CHECK_FALSE(loaded->labels.drug_related);
  CHECK_FALSE(loaded->labels.area);
  CHECK_FALSE(loaded->labels.group);
  CHECK(loaded->messages.at(0).body.empty());
  CHECK_FALSE(loaded->messages.at(0).attachment);
}

TEST_CASE("references count up within a month and restart in a new one", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  CHECK(store.create_tip(sample_tip("a", "2511")).reference == "TL-2511-0001");
  CHECK(store.create_tip(sample_tip("b", "2511")).reference == "TL-2511-0002");
  CHECK(store.create_tip(sample_tip("c", "2511")).reference == "TL-2511-0003");
  CHECK(store.create_tip(sample_tip("d", "2512")).reference == "TL-2512-0001");
  CHECK(store.create_tip(sample_tip("e", "2511")).reference == "TL-2511-0004");
  CHECK(store.create_tip(sample_tip("f", "2601")).reference == "TL-2601-0001");
}

TEST_CASE("a malformed reference month is refused before it reaches the writer", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  CHECK_THROWS_AS(store.create_tip(sample_tip("x", "25-11")), std::invalid_argument);
  CHECK_THROWS_AS(store.create_tip(sample_tip("x", "2513")), std::invalid_argument);
  CHECK_THROWS_AS(store.create_tip(sample_tip("x", "")), std::invalid_argument);
  CHECK(store.write_job_count() == 0);
  CHECK(store.count_tips() == 0);
}

TEST_CASE("add_message appends in order and bumps updated_at", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  const auto created = store.create_tip(sample_tip("first"));

  NewMessage question;
  question.author = domain::Author::officer;
  question.kind = domain::MessageKind::question;
  question.created_at = 1763900500;
  question.body = "Bạn thấy việc này lúc mấy giờ?";
  const auto question_id = store.add_message(created.id, question);

  NewMessage answer;
  answer.kind = domain::MessageKind::answer;
  answer.created_at = 1763900900;
  answer.body = "Khoảng 10 giờ tối";
  answer.attachment = std::string("\x89PNG\r\n\x1a\n", 8) + "pixels";
  answer.attachment_type = "image/png";
  const auto answer_id = store.add_message(created.id, answer);
  CHECK(answer_id > question_id);

  const auto loaded = store.load_tip(created.id);
  REQUIRE(loaded);
  REQUIRE(loaded->messages.size() == 3);
  CHECK(loaded->messages[0].body == "first");
  CHECK(loaded->messages[1].id == question_id);
  CHECK(loaded->messages[1].author == domain::Author::officer);
  CHECK(loaded->messages[1].kind == domain::MessageKind::question);
  CHECK(loaded->messages[1].body == question.body);
  CHECK(loaded->messages[2].body == answer.body);
  CHECK(loaded->messages[2].attachment == answer.attachment);
  CHECK(loaded->updated_at == 1763900900);
  CHECK(loaded->created_at == 1763900000);
}

TEST_CASE("add_message to a missing tip fails and writes nothing", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  NewMessage message;
  message.body = "x";
  CHECK_THROWS_AS(store.add_message(42, message), StoreError);
  message.attachment = "bytes";  // without its type
  CHECK_THROWS_AS(store.add_message(42, message), std::invalid_argument);
}

TEST_CASE("update_labels replaces the machine labels", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  const auto created = store.create_tip(sample_tip());
  Labels labels;
  labels.drug_related = true;
  labels.categories = {domain::Category::use_den, domain::Category::disguised};
  labels.priority = domain::Priority::urgent;
  labels.area = std::nullopt;
  labels.group = "grp-1";
  store.update_labels(created.id, labels);
  const auto loaded = store.load_tip(created.id);
  REQUIRE(loaded);
  CHECK(loaded->labels.categories == labels.categories);
  CHECK(loaded->labels.priority == domain::Priority::urgent);
  CHECK_FALSE(loaded->labels.area);
  CHECK(loaded->labels.group == std::optional<std::string>("grp-1"));
  CHECK(loaded->messages.size() == 1);

  CHECK_THROWS_AS(store.update_labels(created.id + 1, labels), StoreError);
  // A value cast from a bad integer has no stored name: nothing is written under "".
  labels.priority = static_cast<domain::Priority>(42);
  CHECK_THROWS_AS(store.update_labels(created.id, labels), std::invalid_argument);
  CHECK(store.load_tip(created.id)->labels.priority == domain::Priority::urgent);
}

TEST_CASE("find_by_receipt matches the exact hash only", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  NewTip with_receipt = sample_tip();
  const std::string hash = std::string("\x00\x01\xfe\xff", 4) + std::string(28, '\x42');
  with_receipt.receipt_hash = hash;
  const auto created = store.create_tip(with_receipt);
  store.create_tip(sample_tip("no receipt"));
  store.create_tip(sample_tip("no receipt either"));

  CHECK(store.find_by_receipt(hash) == std::optional<std::int64_t>(created.id));
  std::string other = hash;
  other.back() = '\x43';
  CHECK_FALSE(store.find_by_receipt(other));
  CHECK_FALSE(store.find_by_receipt(hash.substr(0, 31)));
}

TEST_CASE("a receipt hash already in use is a typed duplicate and consumes nothing",
          "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  NewTip tip = sample_tip();
  tip.receipt_hash = std::string(32, '\x07');
  store.create_tip(tip);
  CHECK_THROWS_AS(store.create_tip(tip), DuplicateError);
  CHECK(store.count_tips() == 1);
  // The failed job's savepoint took its reference number back with it.
  CHECK(store.create_tip(sample_tip()).reference == "TL-2511-0002");
}

TEST_CASE("text that looks like SQL is stored and read back verbatim", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  const std::string nasty = "'); DROP TABLE tips;-- \" \\ %_ \x01 ; SELECT * FROM tip_messages";
  NewTip tip = sample_tip(nasty);
  tip.labels.area = "'); DROP TABLE tips;--";
  tip.labels.group = "x'); DROP TABLE tip_messages;--";
  const auto created = store.create_tip(tip);
  const auto loaded = store.load_tip(created.id);
  REQUIRE(loaded);
  CHECK(loaded->messages.at(0).body == nasty);
  CHECK(loaded->labels.area == tip.labels.area);
  CHECK(loaded->labels.group == tip.labels.group);
  CHECK(store.count_tips() == 1);
}

TEST_CASE("committed tips survive closing and reopening the file", "[storage]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  CreatedTip first;
  {
    SqliteStore store(path, test_keys());
    first = store.create_tip(sample_tip("bền vững"));
    NewMessage more;
    more.body = "thêm thông tin";
    more.created_at = 1763901000;
    store.add_message(first.id, more);
  }
  SqliteStore reopened(path, test_keys());
  CHECK(reopened.count_tips() == 1);
  const auto loaded = reopened.load_tip(first.id);
  REQUIRE(loaded);
  REQUIRE(loaded->messages.size() == 2);
  CHECK(loaded->messages[0].body == "bền vững");
  CHECK(loaded->messages[1].body == "thêm thông tin");
  CHECK(reopened.create_tip(sample_tip()).reference == "TL-2511-0002");
}

TEST_CASE("the writer connection runs with WAL, synchronous=FULL and foreign keys",
          "[storage]") {
  TempDir dir;
  SqliteOptions options;
  options.busy_timeout = std::chrono::milliseconds(1234);
  SqliteStore store(dir.file("tips.db"), test_keys(), options);
  const PragmaState state = store.pragmas();
  CHECK(state.journal_mode == "wal");
  CHECK(state.synchronous == 2);
  CHECK(state.foreign_keys == 1);
  CHECK(state.busy_timeout_ms == 1234);
  CHECK(state.schema_version == latest_schema_version());
  CHECK(store.healthy());
}

TEST_CASE("after shutdown writes are refused and reads still work", "[storage]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  const auto created = store.create_tip(sample_tip());
  store.shutdown();
  store.shutdown();
  CHECK_THROWS_AS(store.create_tip(sample_tip()), StoreError);
  CHECK_FALSE(store.healthy());
  CHECK(store.load_tip(created.id));
}

TEST_CASE("a path that cannot be opened is a StoreError", "[storage]") {
  TempDir dir;
  CHECK_THROWS_AS(SqliteStore(dir.file("missing-dir/tips.db"), test_keys()), StoreError);
}

TEST_CASE("storage errors name the constraint, never the values", "[storage][anonymity]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  NewTip tip = sample_tip("BODY-MARKER-do-not-log");
  tip.receipt_hash = "RECEIPT-HASH-MARKER-32-bytes-xx!";
  store.create_tip(tip);
  try {
    store.create_tip(tip);
    FAIL("expected DuplicateError");
  } catch (const DuplicateError& e) {
    const std::string what = e.what();
    CHECK(what.find("tips.receipt_hash") != std::string::npos);
    CHECK(what.find("RECEIPT-HASH-MARKER") == std::string::npos);
    CHECK(what.find("BODY-MARKER") == std::string::npos);
  }
}
