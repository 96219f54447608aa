#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "gateway/workers/lane_pool.hpp"

using tipline::gateway::LanePool;

TEST_CASE("a lane pool runs each round's tasks on its own threads and waits for all", "[lane_pool]") {
  LanePool pool(4, "test-lane");
  REQUIRE(pool.size() == 4);
  std::set<std::thread::id> threads_seen;
  for (int round = 0; round < 50; ++round) {
    std::atomic<int> done{0};
    std::vector<std::thread::id> ids(4);
    std::vector<std::function<void()>> tasks(4);
    // Some rounds leave lanes empty, as a batch whose events all share one sender does.
    for (int i = 0; i < 4; ++i)
      if ((round + i) % 3 != 0)
        tasks[i] = [&, i] {
          ids[i] = std::this_thread::get_id();
          std::this_thread::yield();
          ++done;
        };
    const int expected = static_cast<int>(std::count_if(tasks.begin(), tasks.end(), [](auto& t) { return bool(t); }));
    pool.run_round(tasks);
    REQUIRE(done == expected);  // every task returned before run_round did
    for (int i = 0; i < 4; ++i)
      if (tasks[i]) {
        REQUIRE(ids[i] != std::this_thread::get_id());
        threads_seen.insert(ids[i]);
      }
  }
  // The same four threads served every round: none was started per batch.
  REQUIRE(threads_seen.size() == 4);
}

TEST_CASE("a lane pool refuses more tasks than lanes and runs an empty round at once", "[lane_pool]") {
  LanePool pool(2, "test-lane");
  REQUIRE_THROWS_AS(pool.run_round(std::vector<std::function<void()>>(3, [] {})), std::invalid_argument);
  pool.run_round({});
  pool.run_round(std::vector<std::function<void()>>(2));
}
