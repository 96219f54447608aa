#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <latch>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "storage/read_pool.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/write_queue.hpp"
#include "unit/storage/storage_fixture.hpp"

using namespace tipline::storage;
using namespace tipline::storage::testing;

namespace {

// A bare writer connection with one table, so the queue can be tested on its own.
struct QueueFixture {
  TempDir dir;
  std::string path = dir.file("queue.db");
  Connection db{path, Connection::Mode::read_write_create};
  QueueFixture() {
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
            "CREATE TABLE items (id INTEGER PRIMARY KEY, note TEXT UNIQUE)");
  }
  std::int64_t count_items() {
    Connection reader(path, Connection::Mode::read_only);
    Statement query(reader, "SELECT count(*) FROM items");
    query.step();
    return query.column_int(0);
  }
};

void insert_item(Connection& db, std::int64_t id) {
  Statement insert(db, "INSERT INTO items (id) VALUES (?1)");
  insert.bind_int(1, id);
  insert.run();
}

// Holds the writer inside a job until released, so later submissions pile up and must
// share one batch.
class Gate {
 public:
  explicit Gate(WriteQueue& queue, std::function<void(Connection&)> first = {}) {
    holder_ = std::thread([this, &queue, first = std::move(first)] {
      queue.submit([&](Connection& db) {
        if (first) first(db);
        entered_.set_value();
        release_future_.wait();
      });
    });
    entered_.get_future().wait();
  }
  void open() {
    release_.set_value();
    holder_.join();
  }

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  std::thread holder_;
};

void wait_for_depth(WriteQueue& queue, std::size_t depth) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (queue.queue_depth() < depth && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(queue.queue_depth() == depth);
}

// Jobs that insert their id and note the order in which the writer ran them.
struct RunOrder {
  std::mutex mutex;
  std::vector<std::int64_t> ids;
  std::function<void(Connection&)> job(std::int64_t id) {
    return [this, id](Connection& db) {
      insert_item(db, id);
      std::lock_guard lock(mutex);
      ids.push_back(id);
    };
  }
  std::ptrdiff_t position(std::int64_t id) const { return std::find(ids.begin(), ids.end(), id) - ids.begin(); }
};

}  // namespace

TEST_CASE("32 concurrent create_tip calls all commit in fewer than 32 transactions",
          "[write_queue][group_commit]") {
  TempDir dir;
  SqliteStore store(dir.file("tips.db"), test_keys());
  constexpr int writers = 32;
  std::latch start(writers);
  std::vector<std::future<CreatedTip>> results;
  for (int i = 0; i < writers; ++i) {
    results.push_back(std::async(std::launch::async, [&store, &start, i] {
      start.arrive_and_wait();
      return store.create_tip(sample_tip("concurrent tip " + std::to_string(i)));
    }));
  }
  std::set<std::string> references;
  for (auto& result : results) references.insert(result.get().reference);
  CHECK(references.size() == writers);
  CHECK(*references.begin() == "TL-2511-0001");
  CHECK(*references.rbegin() == "TL-2511-0032");
  CHECK(store.write_job_count() == writers);
  CHECK(store.commit_count() < writers);
  CHECK(store.count_tips() == writers);
}

TEST_CASE("jobs queued behind a commit share the next one", "[write_queue][group_commit]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  Gate gate(queue);
  std::vector<std::future<void>> jobs;
  for (int i = 1; i <= 10; ++i) {
    jobs.push_back(std::async(std::launch::async, [&queue, i] {
      queue.submit([i](Connection& db) { insert_item(db, i); });
    }));
  }
  wait_for_depth(queue, 10);
  gate.open();
  for (auto& job : jobs) job.get();
  CHECK(queue.commit_count() == 2);
  CHECK(queue.job_count() == 11);
  CHECK(fixture.count_items() == 10);
}

TEST_CASE("a failing job in a batch rolls back alone and its caller gets the exception",
          "[write_queue]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  Gate gate(queue);
  auto before = std::async(std::launch::async, [&] {
    return queue.submit([](Connection& db) {
      insert_item(db, 1);
      return 1;
    });
  });
  wait_for_depth(queue, 1);
  auto failing = std::async(std::launch::async, [&] {
    queue.submit([](Connection& db) {
      insert_item(db, 2);  // written, then undone by the job's savepoint
      throw std::runtime_error("job failed on purpose");
    });
  });
  wait_for_depth(queue, 2);
  auto duplicate = std::async(std::launch::async, [&] {
    queue.submit([](Connection& db) { insert_item(db, 1); });
  });
  wait_for_depth(queue, 3);
  auto after = std::async(std::launch::async, [&] {
    return queue.submit([](Connection& db) {
      insert_item(db, 3);
      return 3;
    });
  });
  wait_for_depth(queue, 4);
  gate.open();

  CHECK(before.get() == 1);
  CHECK_THROWS_WITH(failing.get(), "job failed on purpose");
  CHECK_THROWS_AS(duplicate.get(), DuplicateError);
  CHECK(after.get() == 3);
  CHECK(queue.commit_count() == 2);
  CHECK(fixture.count_items() == 2);
  Connection reader(fixture.path, Connection::Mode::read_only);
  Statement ids(reader, "SELECT group_concat(id) FROM (SELECT id FROM items ORDER BY id)");
  ids.step();
  CHECK(ids.column_text(0) == "1,3");
}

TEST_CASE("an expected collision is a result, not an exception", "[write_queue]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  const std::string note = "platform-message-123";
  auto record = [&] {
    return queue.submit([&note](Connection& db) {
      Statement insert(db, "INSERT INTO items (note) VALUES (?1)");
      insert.bind_text(1, note);
      const InsertOutcome outcome = insert.insert_or_duplicate();
      // The transaction stays usable after the collision.
      Statement more(db, "SELECT count(*) FROM items");
      more.step();
      return outcome;
    });
  };
  CHECK(record() == InsertOutcome::inserted);
  CHECK(record() == InsertOutcome::duplicate);
  CHECK(fixture.count_items() == 1);
}

TEST_CASE("shutdown commits what is queued, then refuses new work", "[write_queue]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  Gate gate(queue);
  std::vector<std::future<void>> jobs;
  for (int i = 1; i <= 5; ++i) {
    jobs.push_back(std::async(std::launch::async, [&queue, i] {
      queue.submit([i](Connection& db) { insert_item(db, i); });
    }));
  }
  wait_for_depth(queue, 5);
  std::thread stopper([&] { queue.shutdown(); });
  gate.open();
  stopper.join();
  for (auto& job : jobs) CHECK_NOTHROW(job.get());
  CHECK(fixture.count_items() == 5);
  CHECK_FALSE(queue.running());
  CHECK_THROWS_AS(queue.submit([](Connection& db) { insert_item(db, 9); }), StoreError);
}

TEST_CASE("a job that submits to its own queue fails instead of deadlocking",
          "[write_queue]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  CHECK_THROWS_AS(queue.submit([&queue](Connection&) {
    queue.submit([](Connection& db) { insert_item(db, 1); });
  }),
                  StoreError);
  CHECK(fixture.count_items() == 0);
}

TEST_CASE("when SQLite abandons the whole transaction the innocent jobs are rerun",
          "[write_queue]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  Gate gate(queue);
  auto first = std::async(std::launch::async, [&] {
    queue.submit([](Connection& db) { insert_item(db, 1); });
  });
  wait_for_depth(queue, 1);
  auto breaking = std::async(std::launch::async, [&] {
    queue.submit([](Connection& db) {
      insert_item(db, 2);
      // What SQLite does by itself on SQLITE_FULL or an I/O error mid-batch.
      db.exec("ROLLBACK");
      throw StoreError("disk full");
    });
  });
  wait_for_depth(queue, 2);
  auto last = std::async(std::launch::async, [&] {
    queue.submit([](Connection& db) { insert_item(db, 3); });
  });
  wait_for_depth(queue, 3);
  gate.open();
  CHECK_NOTHROW(first.get());
  CHECK_THROWS_WITH(breaking.get(), "disk full");
  CHECK_NOTHROW(last.get());
  CHECK(fixture.count_items() == 2);
  CHECK(queue.job_count() == 4);
}

TEST_CASE("readers neither wait for the writer nor see what it has not committed",
          "[write_queue]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  ReadPool readers(fixture.path, std::chrono::milliseconds(5000), 2);
  Gate gate(queue, [](Connection& db) { insert_item(db, 1); });
  const auto started = std::chrono::steady_clock::now();
  {
    auto reader = readers.acquire();
    Statement query(*reader, "SELECT count(*) FROM items");
    REQUIRE(query.step());
    CHECK(query.column_int(0) == 0);
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  gate.open();
  auto reader = readers.acquire();
  Statement query(*reader, "SELECT count(*) FROM items");
  REQUIRE(query.step());
  CHECK(query.column_int(0) == 1);
}

TEST_CASE("submit_then answers after the commit, in the same batch as blocking callers",
          "[write_queue][group_commit]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  Gate gate(queue);
  std::promise<std::pair<std::exception_ptr, std::int64_t>> kept;
  queue.submit_then([](Connection& db) { insert_item(db, 1); },
                    [&](std::exception_ptr error) {
                      // Runs after COMMIT: a fresh reader already sees the row.
                      kept.set_value({error, fixture.count_items()});
                    });
  std::promise<std::exception_ptr> refused;
  queue.submit_then([](Connection& db) { insert_item(db, 1); },  // the same id: rolled back alone
                    [&](std::exception_ptr error) { refused.set_value(error); });
  wait_for_depth(queue, 2);
  auto blocking = std::async(std::launch::async, [&] { queue.submit([](Connection& db) { insert_item(db, 2); }); });
  wait_for_depth(queue, 3);
  CHECK(fixture.count_items() == 0);  // nothing answered before its commit
  gate.open();

  auto [error, rows_seen] = kept.get_future().get();
  CHECK_FALSE(error);
  CHECK(rows_seen >= 1);
  auto refusal = refused.get_future().get();
  REQUIRE(refusal);
  CHECK_THROWS_AS(std::rethrow_exception(refusal), DuplicateError);
  CHECK_NOTHROW(blocking.get());
  CHECK(queue.commit_count() == 2);  // the gate's, then one for all three
  CHECK(fixture.count_items() == 2);
}

TEST_CASE("shutdown answers every submit_then already queued", "[write_queue]") {
  QueueFixture fixture;
  WriteQueue queue(fixture.db);
  std::atomic<int> answered{0};
  {
    Gate gate(queue);
    for (int i = 1; i <= 4; ++i)
      queue.submit_then([i](Connection& db) { insert_item(db, i); },
                        [&](std::exception_ptr error) { answered += error ? 100 : 1; });
    wait_for_depth(queue, 4);
    std::thread stopper([&] { queue.shutdown(); });
    gate.open();
    stopper.join();
  }
  CHECK(answered == 4);
  CHECK(fixture.count_items() == 4);
  CHECK_THROWS_AS(queue.submit_then([](Connection&) {}, [](std::exception_ptr) {}), StoreError);
}

TEST_CASE("background jobs go behind foreground ones: one rides along, the rest a few at a time",
          "[write_queue][priority]") {
  QueueFixture fixture;
  WriteQueueOptions options;
  options.max_background_batch = 2;
  WriteQueue queue(fixture.db, options);
  RunOrder run_order;
  auto job = [&](std::int64_t id) { return run_order.job(id); };
  const auto& order = run_order.ids;
  Gate gate(queue);
  std::vector<std::future<void>> jobs;
  for (std::int64_t id : {101, 102, 103, 104})
    jobs.push_back(std::async(std::launch::async, [&, id] { queue.submit(job(id), Priority::background); }));
  wait_for_depth(queue, 4);
  for (std::int64_t id : {1, 2})
    jobs.push_back(std::async(std::launch::async, [&, id] { queue.submit(job(id)); }));
  wait_for_depth(queue, 6);
  const auto commits_before = queue.commit_count();
  gate.open();
  for (auto& j : jobs) j.get();

  REQUIRE(order.size() == 6);
  CHECK(std::set<std::int64_t>(order.begin(), order.begin() + 2) == std::set<std::int64_t>{1, 2});
  CHECK(std::set<std::int64_t>(order.begin() + 2, order.end()) == std::set<std::int64_t>{101, 102, 103, 104});
  // The gate's commit; the foreground pair with one background job; then two and one.
  CHECK(queue.commit_count() - commits_before == 4);
  CHECK(fixture.count_items() == 6);
}

TEST_CASE("a long foreground queue lets one background job ride along, the next only after the interval",
          "[write_queue][priority]") {
  QueueFixture fixture;
  WriteQueueOptions options;
  options.max_batch = 10;
  options.ride_along_interval = std::chrono::hours(1);
  WriteQueue queue(fixture.db, options);
  RunOrder run_order;
  auto record = [&](std::int64_t id) { return run_order.job(id); };
  const auto& order = run_order.ids;
  std::atomic<int> answered{0};
  {
    Gate gate(queue);
    std::vector<std::future<void>> background;
    for (std::int64_t id : {1, 2, 3}) {
      background.push_back(std::async(std::launch::async, [&, id] { queue.submit(record(id), Priority::background); }));
      wait_for_depth(queue, static_cast<std::size_t>(id));
    }
    for (std::int64_t id = 100; id < 150; ++id)  // five foreground batches' worth
      queue.submit_then(record(id), [&](std::exception_ptr) { ++answered; });
    wait_for_depth(queue, 53);
    gate.open();
    for (auto& b : background) b.get();
  }
  queue.shutdown();
  CHECK(answered == 50);
  REQUIRE(order.size() == 53);
  CHECK(run_order.position(1) <= 10);  // in the first foreground batch, not after all five
  // The next two waited until the foreground jobs were done: the interval had not passed.
  CHECK(run_order.position(2) >= 51);
  CHECK(run_order.position(3) >= 51);
}
