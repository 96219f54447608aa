#pragma once
// One server-side TLS connection: OpenSSL works directly on the non-blocking TCP
// socket, and every call returns at once saying whether it finished or must wait for
// the socket to become readable or writable. The connection does the waiting (on its
// strand, with its deadlines); this class knows nothing of HTTP. Beast's ssl_stream
// with composed operations spent about as much CPU per request on its layers and
// per-operation timers as the whole webhook ingest (bench/webhook_load).
#include <boost/asio/ip/tcp.hpp>

#include <cstddef>

typedef struct ssl_st SSL;

namespace boost::asio::ssl {
class context;
}

namespace tipline::gateway {

class TlsSocket final {
 public:
  enum class Status { done, want_read, want_write, failed };
  struct Transfer {
    Status status = Status::failed;
    std::size_t bytes = 0;  // when done: more than zero
  };

  TlsSocket(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls);
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  // False when OpenSSL could not make a session for this socket.
  bool usable() const { return ssl_ != nullptr; }
  // For waits, the executor (the connection's strand) and reads after close_notify.
  boost::asio::ip::tcp::socket& tcp() { return socket_; }

  Status handshake();
  // Decrypted bytes into `buffer`. `failed` also when the client closed or broke the connection.
  Transfer read(char* buffer, std::size_t size);
  // Part or all of `data`; the rest is written by the next call.
  Transfer write(const char* data, std::size_t size);
  // Sends close_notify once the handshake has finished (the client's own is not
  // waited for), then stops sending; reading goes on.
  void shutdown_send();
  // Both directions at once; a pending wait ends with operation_aborted.
  void close();

 private:
  Status waiting_status(int ssl_result) const;

  boost::asio::ip::tcp::socket socket_;  // its executor is the connection's strand
  SSL* ssl_ = nullptr;
};

}  // namespace tipline::gateway
