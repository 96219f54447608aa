#pragma once
// What every connection shares: the application, limits, the handler pool and the
// set of live sessions that a graceful shutdown must reach.
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "handlers/http/service.hpp"
#include "webhook-config/config.hpp"

namespace tipline::gateway {

class Connection;

struct SharedState {
  SharedState(const config::ServerConfig& limits, handlers::HttpService& app, boost::asio::ssl::context& tls)
      : limits(limits), app(app), tls(tls), handler_pool(limits.handler_threads) {}

  const config::ServerConfig& limits;
  handlers::HttpService& app;
  boost::asio::ssl::context& tls;
  boost::asio::thread_pool handler_pool;
  std::atomic<bool> stopping{false};

  // Live sessions by address, so shutdown can tell each one to finish.
  std::mutex sessions_mutex;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> sessions;

  std::size_t open_sessions() {
    std::lock_guard lock(sessions_mutex);
    return sessions.size();
  }
  void for_each_session(const std::function<void(const std::shared_ptr<Connection>&)>& visit) {
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(sessions_mutex);
      for (auto& [_, weak] : sessions)
        if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) visit(s);
  }
};

}  // namespace tipline::gateway
