#pragma once
// Read-only connections kept apart from the writer's, so loading a tip never queues
// behind a group commit (WAL readers see the last committed state without locking).
// A connection serves one thread at a time; idle ones are kept for reuse.
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite_handle.hpp"

namespace tipline::storage {

class ReadPool final {
 public:
  ReadPool(std::string path, std::chrono::milliseconds busy_timeout, std::size_t max_idle);

  class Lease final {
   public:
    Lease(ReadPool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease() { pool_.give_back(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ReadPool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  Lease acquire();

 private:
  void give_back(std::unique_ptr<Connection> connection);

  std::string path_;
  std::chrono::milliseconds busy_timeout_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace tipline::storage
