#pragma once
// Webhook deliveries kept in memory. A keep commits at once by default, calling
// `then` before keep_delivery returns; a test can make keeps fail with an error of its
// choosing, or hold the commits back to see what a caller does before its callback
// runs. Only committed deliveries are kept.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <utility>
#include <vector>

#include "storage/delivery_store.hpp"

namespace tipline::storage::fakes {

class FakeDeliveryStore final : public DeliveryStore {
 public:
  void keep_delivery(NewDelivery delivery, std::function<void(std::exception_ptr)> then) override;
  std::vector<Delivery> oldest_deliveries(std::size_t limit) override;
  void drop_deliveries_through(std::int64_t seq) override;
  void set_aside_delivery(std::int64_t seq, std::int64_t now) override;  // unsupported
  void retry_set_aside_deliveries() override;                             // unsupported
  DeliveryCounts delivery_counts() override;

  // Keeps from now on fail with `error`; nullptr makes them succeed again.
  void fail_keeps(std::exception_ptr error) { error_ = std::move(error); }
  // Keeps from now on wait for commit_held(), as on a writer thread that is behind.
  void hold_commits() { holding_ = true; }
  // Commits (or fails) every keep waiting, in order, and stops holding.
  void commit_held();
  std::size_t held() const { return held_.size(); }

  // What was kept, in arrival order.
  const std::vector<Delivery>& kept() const { return kept_; }

 private:
  void commit(NewDelivery delivery, const std::function<void(std::exception_ptr)>& then);

  std::exception_ptr error_;
  bool holding_ = false;
  std::vector<std::pair<NewDelivery, std::function<void(std::exception_ptr)>>> held_;
  std::vector<Delivery> kept_;
  std::int64_t last_seq_ = 0;
};

}  // namespace tipline::storage::fakes
