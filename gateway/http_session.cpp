#include "gateway/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>

#include "common/log.hpp"
#include "handlers/pages.hpp"

namespace tipline::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

handlers::Request to_request(http::request<http::string_body>&& message, const std::string& source_key) {
  handlers::Request r;
  r.method = std::string(message.method_string());
  std::string_view target = message.target();
  auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.body = std::move(message.body());
  r.source_key = source_key;
  r.received_at = std::chrono::system_clock::now();
  return r;
}

}  // namespace

HttpSession::HttpSession(asio::ip::tcp::socket socket, SharedState& shared, std::string source_key)
    : stream_(std::move(socket), shared.tls), shared_(shared), source_key_(std::move(source_key)) {
  shared_.app.metrics().connections_open++;
}

HttpSession::~HttpSession() {
  shared_.app.metrics().connections_open--;
  std::lock_guard lock(shared_.sessions_mutex);
  shared_.sessions.erase(this);
}

void HttpSession::run() {
  {
    std::lock_guard lock(shared_.sessions_mutex);
    shared_.sessions.emplace(this, weak_from_this());
  }
  // Everything below runs on this connection's strand.
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    if (self->shared_.stopping) return self->do_close();
    beast::get_lowest_layer(self->stream_).expires_after(self->shared_.limits.handshake_timeout);
    self->stream_.async_handshake(asio::ssl::stream_base::server,
                                  [self](beast::error_code ec) { self->on_handshake(ec); });
  });
}

void HttpSession::finish() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    beast::error_code ignored;  // the socket may already be closed
    if (!self->busy_) beast::get_lowest_layer(self->stream_).socket().cancel(ignored);
  });
}

void HttpSession::abort() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    beast::get_lowest_layer(self->stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(self->stream_).close();
  });
}

void HttpSession::on_handshake(beast::error_code ec) {
  if (ec) {
    shared_.app.metrics().tls_handshake_failures++;
    return;  // the socket closes with this session
  }
  do_read_request();
}

void HttpSession::do_read_request() {
  busy_ = false;
  if (stopping_) return do_close();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_.limits.max_header_bytes));
  parser_->body_limit(shared_.limits.max_body_bytes);
  beast::get_lowest_layer(stream_).expires_after(shared_.limits.idle_timeout);
  if (buffer_.size() > 0) {
    // A pipelined request already arrived with the previous one.
    busy_ = true;
    beast::get_lowest_layer(stream_).expires_after(shared_.limits.request_timeout);
  }
  do_read_some();
}

void HttpSession::do_read_some() {
  http::async_read_some(stream_, buffer_, *parser_,
                        [self = shared_from_this()](beast::error_code ec, std::size_t n) { self->on_read(ec, n); });
}

void HttpSession::on_read(beast::error_code ec, std::size_t bytes) {
  if (ec == http::error::body_limit) return send_error_and_close(413, "Nội dung gửi lên quá lớn.");
  if (ec == http::error::header_limit) return send_error_and_close(431, "Yêu cầu quá lớn.");
  if (ec && ec.category() == http::make_error_code(http::error::body_limit).category() && ec != http::error::end_of_stream &&
      ec != http::error::partial_message)
    return send_error_and_close(400, "Yêu cầu không hợp lệ.");
  if (ec) {
    // Timeouts, resets, truncated TLS streams and shutdown cancellation all end here.
    if (ec == beast::error::timeout && busy_) log::info("request_timeout");
    return do_close();
  }
  if (!busy_ && bytes > 0) {
    // The whole request, however slowly it trickles in, must arrive in time.
    busy_ = true;
    beast::get_lowest_layer(stream_).expires_after(shared_.limits.request_timeout);
  }
  if (!parser_->is_done()) return do_read_some();
  handle_request();
}

void HttpSession::handle_request() {
  bool keep_alive = parser_->get().keep_alive();
  bool head_only = parser_->get().method() == http::verb::head;
  auto request = std::make_shared<handlers::Request>(to_request(parser_->release(), source_key_));
  // The work guard keeps the I/O threads alive until the answer is posted back.
  auto work = asio::make_work_guard(stream_.get_executor());
  const auto started = Clock::now();
  // Whichever thread answers (a handler's, or the store's writer after a commit) only
  // posts: the log line, the metrics and the write happen on this connection's strand.
  auto respond = [self = shared_from_this(), request, keep_alive, head_only, work, started](
                     handlers::Response response) mutable {
    asio::post(self->stream_.get_executor(), [self, request, response = std::move(response), keep_alive, head_only,
                                              started]() mutable {
      double seconds = std::chrono::duration<double>(Clock::now() - started).count();
      auto route = self->shared_.app.route_name(*request);
      self->shared_.app.metrics().observe_request(route, response.status, seconds);
      log::info("request", {{"method", request->method},
                            {"route", route},
                            {"status", response.status},
                            {"ms", seconds * 1000},
                            {"ref", response.tip_reference}});
      self->send(std::move(response), keep_alive, head_only);
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

void HttpSession::send(handlers::Response response, bool keep_alive, bool head_only) {
  auto message = std::make_shared<http::response<http::string_body>>(
      static_cast<http::status>(response.status), 11);
  message->set(http::field::server, "tipline");
  message->set(http::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) message->insert(name, value);
  message->body() = std::move(response.body);
  message->keep_alive(keep_alive && !stopping_ && !shared_.stopping);
  message->prepare_payload();
  if (head_only) message->body().clear();
  bool stay = message->keep_alive();
  response_ = message;
  beast::get_lowest_layer(stream_).expires_after(shared_.limits.write_timeout);
  http::async_write(stream_, *message,
                    [self = shared_from_this(), stay](beast::error_code ec, std::size_t n) {
                      self->on_write(stay, ec, n);
                    });
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  response_.reset();
  if (!ec && linger_) return do_linger_close();
  if (ec || !keep_alive) return do_close();
  do_read_request();
}

void HttpSession::send_error_and_close(int status, const char* message) {
  busy_ = true;
  linger_ = true;
  auto response = handlers::error_page(status, message);
  handlers::add_security_headers(response);
  shared_.app.metrics().observe_request("other", status, 0);
  log::info("request_refused", {{"status", status}});
  send(std::move(response), false, false);
}

void HttpSession::do_close() {
  if (closing_) return;
  closing_ = true;
  busy_ = false;
  beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
  stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(self->stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(self->stream_).close();
  });
}

// The client may still be sending the body we refused. Closing now would make the
// kernel answer with a reset that can destroy our error response before the
// client reads it, so stop sending, discard what arrives for a short while, then close.
void HttpSession::do_linger_close() {
  closing_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  drain_buffer_ = std::make_unique<char[]>(16 * 1024);
  beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
  drain();
}

void HttpSession::drain() {
  beast::get_lowest_layer(stream_).async_read_some(
      asio::buffer(drain_buffer_.get(), 16 * 1024), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (!ec) return self->drain();
        beast::get_lowest_layer(self->stream_).close();
      });
}

}  // namespace tipline::gateway
