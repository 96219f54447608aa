#include "gateway/connection.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <array>
#include <limits>

#include "common/log.hpp"
#include "gateway/request_framing.hpp"
#include "gateway/response_bytes.hpp"
#include "handlers/http/pages.hpp"
#include "handlers/http/security_headers.hpp"

namespace tipline::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::int64_t no_deadline = std::numeric_limits<std::int64_t>::max();
// After close_notify, how long what the client still sends is read and discarded.
constexpr auto closing_linger = std::chrono::seconds(2);
constexpr std::size_t scratch_size = 16 * 1024;
constexpr int max_reads_per_turn = 16;

// Decrypted bytes pass through here on their way into a connection's buffer: one per
// I/O thread, so an idle connection holds no read buffer of its own.
char* read_scratch() {
  thread_local std::array<char, scratch_size> scratch;
  return scratch.data();
}

handlers::Request to_request(http::request<http::string_body>&& message, const std::string& source_key,
                             bool from_loopback) {
  handlers::Request r;
  r.method = std::string(message.method_string());
  std::string_view target = message.target();
  auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = std::move(message.body());
  r.source_key = source_key;
  r.from_loopback = from_loopback;
  r.received_at = std::chrono::system_clock::now();
  return r;
}

}  // namespace

Connection::Connection(tcp::socket socket, SharedState& shared, std::string source_key, bool from_loopback)
    : tls_(std::move(socket), shared.tls),
      shared_(shared),
      source_key_(std::move(source_key)),
      from_loopback_(from_loopback),
      deadline_(no_deadline) {
  shared_.app.metrics().connections_open++;
}

Connection::~Connection() {
  shared_.app.metrics().connections_open--;
  std::lock_guard lock(shared_.sessions_mutex);
  shared_.sessions.erase(this);
}

void Connection::run() {
  {
    std::lock_guard lock(shared_.sessions_mutex);
    shared_.sessions.emplace(this, weak_from_this());
  }
  // Everything below runs on this connection's strand.
  asio::dispatch(tls_.tcp().get_executor(), [self = shared_from_this()] {
    if (self->shared_.stopping || !self->tls_.usable()) return self->hard_close();
    self->set_deadline(self->shared_.limits.handshake_timeout);
    self->handshake();
  });
}

void Connection::finish() {
  asio::dispatch(tls_.tcp().get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    boost::system::error_code ignored;  // the socket may already be closed
    // An idle connection is waiting for its next request: end the wait, which closes it.
    if (!self->busy_ && !self->closing_ && !self->closed_) self->tls_.tcp().cancel(ignored);
  });
}

void Connection::abort() {
  asio::dispatch(tls_.tcp().get_executor(), [self = shared_from_this()] { self->hard_close(); });
}

void Connection::check_deadline(Clock::time_point now) {
  if (now.time_since_epoch().count() < deadline_.load(std::memory_order_relaxed)) return;
  asio::post(tls_.tcp().get_executor(), [self = shared_from_this()] {
    if (self->closed_) return;
    if (Clock::now().time_since_epoch().count() < self->deadline_.load(std::memory_order_relaxed)) return;
    if (self->busy_ && !self->closing_ && self->outgoing_.empty()) log::info("request_timeout");
    self->hard_close();
  });
}

void Connection::set_deadline(std::chrono::steady_clock::duration from_now) {
  deadline_.store((Clock::now() + from_now).time_since_epoch().count(), std::memory_order_relaxed);
}

void Connection::clear_deadline() { deadline_.store(no_deadline, std::memory_order_relaxed); }

void Connection::wait_then(bool writable, Step then) {
  tls_.tcp().async_wait(writable ? tcp::socket::wait_write : tcp::socket::wait_read,
                     [self = shared_from_this(), then](const boost::system::error_code& ec) {
                       if (self->closed_) return;
                       if (!ec) return (self.get()->*then)();
                       // finish() cancelled the wait of an idle connection at shutdown.
                       if (self->stopping_ && !self->busy_ && !self->closing_) return self->close();
                       self->hard_close();
                     });
}

bool Connection::wait_for_tls(TlsSocket::Status status, Step then) {
  switch (status) {
    case TlsSocket::Status::want_read:
      wait_then(false, then);
      return true;
    case TlsSocket::Status::want_write:
      wait_then(true, then);
      return true;
    default:
      return false;
  }
}

void Connection::handshake() {
  const auto status = tls_.handshake();
  if (status == TlsSocket::Status::done) return start_request();
  if (wait_for_tls(status, &Connection::handshake)) return;
  shared_.app.metrics().tls_handshake_failures++;
  hard_close();
}

void Connection::start_request() {
  busy_ = false;
  if (stopping_) return close();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_.limits.max_header_bytes));
  parser_->body_limit(shared_.limits.max_body_bytes);
  parser_->eager(true);
  set_deadline(shared_.limits.idle_timeout);
  read_request();
}

void Connection::read_request() {
  int reads = 0;
  for (;;) {
    if (!received_.empty()) {
      if (!busy_) {
        // The whole request, however slowly it trickles in, must arrive in time.
        busy_ = true;
        set_deadline(shared_.limits.request_timeout);
      }
      if (!parser_->is_header_done()) {
        // The whole head is checked before the parser reads it (it waits for all of it
        // anyway): what it would accept but another parser could read otherwise.
        const auto head_end = received_.find("\r\n\r\n");
        if (head_end != std::string::npos) {
          if (const auto problem = framing_problem(std::string_view(received_).substr(0, head_end + 4))) {
            log::info("request_framing_refused", {{"problem", *problem}});
            return refuse(400, "Yêu cầu không hợp lệ.");
          }
        }
      }
      boost::system::error_code ec;
      std::size_t used = parser_->put(asio::buffer(received_), ec);
      received_.erase(0, used);
      if (ec == http::error::body_limit) return refuse(413, "Nội dung gửi lên quá lớn.");
      if (ec == http::error::header_limit) return refuse(431, "Yêu cầu quá lớn.");
      if (ec && ec != http::error::need_more) return refuse(400, "Yêu cầu không hợp lệ.");
      if (parser_->is_done()) return handle_request();
      // The parser waits for whole lines (a chunk's size and extensions, trailers) and
      // no limit of its own covers those: a line this long is refused.
      if (received_.size() > shared_.limits.max_header_bytes) return refuse(400, "Yêu cầu không hợp lệ.");
      if (used > 0 && !received_.empty()) continue;  // the parser takes the rest in another step
    }
    if (++reads > max_reads_per_turn) {
      // A client that keeps sending gets a turn like everyone else, and its deadline
      // (checked on this strand) gets one too.
      return asio::post(tls_.tcp().get_executor(), [self = shared_from_this()] {
        if (!self->closed_) self->read_request();
      });
    }
    const auto read = tls_.read(read_scratch(), scratch_size);
    if (read.status == TlsSocket::Status::done) {
      received_.append(read_scratch(), read.bytes);
      continue;
    }
    // Shutdown began while this idle connection's wait was already over: close now.
    if (stopping_ && !busy_) return close();
    if (wait_for_tls(read.status, &Connection::read_request)) return;
    // The client closed the connection or broke it, between requests or halfway through one.
    return hard_close();
  }
}

void Connection::handle_request() {
  clear_deadline();  // the handler's time is its own; the response's write has a deadline
  bool keep_alive = parser_->get().keep_alive();
  bool head_only = parser_->get().method() == http::verb::head;
  auto request = std::make_shared<handlers::Request>(to_request(parser_->release(), source_key_, from_loopback_));
  // The work guard keeps the I/O threads alive until the answer is posted back.
  auto work = asio::make_work_guard(tls_.tcp().get_executor());
  const auto started = Clock::now();
  // Whichever thread answers (a handler's, or the store's writer after a commit) only
  // posts: the log line, the metrics and the write happen on this connection's strand.
  auto respond = [self = shared_from_this(), request, keep_alive, head_only, work, started](
                     handlers::Response response) mutable {
    asio::post(self->tls_.tcp().get_executor(), [self, request, response = std::move(response), keep_alive, head_only,
                                              started]() mutable {
      double seconds = std::chrono::duration<double>(Clock::now() - started).count();
      auto route = self->shared_.app.route_name(*request);
      self->shared_.app.metrics().observe_request(route, response.status, seconds);
      log::info("request", {{"method", request->method},
                            {"route", route},
                            {"status", response.status},
                            {"ms", seconds * 1000},
                            {"ref", response.tip_reference}});
      if (!self->closed_) self->send(response, keep_alive, head_only);
    });
    work.reset();
  };
  // Webhooks queue their commit and answer from its callback, without a thread waiting.
  if (shared_.app.handle_deferred(*request, respond)) return;
  // Other handlers may wait for a database commit, so they run on their own pool.
  asio::post(shared_.handler_pool, [this_app = &shared_.app, request, respond = std::move(respond)]() mutable {
    respond(this_app->handle(*request));
  });
}

void Connection::send(const handlers::Response& response, bool keep_alive, bool head_only) {
  stay_open_ = keep_alive && !stopping_ && !shared_.stopping;
  outgoing_ = response_bytes(response, stay_open_, head_only);
  written_ = 0;
  set_deadline(shared_.limits.write_timeout);
  write_response();
}

void Connection::write_response() {
  while (written_ < outgoing_.size()) {
    const auto wrote = tls_.write(outgoing_.data() + written_, outgoing_.size() - written_);
    if (wrote.status == TlsSocket::Status::done) {
      written_ += wrote.bytes;
      continue;
    }
    if (wait_for_tls(wrote.status, &Connection::write_response)) return;
    return hard_close();
  }
  // A large export need not stay allocated while the connection idles.
  if (outgoing_.capacity() > 64 * 1024) std::string().swap(outgoing_);
  outgoing_.clear();
  if (!stay_open_) return close();
  start_request();
}

void Connection::refuse(int status, const char* message) {
  busy_ = true;
  auto response = handlers::error_page(status, message);
  handlers::add_security_headers(response);
  shared_.app.metrics().observe_request("other", status, 0);
  log::info("request_refused", {{"status", status}});
  send(response, false, false);
}

// Sends close_notify and stops sending, then reads and discards what the client may
// still be sending (the rest of a refused body, say) until it closes or the linger
// ends: closing with unread bytes would make the kernel answer with a reset that can
// destroy the response before the client reads it.
void Connection::close() {
  if (closing_ || closed_) return;
  closing_ = true;
  busy_ = false;
  tls_.shutdown_send();
  set_deadline(closing_linger);
  drain();
}

void Connection::drain() {
  // A client that keeps sending gets a turn like everyone else: a few reads, then a wait.
  for (int reads = 0; reads < max_reads_per_turn; ++reads) {
    boost::system::error_code ec;
    tls_.tcp().read_some(asio::buffer(read_scratch(), scratch_size), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) return hard_close();  // the client closed (or reset) its side
  }
  wait_then(false, &Connection::drain);
}

void Connection::hard_close() {
  if (closed_) return;
  closed_ = true;
  busy_ = false;
  clear_deadline();
  tls_.close();  // a pending wait ends with operation_aborted and finds closed_
}

}  // namespace tipline::gateway
