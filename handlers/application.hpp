#pragma once
// The whole route table: the public form and status page, the chat webhooks, the
// officers' console, health and metrics, each feature's handlers built from the
// config, the store and the triage engine. The gateway sees it as an HttpService.
#include <functional>
#include <memory>
#include <string>

#include "handlers/http/service.hpp"
#include "storage/store.hpp"
#include "triage/triage.hpp"
#include "webhook-config/config.hpp"

namespace tipline::handlers {

class DeliveryFiling;
class TipGrouping;
class Webhooks;

class Application final : public HttpService {
 public:
  Application(const config::Config& config, storage::Store& store, const triage::Engine& engine, Metrics& metrics);
  ~Application() override;

  // Never throws: an unexpected error becomes a 500 page and a log line naming
  // only the route.
  Response handle(const Request& request) override;
  bool handle_deferred(const Request& request, Respond respond) override;
  std::string route_name(const Request& request) const override;
  Metrics& metrics() override { return metrics_; }

  // Files the webhook deliveries kept before their 200 (what the delivery filer runs).
  DeliveryFiling& delivery_filing();
  // Wakes the delivery filer when a webhook delivery was kept.
  void on_delivery_kept(std::function<void()> listener);
  // Wakes whoever sends the outbox when a chat reply was queued (reporters' and officers').
  void on_reply_queued(std::function<void()> listener);
  TipGrouping& grouping();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
  Metrics& metrics_;
};

}  // namespace tipline::handlers
