#pragma once
// The HTTPS server: listener, connections, handler pool and graceful shutdown.
// Its header is kept free of Asio and Beast so that main and tests compile fast.
#include <cstdint>
#include <memory>

#include "handlers/http/service.hpp"
#include "webhook-config/config.hpp"

namespace tipline::gateway {

class Server final {
 public:
  Server(const config::Config& config, handlers::HttpService& app);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, starts the I/O threads and returns the bound port (useful with port 0).
  std::uint16_t start();

  // Makes SIGTERM and SIGINT start a graceful stop.
  void stop_on_signals();

  // Stops accepting, lets in-flight requests finish (up to shutdown_grace), then
  // closes what is left. Returns at once; wait() blocks until it is done.
  void stop();

  // Blocks until the server has stopped and every handler has returned.
  void wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tipline::gateway
