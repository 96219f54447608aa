#pragma once
// The SQLite Store: one writer connection behind a group-commit queue, read-only
// connections for everything else, tip text and photos sealed with the keyring.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/keyring.hpp"
#include "storage/store.hpp"

namespace tipline::storage {

class Connection;
class ReadPool;
class WriteQueue;

struct SqliteOptions {
  // How long a connection waits for a lock held by another process (a backup, the
  // sqlite3 shell) before the write fails.
  std::chrono::milliseconds busy_timeout{5000};
  std::size_t max_batch = 256;
  std::size_t max_idle_readers = 8;
};

// The writer connection's settings as SQLite reports them, for health checks and tests.
struct PragmaState {
  std::string journal_mode;
  std::int64_t synchronous = 0;  // 2 = FULL
  std::int64_t foreign_keys = 0;
  std::int64_t busy_timeout_ms = 0;
  int schema_version = 0;
};

class SqliteStore final : public Store {
 public:
  // Creates the file if missing, sets WAL / synchronous=FULL / foreign keys / busy
  // timeout, migrates to the latest schema and starts the writer thread.
  SqliteStore(std::string path, Keyring keys, SqliteOptions options = {});
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  CreatedTip create_tip(const NewTip& tip) override;
  std::int64_t add_message(std::int64_t tip_id, const NewMessage& message) override;
  std::int64_t add_message_with_labels(std::int64_t tip_id, const NewMessage& message,
                                       const Labels& labels) override;
  void update_labels(std::int64_t tip_id, const Labels& labels) override;
  void correct_labels(std::int64_t tip_id, const LabelCorrection& correction) override;
  std::vector<std::int64_t> recent_tip_ids(std::int64_t since, std::size_t limit) override;

  ChatIngestResult ingest_chat(const ChatIngest& event) override;
  bool inbound_seen(const std::string& dedupe_hash) override;
  std::optional<OpenThread> open_thread(const std::string& reporter, std::int64_t at,
                                        std::int64_t quiet_window) override;
  std::optional<ReplyHandle> reply_handle(const std::string& reporter, std::int64_t now) override;
  std::size_t purge_expired(std::int64_t now, std::int64_t dedupe_before) override;
  std::vector<OutboxEntry> due_outbox(std::int64_t now, std::size_t limit) override;
  std::optional<std::int64_t> next_outbox_due() override;
  void outbox_sent(std::int64_t id, std::int64_t now) override;
  void outbox_retry(std::int64_t id, std::int64_t next_attempt_at, const std::string& reason) override;
  void outbox_failed(std::int64_t id, std::int64_t now, const std::string& reason) override;
  std::vector<std::pair<std::string, std::int64_t>> outbox_counts() override;
  std::optional<std::string> load_channel_secret(const std::string& name) override;
  void save_channel_secret(const std::string& name, const std::string& value, std::int64_t now) override;
  std::optional<std::int64_t> find_by_receipt(const std::string& receipt_hash) override;
  std::optional<StoredTip> load_tip(std::int64_t tip_id) override;
  std::int64_t count_tips() override;
  bool healthy() override;

  // Commits every write already queued and stops the writer; later writes throw
  // StoreError, reads keep working. Called by the destructor; safe to call twice.
  void shutdown();

  // Group-commit counters for /metrics: transactions committed, write jobs finished.
  std::uint64_t commit_count() const;
  std::uint64_t write_job_count() const;

  PragmaState pragmas();

 private:
  std::string path_;
  Keyring keys_;
  std::unique_ptr<Connection> writer_db_;
  std::unique_ptr<ReadPool> readers_;
  // Declared last so it stops (and drains) before the connections it uses go away.
  std::unique_ptr<WriteQueue> queue_;
};

}  // namespace tipline::storage
