#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <string_view>

#include "storage/audit_rows.hpp"
#include "storage/officer_rows.hpp"
#include "storage/queue_rows.hpp"
#include "storage/workflow_rows.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/tip_rows.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;
namespace domain = tipline::domain;

namespace {

std::int64_t count_rows(Connection& db, const char* sql) {
  Statement query(db, sql);
  query.step();
  return query.column_int(0);
}

}  // namespace

TEST_CASE("migrations are numbered 1..latest without gaps", "[migrations]") {
  int expected = 1;
  for (const Migration& migration : migrations()) CHECK(migration.version == expected++);
  CHECK(latest_schema_version() == expected - 1);
  CHECK(migrations().size() == migration_files().size());
}

TEST_CASE("migration files are applied by their number, not their place in the list", "[migrations]") {
  const auto read = read_migrations({{"migrations/0002_b.sql", "SELECT 2;"}, {"0001_z.sql", "SELECT 1;"}});
  REQUIRE(read.size() == 2);
  CHECK(read[0].version == 1);
  CHECK(read[0].file == "0001_z.sql");
  CHECK(read[1].version == 2);
  CHECK(read[1].sql == "SELECT 2;");
}

TEST_CASE("a gap, a duplicate or a misnamed migration file stops the start", "[migrations]") {
  auto refusal = [](const std::map<std::string_view, std::string_view>& files) {
    try {
      read_migrations(files);
    } catch (const StoreError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refusal({{"migrations/0001_a.sql", ""}, {"migrations/0003_c.sql", ""}}) ==
        "migrations: no version 2 before 0003_c.sql");
  CHECK(refusal({{"migrations/0002_b.sql", ""}}) == "migrations: no version 1 before 0002_b.sql");
  CHECK(refusal({{"migrations/0000_a.sql", ""}, {"migrations/0001_b.sql", ""}}) ==
        "migrations: migrations/0000_a.sql: version 0 is the empty database, they start at 1");
  CHECK(refusal({{"migrations/0001_a.sql", ""}, {"migrations/0002_b.sql", ""}, {"migrations/0002_c.sql", ""}}) ==
        "migrations: 0002_b.sql and 0002_c.sql are both version 2");
  for (const char* name : {"migrations/1_a.sql", "migrations/0001-a.sql", "migrations/0001_.sql",
                           "migrations/00a1_a.sql", "migrations/0001_A.sql", "migrations/0001_a.txt"}) {
    INFO(name);
    CHECK(refusal({{name, ""}}) == "migrations: " + std::string(name) + " is not named NNNN_short_name.sql");
  }
  CHECK(refusal({}) == "migrations: none compiled in");
}

TEST_CASE("a placeholder no vocabulary fills stops the start", "[migrations]") {
  CHECK_THROWS_WITH(read_migrations({{"migrations/0001_a.sql", "CHECK (x IN ({{colour}}))"}}),
                    "migrations: 0001_a.sql names no vocabulary: {{colour}}");
  CHECK_THROWS_WITH(fill_placeholders("0001_a.sql", "CHECK (x IN ({{priority"),
                    "migrations: 0001_a.sql opens a placeholder it does not close");
  CHECK_THROWS_AS(fill_placeholders("0001_a.sql", "{{ priority }}"), StoreError);
  CHECK(fill_placeholders("0001_a.sql", "no placeholder { here }") == "no placeholder { here }");
  CHECK(fill_placeholders("0001_a.sql", "({{role}}) ({{role}})") ==
        "('admin', 'leader', 'officer', 'viewer') ('admin', 'leader', 'officer', 'viewer')");
}

TEST_CASE("an empty file is migrated to the latest schema", "[migrations]") {
  TempDir dir;
  const auto path = dir.file("empty.db");
  {
    // An existing zero-byte file, as `touch` or a failed first start would leave.
    write_bytes(path, "");
    SqliteStore store(path, test_keys());
    CHECK(store.pragmas().schema_version == latest_schema_version());
    CHECK(store.create_tip(sample_tip()).reference == "TL-2511-0001");
  }
  Connection db(path, Connection::Mode::read_only);
  CHECK(schema_version(db) == latest_schema_version());
}

TEST_CASE("every earlier schema is migrated to the latest and keeps its data",
          "[migrations]") {
  for (int version = 0; version < latest_schema_version(); ++version) {
    DYNAMIC_SECTION("from version " << version) {
      TempDir dir;
      const auto path = dir.file("old.db");
      std::int64_t seeded = 0;
      {
        Connection db(path, Connection::Mode::read_write_create);
        migrate(db, version);
        REQUIRE(schema_version(db) == version);
        if (version >= 1) {
          // Written the way the v1 build wrote it: v1's columns only.
          Transaction tx(db, Transaction::Kind::immediate);
          db.exec("INSERT INTO reference_counters (month, next) VALUES ('2511', 2);"
                  "INSERT INTO tips (reference, channel, status, created_at, updated_at, drug_related,"
                  " categories, priority) VALUES ('TL-2511-0001', 'web', 'new', 1763900000, 1763900000, 1,"
                  " 'dealing', 'high')");
          seeded = db.last_insert_rowid();
          const auto keys = test_keys();
          const std::string body = keys.seal("written at v1", tip_rows::message_aad("body", seeded, 1, 1)).bytes;
          Statement message(db, "INSERT INTO tip_messages (tip_id, seq, author, kind, created_at, key_id, body)"
                                " VALUES (?1, 1, 'reporter', 'text', 1763900000, 1, ?2)");
          message.bind_int(1, seeded);
          message.bind_blob(2, body);
          message.run();
          tx.commit();
        }
      }
      SqliteStore store(path, test_keys());
      CHECK(store.pragmas().schema_version == latest_schema_version());
      const std::string expected_next = version >= 1 ? "TL-2511-0002" : "TL-2511-0001";
      const auto created = store.create_tip(sample_tip("written at latest"));
      CHECK(created.reference == expected_next);
      CHECK(store.load_tip(created.id)->messages.at(0).body == "written at latest");
      if (version >= 1) {
        const auto old_tip = store.load_tip(seeded);
        REQUIRE(old_tip);
        CHECK(old_tip->messages.at(0).body == "written at v1");
        CHECK(old_tip->labels.priority == domain::Priority::high);
      }
      CHECK(store.count_tips() == (version >= 1 ? 2 : 1));
    }
  }
}

TEST_CASE("after migrating, the officers' queue reads its own index and sorts nothing", "[migrations]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  { SqliteStore store(path, test_keys()); }
  Connection db(path, Connection::Mode::read_only);
  CHECK(count_rows(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'tips_open_queue'") == 1);
  CHECK(count_rows(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'tips_queue'") == 0);
  QueueFilter filter;  // the default view: every open tip, most urgent first
  const auto statuses = queue_rows::queue_statuses(filter);
  Statement plan(db, "EXPLAIN QUERY PLAN " + queue_rows::queue_sql(filter));
  queue_rows::bind_queue(plan, filter, statuses);
  std::string details;
  while (plan.step()) details += plan.column_text(3) + "\n";
  CHECK(details.find("tips_open_queue") != std::string::npos);
  CHECK(details.find("TEMP B-TREE") == std::string::npos);
}

TEST_CASE("migrating twice is a no-op", "[migrations]") {
  TempDir dir;
  const auto path = dir.file("tips.db");
  Connection db(path, Connection::Mode::read_write_create);
  migrate(db);
  migrate(db);
  CHECK(schema_version(db) == latest_schema_version());
}

TEST_CASE("a file from a newer build is refused, not written", "[migrations]") {
  TempDir dir;
  const auto path = dir.file("future.db");
  {
    Connection db(path, Connection::Mode::read_write_create);
    migrate(db);
    const std::string bump = "PRAGMA user_version = " + std::to_string(latest_schema_version() + 1);
    db.exec(bump.c_str());
  }
  CHECK_THROWS_AS(SqliteStore(path, test_keys()), StoreError);
  Connection db(path, Connection::Mode::read_only);
  CHECK(schema_version(db) == latest_schema_version() + 1);
}
