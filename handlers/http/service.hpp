#pragma once
// What the gateway's connections call. The socket code knows only this interface,
// so it never depends on the concrete application and its handlers; tests can put
// any service behind a real connection.
#include <string>

#include "common/metrics.hpp"
#include "handlers/http/http_types.hpp"

namespace tipline::handlers {

class HttpService {
 public:
  virtual ~HttpService() = default;

  // Never throws: an unexpected error becomes a 500 page. May block (on a commit),
  // so the gateway calls it on its handler pool.
  virtual Response handle(const Request& request) = 0;

  // Routes whose handlers never block are answered here, on the caller's thread;
  // `respond` is called once, possibly later and from another thread. False for
  // every other route: those go through handle().
  virtual bool handle_deferred(const Request& request, Respond respond) = 0;

  // The name of the route a request maps to, safe for logs and metric labels.
  virtual std::string route_name(const Request& request) const = 0;

  virtual Metrics& metrics() = 0;
};

}  // namespace tipline::handlers
