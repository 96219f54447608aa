#pragma once
// Everything the gateway calls: one function from a request to a response. Owns
// the handlers and the route table and puts the security headers on every answer.
#include <memory>
#include <string>

#include "handlers/http_types.hpp"
#include "handlers/metrics.hpp"
#include "storage/store.hpp"
#include "triage/triage.hpp"
#include "webhook-config/config.hpp"

namespace tipline::handlers {

class TipGrouping;
class Webhooks;

class Application final {
 public:
  Application(const config::Config& config, storage::Store& store, const triage::Engine& engine, Metrics& metrics);
  ~Application();

  // Never throws: an unexpected error becomes a 500 page and a log line naming
  // only the route.
  Response handle(const Request& request);

  // The name of the route a request maps to, safe for logs and metric labels.
  std::string route_name(const Request& request) const;

  Metrics& metrics() { return metrics_; }
  // Routes whose handlers never block (the webhooks: they queue a commit and answer
  // from its callback) run here, on the caller's thread; `respond` is called once,
  // possibly on another thread, with the security headers on. Returns false for every
  // other route: those go through handle(), on a thread that may block.
  bool handle_deferred(const Request& request, Respond respond);

  Webhooks& webhooks();
  // Wakes whoever sends the outbox when a chat reply was queued (reporters' and officers').
  void on_reply_queued(std::function<void()> listener);
  TipGrouping& grouping();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
  Metrics& metrics_;
};

// Adds HSTS, CSP, nosniff, framing, referrer and caching headers.
void add_security_headers(Response& response);

}  // namespace tipline::handlers
