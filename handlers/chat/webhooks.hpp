#pragma once
// POST /webhooks/zalo, GET and POST /webhooks/messenger, in two steps.
//
// Receiving (on the gateway's I/O thread, never blocking): the signature is checked
// over the raw body before anything parses it, the body must parse, and its events
// worth filing are kept in the store, sealed; the 200 goes out once that commit is
// durable. The raw body is never stored.
// Filing comes after the 200, in arrival order (delivery_filing.hpp).
#include <functional>
#include <vector>

#include "handlers/channels/inbound_event.hpp"
#include "handlers/http/http_types.hpp"
#include "common/metrics.hpp"
#include "storage/delivery_store.hpp"
#include "webhook-config/config.hpp"

namespace tipline::handlers {

class Webhooks final {
 public:
  Webhooks(const config::ChannelsConfig& channels, storage::DeliveryStore& store, Metrics& metrics)
      : channels_(channels), store_(store), metrics_(metrics) {}

  void zalo(const Request& request, const Respond& respond);
  void messenger(const Request& request, const Respond& respond);
  Response messenger_subscribe(const Request& request);

  // Called on the store's writer thread after each delivery's commit; must be quick.
  void on_delivery_kept(std::function<void()> listener) { delivery_kept_ = std::move(listener); }

 private:
  void keep(const Request& request, channels::Channel channel, std::vector<channels::InboundEvent> events,
            const Respond& respond);

  const config::ChannelsConfig& channels_;
  storage::DeliveryStore& store_;
  Metrics& metrics_;
  std::function<void()> delivery_kept_;
};

}  // namespace tipline::handlers
