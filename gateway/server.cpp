#include "gateway/server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <csignal>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "gateway/connection_registry.hpp"
#include "gateway/connection.hpp"
#include "gateway/tls_context.hpp"

namespace tipline::gateway {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Impl {
  Impl(const config::Config& config, handlers::HttpService& app)
      : config(config),
        tls(make_server_tls_context(config.tls)),
        shared(config.server, app, tls),
        io(static_cast<int>(config.server.io_threads)),
        acceptor(io),
        signals(io),
        shutdown_timer(io),
        deadline_sweep(io),
        // Rate limits need to tell sources apart, never to know them: addresses
        // are hashed under a key that lives only in this process's memory.
        source_hash_key(crypto::random_bytes(32)) {}

  void do_accept() {
    acceptor.async_accept(asio::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) {
        // Closing the acceptor at shutdown cancels the pending accept: not a failure.
        if (!acceptor.is_open() || ec == asio::error::operation_aborted) return;
        log::warn("accept_failed", {{"error", ec.message()}});
        return do_accept();
      }
      if (shared.open_sessions() >= config.server.max_connections) {
        shared.app.metrics().connections_refused++;
        boost::system::error_code ignored;
        socket.close(ignored);
        return do_accept();
      }
      // Small answers go out at once: with Nagle's algorithm the first response on a new
      // TLS 1.3 connection waited for the client's delayed ACK (about 40 ms).
      boost::system::error_code nodelay_failed;
      socket.set_option(tcp::no_delay(true), nodelay_failed);
      auto source_key = source_key_of(socket);
      boost::system::error_code unknown_peer;
      const auto peer = socket.remote_endpoint(unknown_peer);
      const bool loopback = !unknown_peer && peer.address().is_loopback();
      std::make_shared<Connection>(std::move(socket), shared, std::move(source_key), loopback)->run();
      do_accept();
    });
  }

  std::string source_key_of(const tcp::socket& socket) {
    boost::system::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    std::string address = ec ? std::string() : endpoint.address().to_string();
    return encoding::to_base64url(crypto::hmac_sha256(source_hash_key, address).substr(0, 16));
  }

  // Connections keep their deadline in a number the sweep reads; a timer per connection,
  // re-armed at every read and write, cost more than everything else a request needs.
  void sweep_deadlines() {
    auto now = std::chrono::steady_clock::now();
    shared.for_each_session([now](const auto& s) { s->check_deadline(now); });
    if (shared.stopping && shared.open_sessions() == 0) return;  // lets io.run() return
    deadline_sweep.expires_after(deadline_sweep_interval);
    deadline_sweep.async_wait([this](boost::system::error_code ec) {
      if (!ec) sweep_deadlines();
    });
  }

  void begin_stop() {
    if (shared.stopping.exchange(true)) return;
    log::info("shutdown_started", {{"open_connections", static_cast<unsigned long>(shared.open_sessions())}});
    boost::system::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    shared.for_each_session([](const auto& s) { s->finish(); });
    shutdown_deadline = std::chrono::steady_clock::now() + config.server.shutdown_grace;
    poll_shutdown();
  }

  // Waits for sessions to finish; past the grace period, closes what is left.
  void poll_shutdown() {
    if (shared.open_sessions() == 0) return;
    if (std::chrono::steady_clock::now() >= shutdown_deadline) {
      log::warn("shutdown_grace_expired", {{"open_connections", static_cast<unsigned long>(shared.open_sessions())}});
      shared.for_each_session([](const auto& s) { s->abort(); });
      return;
    }
    shutdown_timer.expires_after(std::chrono::milliseconds(20));
    shutdown_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) poll_shutdown();
    });
  }

  const config::Config& config;
  asio::ssl::context tls;
  // Declared before the io_context so it outlives it: destroying the context
  // destroys queued handlers, and with them sessions that still refer to this.
  SharedState shared;
  asio::io_context io;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer shutdown_timer;
  asio::steady_timer deadline_sweep;
  static constexpr auto deadline_sweep_interval = std::chrono::milliseconds(250);
  std::chrono::steady_clock::time_point shutdown_deadline;
  std::string source_hash_key;
  std::vector<std::thread> threads;
  bool joined = false;
};

Server::Server(const config::Config& config, handlers::HttpService& app)
    : impl_(std::make_unique<Impl>(config, app)) {
  // OpenSSL writes to connections with plain write(): a client that has gone away must
  // give that write an error, not end the process.
  ::signal(SIGPIPE, SIG_IGN);
}

Server::~Server() {
  if (!impl_->threads.empty() && !impl_->joined) {
    stop();
    wait();
  }
}

std::uint16_t Server::start() {
  auto& i = *impl_;
  auto address = asio::ip::make_address(i.config.listen.host);
  tcp::endpoint endpoint(address, i.config.listen.port);
  i.acceptor.open(endpoint.protocol());
  i.acceptor.set_option(asio::socket_base::reuse_address(true));
  i.acceptor.bind(endpoint);
  i.acceptor.listen(asio::socket_base::max_listen_connections);
  auto port = i.acceptor.local_endpoint().port();
  i.do_accept();
  i.sweep_deadlines();
  for (unsigned t = 0; t < i.config.server.io_threads; ++t) i.threads.emplace_back([&i] { i.io.run(); });
  log::info("listening", {{"address", i.config.listen.host}, {"port", static_cast<unsigned>(port)}});
  return port;
}

void Server::stop_on_signals() {
  auto& i = *impl_;
  i.signals.add(SIGTERM);
  i.signals.add(SIGINT);
  i.signals.async_wait([&i](boost::system::error_code ec, int signal) {
    if (ec) return;
    log::info("signal_received", {{"signal", signal}});
    i.begin_stop();
  });
}

void Server::stop() {
  asio::post(impl_->io, [&i = *impl_] { i.begin_stop(); });
}

void Server::wait() {
  auto& i = *impl_;
  if (i.joined) return;
  for (auto& t : i.threads) t.join();
  i.shared.handler_pool.join();
  i.joined = true;
  log::info("shutdown_complete");
}

}  // namespace tipline::gateway
