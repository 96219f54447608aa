#include "gateway/tls_socket.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>

#include <algorithm>
#include <climits>

namespace tipline::gateway {

TlsSocket::TlsSocket(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls)
    : socket_(std::move(socket)), ssl_(SSL_new(tls.native_handle())) {
  if (ssl_ != nullptr) {
    SSL_set_fd(ssl_, static_cast<int>(socket_.native_handle()));
    SSL_set_accept_state(ssl_);
    // Idle keep-alive connections give their record buffers back; a partial write
    // resumes from where the socket stopped taking bytes.
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    // Read whole records (and whatever follows) per system call, not header then body.
    SSL_set_read_ahead(ssl_, 1);
  }
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);
}

TlsSocket::~TlsSocket() {
  if (ssl_ != nullptr) SSL_free(ssl_);
}

TlsSocket::Status TlsSocket::waiting_status(int ssl_result) const {
  switch (SSL_get_error(ssl_, ssl_result)) {
    case SSL_ERROR_WANT_READ:
      return Status::want_read;
    case SSL_ERROR_WANT_WRITE:
      return Status::want_write;
    default:
      return Status::failed;
  }
}

TlsSocket::Status TlsSocket::handshake() {
  ERR_clear_error();  // SSL_get_error reads this thread's error queue
  const int result = SSL_do_handshake(ssl_);
  return result == 1 ? Status::done : waiting_status(result);
}

TlsSocket::Transfer TlsSocket::read(char* buffer, std::size_t size) {
  ERR_clear_error();
  const int n = SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
  if (n > 0) return {Status::done, static_cast<std::size_t>(n)};
  return {waiting_status(n), 0};
}

TlsSocket::Transfer TlsSocket::write(const char* data, std::size_t size) {
  ERR_clear_error();
  const int n = SSL_write(ssl_, data, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
  if (n > 0) return {Status::done, static_cast<std::size_t>(n)};
  return {waiting_status(n), 0};
}

void TlsSocket::shutdown_send() {
  if (ssl_ != nullptr && SSL_is_init_finished(ssl_)) {
    ERR_clear_error();
    SSL_shutdown(ssl_);
  }
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
}

void TlsSocket::close() {
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace tipline::gateway
