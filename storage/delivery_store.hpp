#pragma once
// Webhook deliveries kept from their 200 until their events are filed.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/errors.hpp"

namespace tipline::storage {

// The events of a webhook whose signature checked out, kept from its 200 until they
// are filed. The body names the sender's platform id (for the reply handle), so it is
// sealed with the active data key and lives only until it is filed.
struct NewDelivery {
  domain::Channel channel = domain::Channel::zalo;  // a chat channel (domain::is_chat)
  std::int64_t received_at = 0;  // server clock, unix seconds
  std::string body;              // the parsed events' record (handlers/channels/event_record.hpp)
};

struct Delivery {
  std::int64_t seq = 0;  // arrival order
  domain::Channel channel = domain::Channel::zalo;
  std::int64_t received_at = 0;
  std::string body;         // opened
  bool unreadable = false;  // its data key is not loaded: no body
};

struct DeliveryCounts {
  std::int64_t waiting = 0;
  std::int64_t set_aside = 0;  // could not be filed; deleted after the longest reply window
};

class DeliveryStore {
 public:
  virtual ~DeliveryStore() = default;

  // Keeps a verified webhook delivery and returns at once; `then` runs on the store's
  // writer thread once the delivery is durably committed (nullptr) or has failed (the
  // error). `then` must be quick and must not throw.
  virtual void keep_delivery(NewDelivery delivery, std::function<void(std::exception_ptr)> then) = 0;
  // The oldest kept deliveries waiting, in arrival order, and their removal once filed.
  virtual std::vector<Delivery> oldest_deliveries(std::size_t limit) = 0;
  virtual void drop_deliveries_through(std::int64_t seq) = 0;
  // Takes a delivery that cannot be filed out of the way of the others. It stays sealed
  // and is deleted by purge_expired() 7 days (the longest reply window) after it arrived.
  virtual void set_aside_delivery(std::int64_t seq, std::int64_t now) = 0;
  // Puts every delivery set aside back in the queue, in its place (at start: the cause
  // may have been fixed meanwhile).
  virtual void retry_set_aside_deliveries() = 0;
  virtual DeliveryCounts delivery_counts() = 0;
  std::int64_t delivery_count() { return delivery_counts().waiting; }
};

}  // namespace tipline::storage
