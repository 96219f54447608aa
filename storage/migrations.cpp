#include "storage/migrations.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "common/domain.hpp"
#include "common/log.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"
#include "storage/store.hpp"

namespace tipline::storage {

namespace {

struct Placeholder {
  std::string_view name;
  std::string (*list)();
};

// The vocabularies a migration's CHECK may list. Webhook deliveries only ever come
// from chat platforms, so their table lists the chat channels alone.
constexpr Placeholder placeholders[] = {
    {"priority", [] { return domain::sql_list<domain::Priority>(); }},
    {"author", [] { return domain::sql_list<domain::Author>(); }},
    {"role", [] { return domain::sql_list<domain::Role>(); }},
    {"language", [] { return domain::sql_list<domain::Language>(); }},
    {"session_stage", [] { return domain::sql_list<domain::SessionStage>(); }},
    {"chat_channel", [] { return domain::sql_list<domain::Channel>(domain::is_chat); }},
};

// "0003_chat_channels.sql" -> 3; nothing for a name of another shape.
std::optional<int> version_of(std::string_view file) {
  constexpr std::string_view suffix = ".sql";
  if (file.size() <= 5 + suffix.size() || file[4] != '_' || !file.ends_with(suffix)) return std::nullopt;
  int version = 0;
  for (char c : file.substr(0, 4)) {
    if (c < '0' || c > '9') return std::nullopt;
    version = version * 10 + (c - '0');
  }
  for (char c : file.substr(5, file.size() - 5 - suffix.size()))
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
  return version;
}

StoreError misnumbered(const std::string& problem) { return StoreError("migrations: " + problem); }

}  // namespace

std::string fill_placeholders(std::string_view file, std::string_view sql) {
  std::string filled;
  std::size_t at = 0;
  for (auto open = sql.find("{{"); open != std::string_view::npos; open = sql.find("{{", at)) {
    filled.append(sql.substr(at, open - at));
    const auto close = sql.find("}}", open);
    if (close == std::string_view::npos)
      throw StoreError("migrations: " + std::string(file) + " opens a placeholder it does not close");
    const auto name = sql.substr(open + 2, close - open - 2);
    const auto* known = std::find_if(std::begin(placeholders), std::end(placeholders),
                                     [&](const Placeholder& p) { return p.name == name; });
    if (known == std::end(placeholders))
      throw StoreError("migrations: " + std::string(file) + " names no vocabulary: {{" + std::string(name) + "}}");
    filled += known->list();
    at = close + 2;
  }
  filled.append(sql.substr(at));
  return filled;
}

std::vector<Migration> read_migrations(const std::map<std::string_view, std::string_view>& files) {
  std::vector<Migration> read;
  for (const auto& [path, text] : files) {
    const auto file = path.substr(path.rfind('/') + 1);
    const auto version = version_of(file);
    if (!version) throw misnumbered(std::string(path) + " is not named NNNN_short_name.sql");
    if (*version == 0) throw misnumbered(std::string(path) + ": version 0 is the empty database, they start at 1");
    read.push_back({*version, std::string(file), fill_placeholders(file, text)});
  }
  if (read.empty()) throw misnumbered("none compiled in");
  std::stable_sort(read.begin(), read.end(),
                   [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < read.size(); ++i) {
    const int expected = static_cast<int>(i) + 1;
    if (read[i].version == expected) continue;
    if (i > 0 && read[i].version == read[i - 1].version)
      throw misnumbered(read[i - 1].file + " and " + read[i].file + " are both version " +
                        std::to_string(read[i].version));
    throw misnumbered("no version " + std::to_string(expected) + " before " + read[i].file);
  }
  return read;
}

std::span<const Migration> migrations() {
  static const std::vector<Migration> all = read_migrations(migration_files());
  return all;
}

int latest_schema_version() { return migrations().back().version; }

int schema_version(Connection& db) {
  Statement query(db, sql::read_user_version);
  if (!query.step()) throw StoreError("sqlite: user_version returned no row");
  return static_cast<int>(query.column_int(0));
}

void migrate(Connection& db, int target) {
  if (target < 0 || target > latest_schema_version()) {
    throw StoreError("migrate: no schema version " + std::to_string(target));
  }
  for (const Migration& migration : migrations()) {
    // IMMEDIATE takes the write lock before reading the version, so two processes
    // opening the same new file cannot both apply the same migration.
    Transaction tx(db, Transaction::Kind::immediate);
    const int current = schema_version(db);
    if (current > latest_schema_version()) {
      throw StoreError("migrate: database schema " + std::to_string(current) +
                       " is newer than this build's " + std::to_string(latest_schema_version()));
    }
    if (migration.version <= current) continue;
    if (migration.version > target) break;
    db.exec(migration.sql.c_str());
    {
      Statement check_fk(db, sql::foreign_key_check);
      if (check_fk.step()) {
        throw StoreError("migrate: foreign key violations after version " +
                         std::to_string(migration.version));
      }
    }
    const std::string bump = "PRAGMA user_version = " + std::to_string(migration.version);
    db.exec(bump.c_str());
    tx.commit();
    log::info("storage.migrated", {{"version", migration.version}});
  }
}

}  // namespace tipline::storage
