#pragma once
// One TLS connection: handshake, then requests read with a fresh parser each, each
// handled (on the handler pool, or answered later by a webhook's commit) and its
// response written on the connection's strand.
//
// The TLS socket (tls_socket.hpp) says when it must wait and Asio waits for the
// socket to become readable or writable; Beast's parser is fed the decrypted bytes
// synchronously and a response goes out as one buffer.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gateway/connection_registry.hpp"
#include "gateway/tls_socket.hpp"

namespace tipline::gateway {

class Connection final : public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;

  Connection(boost::asio::ip::tcp::socket socket, SharedState& shared, std::string source_key, bool from_loopback);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void run();
  // Called on shutdown: an idle connection closes now, a busy one after its response.
  void finish();
  // Called when the shutdown grace period is over.
  void abort();
  // Called from any thread by the server's periodic sweep: a connection past its
  // current deadline (handshake, request, write, idle or closing) is closed.
  void check_deadline(Clock::time_point now);

 private:
  using Step = void (Connection::*)();

  void handshake();
  void start_request();
  void read_request();
  void handle_request();
  void send(const handlers::Response& response, bool keep_alive, bool head_only);
  void write_response();
  void refuse(int status, const char* message);
  void close();
  void drain();
  void hard_close();
  // Waits until the socket is readable (or writable), then runs `then` on the strand.
  void wait_then(bool writable, Step then);
  // The TLS socket asked to wait: waits and runs `then`; false on a real error.
  bool wait_for_tls(TlsSocket::Status status, Step then);
  void set_deadline(std::chrono::steady_clock::duration from_now);
  void clear_deadline();

  TlsSocket tls_;  // its TCP socket's executor is this connection's strand
  std::string received_;  // decrypted bytes the parser has not taken yet
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string outgoing_;  // the response being written
  std::size_t written_ = 0;
  SharedState& shared_;
  std::string source_key_;
  bool from_loopback_ = false;
  std::atomic<std::int64_t> deadline_;  // steady clock ticks; max: none
  bool busy_ = false;  // from a request's first byte until its response is written
  bool stay_open_ = false;  // after the response being written
  bool stopping_ = false;
  bool closing_ = false;  // close_notify sent; draining what the client still sends
  bool closed_ = false;
};

}  // namespace tipline::gateway
