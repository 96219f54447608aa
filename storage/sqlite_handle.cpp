#include "storage/sqlite_handle.hpp"

#include <sqlite3.h>

#include <memory>

#include "storage/store.hpp"

namespace tipline::storage {

namespace {

bool is_unique_violation(int extended_rc) {
  return extended_rc == SQLITE_CONSTRAINT_UNIQUE || extended_rc == SQLITE_CONSTRAINT_PRIMARYKEY;
}

[[noreturn]] void throw_error(int rc, sqlite3* db, std::string_view what) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  std::string message = "sqlite: ";
  message.append(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  message += " (";
  message += std::to_string(extended);
  message += ")";
  if (is_unique_violation(extended)) throw DuplicateError(message);
  throw StoreError(message);
}

}  // namespace

void check(int rc, sqlite3* db, std::string_view what) {
  if (rc != SQLITE_OK) throw_error(rc, db, what);
}

Connection::Connection(const std::string& path, Mode mode) {
  const int flags = (mode == Mode::read_only ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // SQLite hands back a handle even when opening fails; it must be closed either way.
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> owned(raw, sqlite3_close_v2);
  if (rc != SQLITE_OK) throw_error(rc, raw, "open");
  // Schema from a file we did not write must not be able to run functions with side
  // effects, and a corrupt or hostile file must not be able to make us scribble.
  check(sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr), raw, "defensive");
  check(sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr), raw, "trusted_schema");
  check(sqlite3_extended_result_codes(raw, 1), raw, "extended codes");
  db_ = owned.release();
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

namespace {
// Filters make a few SQL texts vary; past this many, statements are simply finalized.
constexpr std::size_t max_cached = 256;
}  // namespace

StatementCache::node_type Connection::take_cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) return {};
  return cache_.extract(it);
}

void Connection::give_back(StatementCache::node_type node) {
  sqlite3_reset(node.mapped());
  sqlite3_clear_bindings(node.mapped());
  cache_.insert(std::move(node));
}

void Connection::give_back(std::string sql, sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (cache_.size() >= max_cached) {
    sqlite3_finalize(stmt);
    return;
  }
  cache_.emplace(std::move(sql), stmt);
}

void Connection::exec(const char* sql) {
  check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_, "exec");
}

Statement Connection::prepare(std::string_view sql) { return Statement(*this, sql); }

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Connection::changes() const { return sqlite3_changes(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Statement::Statement(Connection& connection, std::string_view sql)
    : connection_(&connection), db_(connection.get()), cached_(connection.take_cached(sql)) {
  if (cached_) {
    stmt_ = cached_.mapped();
    return;
  }
  sql_ = sql;
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                    &tail);
  stmt_ = raw;
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    throw_error(rc, db_, "prepare");
  }
  if (stmt_ == nullptr) throw StoreError("sqlite: prepare: empty statement");
  // Only a single statement can be cached and reused; a script runs once.
  if (tail != nullptr && std::string_view(tail).find_first_not_of(" \t\r\n") != std::string_view::npos) sql_.clear();
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (cached_) {
    connection_->give_back(std::move(cached_));
  } else if (!sql_.empty()) {
    connection_->give_back(std::move(sql_), stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      db_(other.db_),
      stmt_(other.stmt_),
      cached_(std::move(other.cached_)),
      sql_(std::move(other.sql_)) {
  other.stmt_ = nullptr;
}

void Statement::bind_text(int index, const std::string& value) {
  check(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8),
        db_, "bind");
}

void Statement::bind_static_text(int index, std::string_view text) {
  check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8), db_, "bind");
}

void Statement::bind_blob(int index, const std::string& value) {
  // A zero-length blob bound from nullptr would read back as NULL.
  static const char empty = 0;
  const void* data = value.empty() ? &empty : value.data();
  check(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_STATIC), db_, "bind");
}

void Statement::bind_text(int index, const std::optional<std::string>& value) {
  if (value) {
    bind_text(index, *value);
  } else {
    bind_null(index);
  }
}

void Statement::bind_blob(int index, const std::optional<std::string>& value) {
  if (value) {
    bind_blob(index, *value);
  } else {
    bind_null(index);
  }
}

void Statement::bind_int(int index, std::int64_t value) {
  check(sqlite3_bind_int64(stmt_, index, value), db_, "bind");
}

void Statement::bind_null(int index) { check(sqlite3_bind_null(stmt_, index), db_, "bind"); }

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_error(rc, db_, "step");
}

void Statement::run() {
  if (step()) throw StoreError("sqlite: statement returned rows where none were expected");
}

InsertOutcome Statement::insert_or_duplicate() {
  try {
    run();
    return InsertOutcome::inserted;
  } catch (const DuplicateError&) {
    // The default conflict action aborts only this statement; the transaction and
    // any savepoint stay usable.
    sqlite3_reset(stmt_);
    return InsertOutcome::duplicate;
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::string Statement::column_blob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob), static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_text(index);
}

std::optional<std::string> Statement::column_optional_blob(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_blob(index);
}

Transaction::Transaction(Connection& connection, Kind kind) : connection_(connection) {
  connection_.exec(kind == Kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  if (open_ && connection_.in_transaction()) {
    sqlite3_exec(connection_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  connection_.exec("COMMIT");
  open_ = false;
}

// Every write job opens and releases one: cached statements, not SQL parsed each time.
Savepoint::Savepoint(Connection& connection) : connection_(connection) {
  Statement(connection_, "SAVEPOINT job").run();
}

Savepoint::~Savepoint() {
  if (open_ && connection_.in_transaction()) {
    sqlite3_exec(connection_.get(), "ROLLBACK TO job; RELEASE job", nullptr, nullptr, nullptr);
  }
}

void Savepoint::release() {
  Statement(connection_, "RELEASE job").run();
  open_ = false;
}

void Savepoint::rollback() {
  open_ = false;
  connection_.exec("ROLLBACK TO job; RELEASE job");
}

}  // namespace tipline::storage
