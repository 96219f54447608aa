#pragma once
// Schema migrations keyed on PRAGMA user_version: version k means migrations 1..k
// have been applied. Each migration runs in its own transaction together with the
// version bump, so a crash leaves the file at one version or the next, never between.
//
// A migration is one file, migrations/NNNN_short_name.sql, compiled into the library;
// NNNN is its version. They are append-only: once a version has shipped its file never
// changes; a new file is added instead. Where a CHECK lists a vocabulary's stored names
// the file says {{priority}} (and so on, see migrations.cpp), filled in from
// common/domain.hpp, so the database refuses what the code refuses.
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tipline::storage {

class Connection;

struct Migration {
  int version;
  std::string file;  // e.g. "0003_chat_channels.sql"
  std::string sql;   // its placeholders filled
};

// The files compiled into the library, by path below storage/ ("migrations/0001_tips.sql").
const std::map<std::string_view, std::string_view>& migration_files();

// `files` as migrations in version order. Throws StoreError for a file not named
// NNNN_short_name.sql, two files of one version, a version missing between 1 and the
// last, or a placeholder no vocabulary fills.
std::vector<Migration> read_migrations(const std::map<std::string_view, std::string_view>& files);

// `sql` with each {{name}} replaced by its vocabulary's quoted stored names. Throws
// StoreError, naming `file`, for an unknown or unclosed placeholder.
std::string fill_placeholders(std::string_view file, std::string_view sql);

// The compiled-in files, read on first use (opening a store): a build whose migrations
// are misnumbered refuses to start rather than skip or repeat one.
std::span<const Migration> migrations();
int latest_schema_version();

int schema_version(Connection& db);

// Applies every migration above the file's version up to `target`. Refuses a file
// from a newer build rather than writing to a schema it does not know.
void migrate(Connection& db, int target);
inline void migrate(Connection& db) { migrate(db, latest_schema_version()); }

}  // namespace tipline::storage
