#include "support/https_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <stdexcept>

namespace tipline::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct TlsClient::Impl {
  asio::io_context io;
  asio::ssl::context ctx{asio::ssl::context::tls_client};
  beast::ssl_stream<beast::tcp_stream> stream{io, ctx};
  beast::flat_buffer buffer;
  std::chrono::seconds timeout;
};

TlsClient::TlsClient(std::uint16_t port, const std::string& bind_address, std::chrono::seconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->timeout = timeout;
  impl_->ctx.set_verify_mode(asio::ssl::verify_none);  // the test server's certificate is self-signed
  auto& socket = beast::get_lowest_layer(impl_->stream).socket();
  socket.open(asio::ip::tcp::v4());
  socket.bind(asio::ip::tcp::endpoint(asio::ip::make_address(bind_address), 0));
  beast::get_lowest_layer(impl_->stream).expires_after(timeout);
  socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  SSL_set_tlsext_host_name(impl_->stream.native_handle(), "localhost");
  impl_->stream.handshake(asio::ssl::stream_base::client);
}

TlsClient::~TlsClient() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->stream).socket().close(ignored);
}

HttpResult TlsClient::request(const std::string& method, const std::string& target, const std::string& body,
                              const std::string& content_type,
                              const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, "localhost");
  if (req.method() == http::verb::unknown) req.method_string(method);
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  beast::get_lowest_layer(impl_->stream).expires_after(impl_->timeout);
  http::write(impl_->stream, req);
  return read_response();
}

void TlsClient::write_raw(const std::string& bytes) {
  beast::get_lowest_layer(impl_->stream).expires_after(impl_->timeout);
  asio::write(impl_->stream, asio::buffer(bytes));
}

HttpResult TlsClient::read_response(bool head) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(head);
  beast::get_lowest_layer(impl_->stream).expires_after(impl_->timeout);
  http::read(impl_->stream, impl_->buffer, parser);
  auto& res = parser.get();
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = res.body();
  return out;
}

bool TlsClient::closed_by_server(std::chrono::milliseconds within) {
  beast::get_lowest_layer(impl_->stream).expires_after(within);
  char byte;
  beast::error_code ec;
  impl_->stream.read_some(asio::buffer(&byte, 1), ec);
  return ec && ec != beast::error::timeout;
}

bool TlsClient::drained_until_closed(std::chrono::milliseconds within) {
  beast::get_lowest_layer(impl_->stream).expires_after(within);
  char buffer[16384];
  beast::error_code ec;
  while (!ec) impl_->stream.read_some(asio::buffer(buffer), ec);
  return ec != beast::error::timeout;
}

Multipart multipart_form(const std::vector<std::pair<std::string, std::string>>& fields,
                         const std::string& photo_bytes, const std::string& photo_type) {
  Multipart m;
  std::string boundary = "----tiplineTestBoundary7MA4YWxkTrZu0gW";
  m.content_type = "multipart/form-data; boundary=" + boundary;
  for (const auto& [name, value] : fields)
    m.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  m.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" +
            (photo_bytes.empty() ? "" : "IMG_Nguyen_Van_A.jpg") + "\"\r\nContent-Type: " +
            (photo_bytes.empty() ? "application/octet-stream" : photo_type) + "\r\n\r\n" + photo_bytes + "\r\n";
  m.body += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace tipline::testing
