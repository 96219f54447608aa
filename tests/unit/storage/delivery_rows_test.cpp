// Webhook deliveries kept between their 200 and their filing: durable when answered,
// sealed at rest, read back in arrival order, dropped once filed.
#include <catch2/catch.hpp>

#include <future>
#include <memory>
#include <stdexcept>

#include "storage/sqlite_store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;
namespace domain = tipline::domain;

namespace {

// keep_delivery() and wait for its answer, as the webhook handler's callback would.
void keep(SqliteStore& store, domain::Channel channel, std::int64_t at, const std::string& body) {
  std::promise<std::exception_ptr> answered;
  store.keep_delivery({channel, at, body}, [&](std::exception_ptr error) { answered.set_value(error); });
  if (auto error = answered.get_future().get()) std::rethrow_exception(error);
}

}  // namespace

TEST_CASE("kept deliveries come back in arrival order, survive a restart and go once filed",
          "[storage][deliveries]") {
  TempDir dir;
  const auto path = dir.file("deliveries.db");
  {
    SqliteStore store(path, test_keys());
    keep(store, domain::Channel::messenger, 1763900000, R"({"object":"page","n":1})");
    keep(store, domain::Channel::zalo, 1763900001, R"({"event_name":"user_send_text","n":2})");
    keep(store, domain::Channel::messenger, 1763900002, R"({"object":"page","n":3})");
    CHECK(store.delivery_count() == 3);
  }
  SqliteStore store(path, test_keys());  // a restart: what was answered is still there
  auto waiting = store.oldest_deliveries(2);
  REQUIRE(waiting.size() == 2);
  CHECK(waiting[0].channel == domain::Channel::messenger);
  CHECK(waiting[0].received_at == 1763900000);
  CHECK(waiting[0].body == R"({"object":"page","n":1})");
  CHECK(waiting[1].channel == domain::Channel::zalo);
  CHECK(waiting[1].seq > waiting[0].seq);

  store.drop_deliveries_through(waiting[1].seq);
  auto rest = store.oldest_deliveries(10);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].body == R"({"object":"page","n":3})");
  store.drop_deliveries_through(rest[0].seq);
  CHECK(store.delivery_count() == 0);

  // Numbering may restart once nothing waits; order among waiting rows still holds.
  keep(store, domain::Channel::zalo, 1763900010, "first");
  keep(store, domain::Channel::zalo, 1763900011, "second");
  auto again = store.oldest_deliveries(10);
  REQUIRE(again.size() == 2);
  CHECK(again[0].body == "first");
  CHECK(again[1].body == "second");
}

TEST_CASE("a kept delivery names its sender only sealed, in the file and in the WAL",
          "[storage][deliveries][anonymity]") {
  TempDir dir;
  const auto path = dir.file("deliveries.db");
  const std::string marker = "PSID-MARKER-7012345678901234";
  auto store = std::make_unique<SqliteStore>(path, test_keys());
  keep(*store, domain::Channel::messenger, 1763900000, R"({"sender":{"id":")" + marker + R"("}})");
  const auto wal = read_bytes(path + "-wal");
  REQUIRE_FALSE(wal.empty());  // the delivery is in the WAL: the scan looks at it
  CHECK(wal.find(marker) == std::string::npos);
  CHECK(read_bytes(path).find(marker) == std::string::npos);
  CHECK(store->oldest_deliveries(1).at(0).body.find(marker) != std::string::npos);
  store.reset();
  CHECK(read_bytes(path).find(marker) == std::string::npos);
}

TEST_CASE("a delivery the schema cannot hold is refused before the writer", "[storage][deliveries]") {
  TempDir dir;
  SqliteStore store(dir.file("deliveries.db"), test_keys());
  auto never = [](std::exception_ptr) { FAIL("answered a refused delivery"); };
  CHECK_THROWS_AS(store.keep_delivery({domain::Channel::web, 1, "{}"}, never), std::invalid_argument);
  CHECK_THROWS_AS(store.keep_delivery({domain::Channel::zalo, 1, ""}, never), std::invalid_argument);
  CHECK(store.delivery_count() == 0);
}

TEST_CASE("a delivery set aside stops holding up the others, survives their drop and goes after 7 days",
          "[storage][deliveries]") {
  TempDir dir;
  SqliteStore store(dir.file("deliveries.db"), test_keys());
  const std::int64_t arrived = 1763900000;
  keep(store, domain::Channel::zalo, arrived, "cannot be filed");
  keep(store, domain::Channel::zalo, arrived + 1, "fine");
  auto waiting = store.oldest_deliveries(10);
  REQUIRE(waiting.size() == 2);
  store.set_aside_delivery(waiting[0].seq, arrived + 60);
  CHECK(store.delivery_counts().waiting == 1);
  CHECK(store.delivery_counts().set_aside == 1);
  auto rest = store.oldest_deliveries(10);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].body == "fine");
  store.drop_deliveries_through(rest[0].seq);  // through a higher seq: the set-aside row stays
  CHECK(store.delivery_counts().waiting == 0);
  CHECK(store.delivery_counts().set_aside == 1);

  // At the next start it is tried again, in its place.
  store.retry_set_aside_deliveries();
  auto again = store.oldest_deliveries(10);
  REQUIRE(again.size() == 1);
  CHECK(again[0].body == "cannot be filed");
  store.set_aside_delivery(again[0].seq, arrived + 3600);

  constexpr std::int64_t week = 7 * 24 * 3600;
  store.purge_expired(arrived + week - 1, 0);
  CHECK(store.delivery_counts().set_aside == 1);
  store.purge_expired(arrived + week + 1, 0);  // counted from arrival, not from setting aside
  CHECK(store.delivery_counts().set_aside == 0);
}

TEST_CASE("a delivery whose data key is gone comes back unreadable, not as an error for all",
          "[storage][deliveries]") {
  TempDir dir;
  const auto path = dir.file("deliveries.db");
  {
    SqliteStore store(path, keyring_with({1}, 1));
    keep(store, domain::Channel::messenger, 1763900000, "sealed under key 1");
  }
  {
    SqliteStore store(path, keyring_with({1, 2}, 2));
    keep(store, domain::Channel::messenger, 1763900001, "sealed under key 2");
  }
  SqliteStore store(path, keyring_with({2}, 2));  // key 1 retired too early
  auto waiting = store.oldest_deliveries(10);
  REQUIRE(waiting.size() == 2);
  CHECK(waiting[0].unreadable);
  CHECK(waiting[0].body.empty());
  CHECK_FALSE(waiting[1].unreadable);
  CHECK(waiting[1].body == "sealed under key 2");
}
