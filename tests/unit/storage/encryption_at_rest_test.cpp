#include <catch2/catch.hpp>

#include <filesystem>

#include "storage/sqlite_handle.hpp"
#include "storage/sqlite_store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;

namespace {

struct SealedRow {
  std::int64_t key_id;
  std::string body;
};

std::vector<SealedRow> sealed_rows(const std::string& path) {
  Connection db(path, Connection::Mode::read_only);
  Statement query(db, "SELECT key_id, body FROM tip_messages ORDER BY id");
  std::vector<SealedRow> rows;
  while (query.step()) rows.push_back({query.column_int(0), query.column_blob(1)});
  return rows;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("tip text and photos never reach the database file or its WAL in clear",
          "[storage][anonymity]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  const std::string marker_text = "MARKER-Nguyen-Van-A-ban-heroin-hem-12";
  const std::string marker_photo = std::string("PHOTO-MARKER-\x01\x02\x03-", 17) + "exif-free-bytes";
  auto store = std::make_unique<SqliteStore>(path, test_keys());
  NewTip tip = sample_tip("Trước: " + marker_text + " :sau");
  tip.first_message.attachment = "\xFF\xD8" + marker_photo + "\xFF\xD9";
  tip.first_message.attachment_type = "image/jpeg";
  const auto created = store->create_tip(tip);
  NewMessage more;
  more.body = marker_text;
  more.created_at = 1763901000;
  store->add_message(created.id, more);

  // Checked while the store is open (rows still in the WAL) and again after close
  // (rows checkpointed into the main file).
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& suffix : {"", "-wal", "-journal", "-shm"}) {
      const std::string file = path + suffix;
      if (!std::filesystem::exists(file)) continue;
      const std::string bytes = read_bytes(file);
      INFO("file " << file << " pass " << pass);
      CHECK_FALSE(contains(bytes, marker_text));
      CHECK_FALSE(contains(bytes, marker_photo));
      CHECK_FALSE(contains(bytes, "Nguyen-Van-A"));
    }
    if (pass == 0) {
      CHECK(std::filesystem::file_size(path + "-wal") > 0);
      store.reset();
      CHECK_FALSE(std::filesystem::exists(path + "-wal"));
    }
  }
  // The labels that the queue needs are in clear, as designed.
  CHECK(contains(read_bytes(path), "TL-2511-0001"));
  SqliteStore reopened(path, test_keys());
  CHECK(reopened.load_tip(created.id)->messages.at(1).body == marker_text);
}

TEST_CASE("rotating the active key keeps old rows readable and seals new ones with it",
          "[storage][crypto]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  CreatedTip old_tip;
  {
    SqliteStore store(path, keyring_with({1}, 1));
    old_tip = store.create_tip(sample_tip("sealed with key one"));
  }
  SqliteStore store(path, keyring_with({1, 2}, 2));
  const auto new_tip = store.create_tip(sample_tip("sealed with key two"));
  NewMessage follow_up;
  follow_up.body = "follow-up on an old tip";
  follow_up.created_at = 1763909999;
  store.add_message(old_tip.id, follow_up);

  const auto old_loaded = store.load_tip(old_tip.id);
  REQUIRE(old_loaded);
  REQUIRE(old_loaded->messages.size() == 2);
  CHECK(old_loaded->messages[0].body == "sealed with key one");
  CHECK(old_loaded->messages[1].body == "follow-up on an old tip");
  CHECK(store.load_tip(new_tip.id)->messages.at(0).body == "sealed with key two");

  store.shutdown();
  const auto rows = sealed_rows(path);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].key_id == 1);
  CHECK(rows[1].key_id == 2);
  CHECK(rows[2].key_id == 2);
}

TEST_CASE("the wrong key or a retired key is a DecryptError, not garbage", "[storage][crypto]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  std::int64_t id = 0;
  {
    SqliteStore store(path, keyring_with({1}, 1));
    id = store.create_tip(sample_tip()).id;
  }
  SECTION("same id, different key bytes") {
    std::map<std::uint32_t, std::string> keys{{1, std::string(32, 'Z')}};
    SqliteStore store(path, Keyring(std::move(keys), 1));
    CHECK_THROWS_AS(store.load_tip(id), DecryptError);
    // The labels are still there for the queue; only the content is unreadable.
    CHECK(store.count_tips() == 1);
  }
  SECTION("the key that sealed the row is no longer in the ring") {
    SqliteStore store(path, keyring_with({2}, 2));
    CHECK_THROWS_AS(store.load_tip(id), DecryptError);
  }
}

TEST_CASE("a flipped ciphertext byte in the file is a DecryptError", "[storage][crypto]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  std::int64_t id = 0;
  {
    SqliteStore store(path, test_keys());
    id = store.create_tip(sample_tip("nội dung bị sửa")).id;
  }
  // Closing the last connection checkpointed the WAL, so the blob is in the main file.
  REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));
  const auto rows = sealed_rows(path);
  REQUIRE(rows.size() == 1);
  std::string bytes = read_bytes(path);
  const auto at = bytes.find(rows[0].body);
  REQUIRE(at != std::string::npos);
  bytes[at + rows[0].body.size() / 2] ^= 0x01;
  write_bytes(path, bytes);

  SqliteStore store(path, test_keys());
  CHECK_THROWS_AS(store.load_tip(id), DecryptError);
}

TEST_CASE("a sealed body moved to another row does not open", "[storage][crypto]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  std::int64_t first = 0;
  std::int64_t second = 0;
  {
    SqliteStore store(path, test_keys());
    first = store.create_tip(sample_tip("tip one")).id;
    second = store.create_tip(sample_tip("tip two")).id;
  }
  {
    Connection db(path, Connection::Mode::read_write_create);
    db.exec(
        "UPDATE tip_messages SET body = (SELECT body FROM tip_messages WHERE tip_id = 1) "
        "WHERE tip_id = 2");
  }
  SqliteStore store(path, test_keys());
  CHECK(store.load_tip(first)->messages.at(0).body == "tip one");
  CHECK_THROWS_AS(store.load_tip(second), DecryptError);
}
