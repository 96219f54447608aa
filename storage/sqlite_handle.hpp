#pragma once
// Thin RAII over the SQLite C API, in the manner of SQLiteCpp: the handle is owned
// before its return code is looked at, statements finalize in their destructors and
// transactions roll back in theirs without throwing. Errors become StoreError with
// sqlite3_errmsg, which names tables and constraints but never echoes bound values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace tipline::storage {

// What an insert that may collide with a unique key did. Expected collisions (a
// redelivered webhook, a duplicate receipt) are a result, not an exception.
enum class InsertOutcome { inserted, duplicate };

class Statement;

// Prepared statements waiting for reuse, by SQL text; looked up without copying the text.
struct SqlTextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};
using StatementCache = std::unordered_multimap<std::string, sqlite3_stmt*, SqlTextHash, std::equal_to<>>;

class Connection final {
 public:
  enum class Mode { read_write_create, read_only };

  Connection(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that take no parameters (pragmas, DDL, BEGIN...).
  void exec(const char* sql);
  Statement prepare(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  // False while a transaction is open; SQLite may end one on its own after some
  // errors (disk full, I/O), which callers holding a batch must notice.
  bool in_transaction() const;
  sqlite3* get() const { return db_; }

 private:
  friend class Statement;
  // Preparing costs more than running most of our statements, and the same few dozen
  // run on every request. A statement in use is out of the cache (its node travels
  // with it), so a nested use of the same SQL prepares another.
  StatementCache::node_type take_cached(std::string_view sql);
  void give_back(StatementCache::node_type node);
  void give_back(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_ = nullptr;
  StatementCache cache_;
};

class Statement final {
 public:
  Statement(Connection& connection, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;

  // Text and blobs are bound without copying, so the argument must outlive the
  // statement's execution; binding a temporary would leave SQLite reading freed
  // memory, hence the deleted rvalue overloads.
  void bind_text(int index, const std::string& value);
  void bind_text(int index, std::string&&) = delete;
  void bind_blob(int index, const std::string& value);
  void bind_blob(int index, std::string&&) = delete;
  void bind_text(int index, const std::optional<std::string>& value);
  void bind_text(int index, std::optional<std::string>&&) = delete;
  void bind_blob(int index, const std::optional<std::string>& value);
  void bind_blob(int index, std::optional<std::string>&&) = delete;
  // Text that lives as long as the program (the vocabulary's stored names).
  void bind_static_text(int index, std::string_view text);
  void bind_int(int index, std::int64_t value);
  void bind_null(int index);

  // True when a row is available, false when done. A unique or primary-key
  // violation throws DuplicateError; anything else throws StoreError.
  bool step();
  // Steps a statement that must not return rows.
  void run();
  // Steps an insert, reporting a unique-key collision as a result.
  InsertOutcome insert_or_duplicate();
  void reset();

  // For sqlite3_stmt_status and the like (the benchmark's counters).
  sqlite3_stmt* get() const { return stmt_; }

  bool column_is_null(int index) const;
  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  std::optional<std::string> column_optional_text(int index) const;
  std::optional<std::string> column_optional_blob(int index) const;

 private:
  Connection* connection_ = nullptr;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  StatementCache::node_type cached_;  // a cache hit: text and statement, back to the cache after use
  std::string sql_;                   // a fresh statement worth caching; empty for scripts
};

// BEGIN ... COMMIT, rolled back by the destructor unless committed.
class Transaction final {
 public:
  enum class Kind { deferred, immediate };
  Transaction(Connection& connection, Kind kind);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

// A savepoint inside an open transaction, so one unit of work can fail alone.
class Savepoint final {
 public:
  explicit Savepoint(Connection& connection);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();
  // Undoes the work since the savepoint and releases it; throws if SQLite refuses.
  void rollback();

 private:
  Connection& connection_;
  bool open_ = true;
};

// Throws StoreError (or DuplicateError) for a result code that is not SQLITE_OK.
void check(int rc, sqlite3* db, std::string_view what);

}  // namespace tipline::storage
