#pragma once
// Schema migrations keyed on PRAGMA user_version: version k means migrations 1..k
// have been applied. Each migration runs in its own transaction together with the
// version bump, so a crash leaves the file at one version or the next, never between.
#include <span>

namespace tipline::storage {

class Connection;

struct Migration {
  int version;
  const char* sql;
};

// In order; the last one's version is the schema this build writes.
std::span<const Migration> migrations();
int latest_schema_version();

int schema_version(Connection& db);

// Applies every migration above the file's version up to `target`. Refuses a file
// from a newer build rather than writing to a schema it does not know.
void migrate(Connection& db, int target);
inline void migrate(Connection& db) { migrate(db, latest_schema_version()); }

}  // namespace tipline::storage
