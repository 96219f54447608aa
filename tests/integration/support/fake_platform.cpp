#include "support/fake_platform.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "gateway/cli/dev_certificate.hpp"

namespace tipline::testing {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

namespace {

struct Rule {
  std::deque<FakePlatform::Reply> scripted;
  std::optional<FakePlatform::Reply> fallback;
};

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// What the sessions and the test thread share.
struct State {
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<FakePlatform::Recorded> recorded;
  std::map<std::string, Rule> rules;
  std::size_t connections = 0;

  // Records the request and picks its reply, in one step.
  FakePlatform::Reply take(FakePlatform::Recorded request) {
    std::lock_guard lock(mutex);
    Rule* best = nullptr;
    std::size_t best_length = 0;
    for (auto& [prefix, rule] : rules) {
      if (!starts_with(request.path, prefix) || (rule.scripted.empty() && !rule.fallback)) continue;
      if (!best || prefix.size() >= best_length) {
        best = &rule;
        best_length = prefix.size();
      }
    }
    recorded.push_back(std::move(request));
    changed.notify_all();
    if (!best) return {};
    if (!best->scripted.empty()) {
      auto reply = std::move(best->scripted.front());
      best->scripted.pop_front();
      return reply;
    }
    return *best->fallback;
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ssl::context& tls, State& state)
      : stream_(std::move(socket), tls), timer_(stream_.get_executor()), state_(state) {}

  void run() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
    stream_.async_handshake(ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
  }

  void close() {
    timer_.cancel();
    beast::get_lowest_layer(stream_).close();
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (ec) return close();
    if (const char* name = SSL_get_servername(stream_.native_handle(), TLSEXT_NAMETYPE_host_name)) server_name_ = name;
    do_read();
  }

  void do_read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024 * 1024);
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return close();  // the client closed, or sent garbage
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    FakePlatform::Recorded request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    auto q = request.target.find('?');
    request.path = request.target.substr(0, q);
    if (q != std::string::npos) request.query = request.target.substr(q + 1);
    request.body = std::move(message.body());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
    }
    request.server_name = server_name_;
    reply_ = state_.take(std::move(request));
    if (reply_.delay.count() <= 0) return respond();
    timer_.expires_after(reply_.delay);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->respond();
    });
  }

  void respond() {
    if (reply_.drop_connection) return close();
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(reply_.status));
    response_.set(http::field::server, "fake-platform");
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(keep_alive_);
    response_.body() = reply_.body;
    response_.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    http::async_write(stream_, response_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec) return close();
    if (keep_alive_) return do_read();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->close(); });
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  asio::steady_timer timer_;
  State& state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  FakePlatform::Reply reply_;
  std::string server_name_;
  bool keep_alive_ = false;
};

}  // namespace

struct FakePlatform::Impl {
  explicit Impl(const std::string& address) {
    dir = fs::temp_directory_path() / ("tipline-fake-platform-" + encoding::to_hex(crypto::random_bytes(6)));
    gateway::write_development_certificate(dir / "cert.pem", dir / "key.pem");
    tls.use_certificate_chain_file((dir / "cert.pem").string());
    tls.use_private_key_file((dir / "key.pem").string(), ssl::context::pem);
    tcp::endpoint endpoint(asio::ip::make_address(address), 0);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    port = acceptor.local_endpoint().port();
    host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]" : endpoint.address().to_string();
    do_accept();
    thread = std::thread([this] { io.run(); });
  }

  void do_accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!acceptor.is_open()) return;
        return do_accept();
      }
      {
        std::lock_guard lock(state.mutex);
        ++state.connections;
      }
      auto session = std::make_shared<Session>(std::move(socket), tls, state);
      sessions.erase(std::remove_if(sessions.begin(), sessions.end(), [](const auto& s) { return s.expired(); }),
                     sessions.end());
      sessions.push_back(session);
      session->run();
      do_accept();
    });
  }

  void stop() {
    if (stopped) return;
    stopped = true;
    io.stop();
    thread.join();
    // The I/O thread is gone: nothing else touches these now.
    beast::error_code ignored;
    acceptor.close(ignored);
    for (auto& weak : sessions)
      if (auto session = weak.lock()) session->close();
  }

  fs::path dir;
  std::string host;
  unsigned short port = 0;
  // Declared before the io_context so that they outlive the sessions it holds.
  State state;
  ssl::context tls{ssl::context::tls_server};
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::vector<std::weak_ptr<Session>> sessions;  // touched by the I/O thread only, until stop()
  std::thread thread;
  bool stopped = false;
};

FakePlatform::FakePlatform(const std::string& address) : impl_(std::make_unique<Impl>(address)) {}

FakePlatform::~FakePlatform() {
  stop();
  std::error_code ignored;
  fs::remove_all(impl_->dir, ignored);
}

unsigned short FakePlatform::port() const { return impl_->port; }

std::string FakePlatform::base_url() const { return "https://" + impl_->host + ":" + std::to_string(impl_->port); }

fs::path FakePlatform::ca_file() const { return impl_->dir / "cert.pem"; }

void FakePlatform::script(const std::string& path_prefix, std::vector<Reply> replies) {
  std::lock_guard lock(impl_->state.mutex);
  auto& queue = impl_->state.rules[path_prefix].scripted;
  for (auto& reply : replies) queue.push_back(std::move(reply));
}

void FakePlatform::set_default(const std::string& path_prefix, Reply reply) {
  std::lock_guard lock(impl_->state.mutex);
  impl_->state.rules[path_prefix].fallback = std::move(reply);
}

std::vector<FakePlatform::Recorded> FakePlatform::requests() const {
  std::lock_guard lock(impl_->state.mutex);
  return impl_->state.recorded;
}

std::vector<FakePlatform::Recorded> FakePlatform::requests_to(const std::string& path_prefix) const {
  std::lock_guard lock(impl_->state.mutex);
  std::vector<Recorded> out;
  for (const auto& r : impl_->state.recorded)
    if (starts_with(r.path, path_prefix)) out.push_back(r);
  return out;
}

bool FakePlatform::wait_for(const std::string& path_prefix, std::size_t count,
                            std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->state.mutex);
  return impl_->state.changed.wait_for(lock, timeout, [&] {
    return static_cast<std::size_t>(
               std::count_if(impl_->state.recorded.begin(), impl_->state.recorded.end(),
                             [&](const Recorded& r) { return starts_with(r.path, path_prefix); })) >= count;
  });
}

std::size_t FakePlatform::connections() const {
  std::lock_guard lock(impl_->state.mutex);
  return impl_->state.connections;
}

void FakePlatform::stop() { impl_->stop(); }

}  // namespace tipline::testing
