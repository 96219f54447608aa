// The schema the migration files build: the one each version shipped with, and CHECK
// lists that are the domain vocabulary's.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "common/domain.hpp"
#include "common/encoding.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/store.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;
namespace domain = tipline::domain;

namespace {

// sqlite_schema as text, one entry a paragraph, in a fixed order.
std::string schema_text(Connection& db) {
  Statement q(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name");
  std::string text;
  while (q.step())
    text += "-- " + q.column_text(0) + " " + q.column_text(1) + " on " + q.column_text(2) + "\n" + q.column_text(3) +
            ";\n\n";
  return text;
}

// "table.column" -> the text inside `CHECK (column IN (...))`, for every such CHECK.
std::map<std::string, std::string> check_lists(Connection& db) {
  static const std::regex check(R"(CHECK \((\w+) IN \(([^)]*)\)\))");
  Statement q(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL");
  std::map<std::string, std::string> lists;
  while (q.step()) {
    const std::string table = q.column_text(0);
    const std::string sql = q.column_text(1);
    for (std::sregex_iterator it(sql.begin(), sql.end(), check), end; it != end; ++it)
      lists[table + "." + (*it)[1].str()] = (*it)[2].str();
  }
  return lists;
}

// What each placeholder stands for: a vocabulary, or the part of one a table holds.
std::map<std::string, std::string> vocabulary_of_placeholder() {
  return {{"priority", domain::sql_list<domain::Priority>()},
          {"author", domain::sql_list<domain::Author>()},
          {"role", domain::sql_list<domain::Role>()},
          {"language", domain::sql_list<domain::Language>()},
          {"session_stage", domain::sql_list<domain::SessionStage>()},
          {"chat_channel", domain::sql_list<domain::Channel>(domain::is_chat)}};
}

std::string fresh_database(const TempDir& dir, int version) {
  const auto path = dir.file("fresh.db");
  Connection db(path, Connection::Mode::read_write_create);
  migrate(db, version);
  return path;
}

}  // namespace

TEST_CASE("a fresh database migrated to version 6 has the schema version 6 shipped with", "[migrations][schema]") {
  // The digest of schema_text() from the build that kept its migrations in a header,
  // before the files and their placeholders. Migrations only append, so it never changes.
  constexpr char shipped_v6[] = "4d2dc58f0e4b6d2dabf52f8f51f35ed54b7aa68387c9aa7ec69f203927d4f502";
  TempDir dir;
  Connection db(fresh_database(dir, 6), Connection::Mode::read_only);
  const std::string schema = schema_text(db);
  INFO(schema);
  CHECK(tipline::encoding::to_hex(tipline::crypto::sha256(schema)) == shipped_v6);
}

TEST_CASE("every placeholder in the migration files stands for a vocabulary", "[migrations][schema]") {
  static const std::regex placeholder(R"(\{\{([^}]*)\}\})");
  const auto vocabularies = vocabulary_of_placeholder();
  std::set<std::string> used;
  for (const auto& [path, text] : migration_files()) {
    const std::string sql(text);
    for (std::sregex_iterator it(sql.begin(), sql.end(), placeholder), end; it != end; ++it) {
      const std::string name = (*it)[1].str();
      INFO(path << ": {{" << name << "}}");
      CHECK(vocabularies.count(name) == 1);
      used.insert(name);
    }
  }
  for (const auto& [name, list] : vocabularies) {
    INFO(name);
    CHECK(used.count(name) == 1);  // a vocabulary listed here and never used would go untested
    CHECK(fill_placeholders("test.sql", "{{" + name + "}}") == list);
  }
  for (const Migration& migration : migrations()) CHECK(migration.sql.find("{{") == std::string::npos);
}

TEST_CASE("a fresh database's CHECK lists are the vocabulary's", "[migrations][schema]") {
  const auto priority = domain::sql_list<domain::Priority>();
  const std::map<std::string, std::string> vocabulary_checks{
      {"tips.priority", priority},
      {"tips.corrected_priority", priority},
      {"label_corrections.priority", priority},
      {"tip_messages.author", domain::sql_list<domain::Author>()},
      {"officers.role", domain::sql_list<domain::Role>()},
      {"officers.language", domain::sql_list<domain::Language>()},
      {"sessions.stage", domain::sql_list<domain::SessionStage>()},
      {"inbound_deliveries.channel", domain::sql_list<domain::Channel>(domain::is_chat)},
  };
  // The only list of words that is not a vocabulary's: the outbox's own bookkeeping.
  const std::set<std::string> other_word_lists{"outbox.status"};

  TempDir dir;
  Connection db(fresh_database(dir, latest_schema_version()), Connection::Mode::read_only);
  const auto found = check_lists(db);
  for (const auto& [column, list] : vocabulary_checks) {
    INFO(column);
    REQUIRE(found.count(column) == 1);
    CHECK(found.at(column) == list);
  }
  for (const auto& [column, list] : found) {
    INFO(column << " IN (" << list << ")");
    if (list.find('\'') != std::string::npos)
      CHECK((vocabulary_checks.count(column) == 1 || other_word_lists.count(column) == 1));
  }
  // What these lists were before they were derived.
  CHECK(found.at("tips.priority") == "'urgent', 'high', 'normal', 'low'");
  CHECK(found.at("officers.role") == "'admin', 'leader', 'officer', 'viewer'");
  CHECK(found.at("inbound_deliveries.channel") == "'zalo', 'messenger'");
}

TEST_CASE("the database refuses a word outside the vocabulary", "[migrations][schema]") {
  TempDir dir;
  Connection db(fresh_database(dir, latest_schema_version()), Connection::Mode::read_write_create);
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("INSERT INTO tips (id, reference, channel, created_at, updated_at, drug_related, priority)"
          " VALUES (1, 'TL-2511-0001', 'web', 1, 1, 1, 'normal');"
          "INSERT INTO officers (id, username, display_name, role, password_hash, created_at)"
          " VALUES (1, 'lan', 'Lan', 'officer', 'x', 1)");
  struct Column {
    const char* what;
    const char* sql;  // ?1 is the word; ?2 tells rows apart
    std::vector<std::string> accepted;
    std::vector<std::string> refused;
  };
  const std::vector<Column> columns{
      {"priority",
       "INSERT INTO tips (reference, channel, created_at, updated_at, drug_related, priority)"
       " VALUES ('TL-2511-' || ?2, 'web', 1, 1, 1, ?1)",
       {"urgent", "low"},
       {"whenever", "Urgent", "", "urgent "}},
      {"corrected priority", "UPDATE tips SET corrected_priority = ?1 WHERE id = 1 AND ?2 = ?2", {"high"}, {"asap"}},
      {"role",
       "INSERT INTO officers (username, display_name, role, password_hash, created_at)"
       " VALUES ('o' || ?2, 'O', ?1, 'x', 1)",
       {"admin", "viewer"},
       {"superuser", "Admin"}},
      {"language", "UPDATE officers SET language = ?1 WHERE id = 1 AND ?2 = ?2", {"en", "vi"}, {"fr", "vi-VN"}},
      {"session stage",
       "INSERT INTO sessions (token_hash, officer_id, csrf_token, stage, created_at, last_seen_at)"
       " VALUES (CAST('t' || ?2 AS BLOB), 1, 'c', ?1, 1, 1)",
       {"second_factor", "full"},
       {"half", "new"}},
      {"message author",
       "INSERT INTO tip_messages (tip_id, seq, author, kind, created_at, key_id, body)"
       " VALUES (1, ?2, ?1, 'text', 1, 1, x'00')",
       {"reporter", "system"},
       {"stranger", "admin"}},
      {"delivery channel",
       "INSERT INTO inbound_deliveries (seq, channel, received_at, key_id, body) VALUES (?2, ?1, 1, 1, x'00')",
       {"zalo", "messenger"},
       {"web", "fax"}},
  };
  int row = 100;
  auto written = [&](const Column& column, const std::string& word) {
    Statement write(db, column.sql);
    write.bind_text(1, word);
    write.bind_int(2, ++row);
    try {
      write.run();
      return true;
    } catch (const StoreError&) {
      return false;
    }
  };
  for (const auto& column : columns) {
    for (const auto& word : column.accepted) {
      INFO(column.what << " '" << word << "'");
      CHECK(written(column, word));
    }
    for (const auto& word : column.refused) {
      INFO(column.what << " '" << word << "'");
      CHECK_FALSE(written(column, word));
    }
  }
}
