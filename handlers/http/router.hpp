#pragma once
// Maps method and exact path to a handler; answers 404 for unknown paths and 405
// (with Allow) for known paths asked with another method.
#include <functional>
#include <map>
#include <string>

#include "handlers/http/http_types.hpp"

namespace tipline::handlers {

using Handler = std::function<Response(const Request&)>;
// A handler that never blocks: it answers through `respond`, possibly later and from
// another thread (the webhooks, which answer from their commit's callback).
using DeferredHandler = std::function<void(const Request&, const Respond&)>;

class Router final {
 public:
  void add(const std::string& method, const std::string& path, Handler handler);
  void add_deferred(const std::string& method, const std::string& path, DeferredHandler handler);
  // The deferred handler for this request, or nullptr: route() answers it instead.
  const DeferredHandler* deferred(const Request& request) const;
  // Paths under `prefix` (ending in '/') go to `handler`, GET and HEAD only.
  void add_prefix(const std::string& prefix, Handler handler);

  Response route(const Request& request) const;

  // The route name used in logs and metrics: the registered path, or "other", so
  // that arbitrary paths never reach a log line or a metric label.
  std::string route_name(const Request& request) const;

 private:
  struct Route {
    Handler handler;
    DeferredHandler deferred;  // set instead of handler
  };
  std::map<std::string, std::map<std::string, Route>> routes_;  // path -> method -> route
  std::map<std::string, Handler> prefixes_;
};

}  // namespace tipline::handlers
