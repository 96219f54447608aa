#pragma once
// One TLS connection: handshake, then requests read with a fresh parser each, each
// handled on the handler pool and answered on the connection's strand.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "gateway/connection_registry.hpp"

namespace tipline::gateway {

class HttpSession final : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, SharedState& shared, std::string source_key);
  ~HttpSession();

  void run();
  // Called on shutdown: an idle connection closes now, a busy one after its response.
  void finish();
  // Called when the shutdown grace period is over.
  void abort();

 private:
  void on_handshake(boost::beast::error_code ec);
  void do_read_request();
  void do_read_some();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle_request();
  void send(handlers::Response response, bool keep_alive, bool head_only);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void send_error_and_close(int status, const char* message);
  void do_close();
  void do_linger_close();
  void drain();

  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<void> response_;  // the message being written, kept alive until on_write
  SharedState& shared_;
  std::string source_key_;
  bool busy_ = false;  // from a request's first byte until its response is written
  bool stopping_ = false;
  bool closing_ = false;
  bool linger_ = false;  // refused mid-request: drain what the client still sends
  std::unique_ptr<char[]> drain_buffer_;
};

}  // namespace tipline::gateway
