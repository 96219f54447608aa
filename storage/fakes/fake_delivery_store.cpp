#include "storage/fakes/fake_delivery_store.hpp"

#include <algorithm>

#include "storage/fakes/unsupported.hpp"

namespace tipline::storage::fakes {

void FakeDeliveryStore::keep_delivery(NewDelivery delivery, std::function<void(std::exception_ptr)> then) {
  if (holding_) {
    held_.emplace_back(std::move(delivery), std::move(then));
    return;
  }
  commit(std::move(delivery), then);
}

void FakeDeliveryStore::commit(NewDelivery delivery, const std::function<void(std::exception_ptr)>& then) {
  if (error_) return then(error_);
  kept_.push_back({++last_seq_, std::move(delivery.channel), delivery.received_at, std::move(delivery.body), false});
  then(nullptr);
}

void FakeDeliveryStore::commit_held() {
  holding_ = false;
  auto waiting = std::move(held_);
  held_.clear();
  for (auto& [delivery, then] : waiting) commit(std::move(delivery), then);
}

std::vector<Delivery> FakeDeliveryStore::oldest_deliveries(std::size_t limit) {
  return {kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(std::min(limit, kept_.size()))};
}

void FakeDeliveryStore::drop_deliveries_through(std::int64_t seq) {
  std::erase_if(kept_, [seq](const Delivery& d) { return d.seq <= seq; });
}

void FakeDeliveryStore::set_aside_delivery(std::int64_t, std::int64_t) { unsupported("set_aside_delivery"); }

void FakeDeliveryStore::retry_set_aside_deliveries() { unsupported("retry_set_aside_deliveries"); }

DeliveryCounts FakeDeliveryStore::delivery_counts() {
  return {static_cast<std::int64_t>(kept_.size()), 0};
}

}  // namespace tipline::storage::fakes
