#include "storage/migrations.hpp"

#include <array>
#include <string>

#include "common/log.hpp"
#include "storage/schema_sql.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/store.hpp"

namespace tipline::storage {

namespace {

constexpr std::array<Migration, 6> all_migrations{{
    {1, sql::migration_v1},
    {2, sql::migration_v2},
    {3, sql::migration_v3},
    {4, sql::migration_v4},
    {5, sql::migration_v5},
    {6, sql::migration_v6},
}};

}  // namespace

std::span<const Migration> migrations() { return all_migrations; }

int latest_schema_version() { return all_migrations.back().version; }

int schema_version(Connection& db) {
  Statement query(db, sql::read_user_version);
  if (!query.step()) throw StoreError("sqlite: user_version returned no row");
  return static_cast<int>(query.column_int(0));
}

void migrate(Connection& db, int target) {
  if (target < 0 || target > latest_schema_version()) {
    throw StoreError("migrate: no schema version " + std::to_string(target));
  }
  for (const Migration& migration : all_migrations) {
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
    db.exec(migration.sql);
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
