#include "storage/read_pool.hpp"

#include <sqlite3.h>

#include "storage/statements.hpp"

namespace tipline::storage {

ReadPool::ReadPool(std::string path, std::chrono::milliseconds busy_timeout, std::size_t max_idle)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_idle_(max_idle) {}

ReadPool::Lease ReadPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  auto connection = std::make_unique<Connection>(path_, Connection::Mode::read_only);
  check(sqlite3_busy_timeout(connection->get(), static_cast<int>(busy_timeout_.count())),
        connection->get(), "busy_timeout");
  connection->exec(sql::reader_pragmas);
  return Lease(*this, std::move(connection));
}

void ReadPool::give_back(std::unique_ptr<Connection> connection) {
  if (!connection) return;
  // A read that threw may have left its transaction open; a pooled connection must
  // not pin an old snapshot (which would also stop WAL checkpoints from finishing).
  if (connection->in_transaction()) {
    sqlite3_exec(connection->get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

}  // namespace tipline::storage
