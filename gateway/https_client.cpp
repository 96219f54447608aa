#include "gateway/https_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cctype>
#include <string_view>
#include <utility>
#include <vector>

namespace tipline::gateway {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Response headers are small, but the platforms send quite a few of them.
constexpr std::uint32_t max_response_header_bytes = 64 * 1024;

struct Target {
  std::string host;  // lower-case name, or an IP literal without brackets
  std::string port = "443";
  std::string host_header;  // host[:port], IPv6 in brackets
  std::string target;       // path and query
  bool ip_literal = false;
};

// Messages never quote the URL: its query string may hold an access token.
[[noreturn]] void bad_url(const char* why) {
  throw TransportError(std::string("https request: invalid URL (") + why + ")");
}

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

bool is_field_value(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

Target parse_url(std::string_view url) {
  constexpr std::string_view scheme = "https://";
  if (url.size() < scheme.size() || !beast::iequals(url.substr(0, scheme.size()), scheme))
    bad_url("only https:// URLs are allowed");
  std::string_view rest = url.substr(scheme.size());
  auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view remainder =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  remainder = remainder.substr(0, remainder.find('#'));
  if (authority.empty()) bad_url("no host");
  if (authority.find('@') != std::string_view::npos) bad_url("user information is not supported");

  Target t;
  std::string_view host;
  std::string_view port;
  bool has_port = false;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) bad_url("unterminated IPv6 literal");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') bad_url("unexpected characters after the host");
      port = after.substr(1);
      has_port = true;
    }
    boost::system::error_code ec;
    asio::ip::make_address_v6(std::string(host), ec);
    if (ec) bad_url("malformed IPv6 literal");
    t.ip_literal = true;
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      has_port = true;
    }
    if (host.empty()) bad_url("no host");
    for (char c : host)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_')
        bad_url("unexpected character in the host");
    boost::system::error_code ec;
    asio::ip::make_address_v4(std::string(host), ec);
    t.ip_literal = !ec;
  }
  if (has_port && !port.empty()) {
    if (port.size() > 5) bad_url("bad port");
    unsigned long value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) bad_url("bad port");
      value = value * 10 + static_cast<unsigned long>(c - '0');
    }
    if (value == 0 || value > 65535) bad_url("bad port");
    t.port = std::to_string(value);
  }
  t.host.reserve(host.size());
  for (char c : host) t.host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  t.host_header = authority.front() == '[' ? "[" + t.host + "]" : t.host;
  if (t.port != "443") t.host_header += ":" + t.port;

  for (char c : remainder)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) bad_url("unexpected character in the path or query");
  t.target = remainder.empty() || remainder.front() != '/' ? "/" + std::string(remainder) : std::string(remainder);
  return t;
}

enum class Stage { resolve, connect, handshake, write, read };

const char* stage_name(Stage stage) {
  switch (stage) {
    case Stage::resolve: return "resolve";
    case Stage::connect: return "connect";
    case Stage::handshake: return "tls handshake";
    case Stage::write: return "write";
    case Stage::read: return "read";
  }
  return "request";
}

// One request on one fresh connection. Its handlers run on the client's private
// io_context, on the calling thread; they keep the exchange alive, so a handler
// that arrives after the caller gave up (a slow DNS answer) finds it still there.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(asio::io_context& io, ssl::context& tls, Target target, http::request<http::string_body> request,
           std::size_t max_response_bytes, Clock::time_point deadline)
      : resolver_(io), stream_(io, tls), target_(std::move(target)), request_(std::move(request)), deadline_(deadline) {
    parser_.header_limit(max_response_header_bytes);
    parser_.body_limit(max_response_bytes);
    if (request_.method() == http::verb::head) parser_.skip(true);
  }

  void start() {
    // SNI carries host names only (RFC 6066); the certificate must match either way.
    if (!target_.ip_literal && !SSL_set_tlsext_host_name(stream_.native_handle(), target_.host.c_str()))
      return fail(beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    // Boost 1.81 checks an IP literal against the certificate's IP SANs (X509_check_ip_asc)
    // and a name against its DNS names (X509_check_host).
    stream_.set_verify_callback(ssl::host_name_verification(target_.host));
    beast::get_lowest_layer(stream_).expires_at(deadline_);
    if (target_.ip_literal) {
      boost::system::error_code ec;
      auto address = asio::ip::make_address(target_.host, ec);
      endpoints_.emplace_back(address, static_cast<unsigned short>(std::stoul(target_.port)));
      return do_connect();
    }
    stage_ = Stage::resolve;
    resolver_.async_resolve(target_.host, target_.port,
                            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                              self->on_resolve(ec, std::move(results));
                            });
  }

  // The deadline passed with an operation still outstanding.
  void abandon() {
    if (done_) return;
    done_ = true;
    timed_out_ = true;
    resolver_.cancel();
    beast::get_lowest_layer(stream_).close();
  }

  bool done() const { return done_; }

  HttpsResponse result() {
    const std::string prefix = "https request to " + target_.host + ": ";
    if (timed_out_) throw TransportError(prefix + stage_name(stage_) + " timed out");
    if (error_) {
      if (error_ == http::error::body_limit) throw TransportError(prefix + "response too large");
      if (error_ == http::error::header_limit) throw TransportError(prefix + "response headers too large");
      std::string message = prefix + stage_name(stage_) + " failed: " + error_.message();
      if (!detail_.empty()) message += ": " + detail_;
      throw TransportError(message);
    }
    HttpsResponse response;
    response.status = static_cast<int>(parser_.get().result_int());
    response.body = std::move(parser_.get().body());
    return response;
  }

 private:
  void on_resolve(beast::error_code ec, tcp::resolver::results_type results) {
    if (done_) return;
    if (ec) return fail(ec);
    for (const auto& entry : results) endpoints_.push_back(entry.endpoint());
    do_connect();
  }

  void do_connect() {
    stage_ = Stage::connect;
    if (Clock::now() >= deadline_) return fail(beast::error::timeout);
    beast::get_lowest_layer(stream_).expires_at(deadline_);
    beast::get_lowest_layer(stream_).async_connect(
        endpoints_, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) { self->on_connect(ec); });
  }

  void on_connect(beast::error_code ec) {
    if (done_) return;
    if (ec) return fail(ec);
    beast::error_code nodelay_failed;  // a request is small: send it without waiting for ACKs
    beast::get_lowest_layer(stream_).socket().set_option(tcp::no_delay(true), nodelay_failed);
    stage_ = Stage::handshake;
    stream_.async_handshake(ssl::stream_base::client,
                            [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
  }

  void on_handshake(beast::error_code ec) {
    if (done_) return;
    if (ec) {
      long verify = SSL_get_verify_result(stream_.native_handle());
      if (verify != X509_V_OK && verify != X509_V_ERR_UNSPECIFIED)
        detail_ = X509_verify_cert_error_string(verify);
      else if (ec.category() == asio::error::get_ssl_category() &&
               ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_CERTIFICATE_VERIFY_FAILED)
        detail_ = "certificate does not match the host";
      return fail(ec);
    }
    stage_ = Stage::write;
    http::async_write(stream_, request_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (done_) return;
    if (ec) return fail(ec);
    stage_ = Stage::read;
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (done_) return;
    if (ec == ssl::error::stream_truncated && parser_.need_eof()) {
      // A body that ends when the connection does, closed without close_notify: what
      // arrived is the body (a truncated one fails to parse later, as any bad answer).
      ec = {};
      parser_.put_eof(ec);
    }
    if (!ec && !parser_.is_done()) ec = http::error::partial_message;
    if (ec) return fail(ec);
    finish();
  }

  void fail(beast::error_code ec) {
    if (ec == beast::error::timeout) timed_out_ = true;
    error_ = ec;
    finish();
  }

  // Connection: close was asked for; a TLS close_notify would add a round trip for nothing.
  void finish() {
    done_ = true;
    beast::get_lowest_layer(stream_).close();
  }

  tcp::resolver resolver_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  Target target_;
  http::request<http::string_body> request_;
  http::response_parser<http::string_body> parser_;
  beast::flat_buffer buffer_;
  std::vector<tcp::endpoint> endpoints_;
  Clock::time_point deadline_;
  Stage stage_ = Stage::resolve;
  beast::error_code error_;
  std::string detail_;
  bool done_ = false;
  bool timed_out_ = false;
};

http::request<http::string_body> build_request(const channels::PlatformRequest& in, const Target& target) {
  if (!is_token(in.method)) throw TransportError("https request to " + target.host + ": invalid method");
  http::request<http::string_body> req;
  auto verb = http::string_to_verb(in.method);
  if (verb == http::verb::unknown)
    req.method_string(in.method);
  else
    req.method(verb);
  req.target(target.target);
  req.version(11);
  req.set(http::field::host, target.host_header);
  req.set(http::field::user_agent, "tipline");
  for (const auto& [name, value] : in.headers) {
    if (!is_token(name) || !is_field_value(value))
      throw TransportError("https request to " + target.host + ": invalid header");
    // Framing is ours to decide.
    if (beast::iequals(name, "host") || beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
        beast::iequals(name, "connection"))
      continue;
    if (beast::iequals(name, "user-agent"))
      req.set(http::field::user_agent, value);
    else
      req.insert(name, value);
  }
  req.set(http::field::connection, "close");
  req.body() = in.body;
  req.prepare_payload();
  return req;
}

}  // namespace

struct HttpsClient::Impl {
  explicit Impl(Options o) : options(std::move(o)) {
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                    ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.set_default_verify_paths();
    if (!options.extra_ca_file.empty()) {
      boost::system::error_code ec;
      tls.load_verify_file(options.extra_ca_file.string(), ec);
      if (ec)
        throw TransportError("https client: cannot load CA file " + options.extra_ca_file.string() + " (" +
                             ec.message() + ")");
    }
    tls.set_verify_mode(ssl::verify_peer);
  }

  Options options;
  // Declared before the io_context so that it outlives any exchange still queued there.
  ssl::context tls{ssl::context::tls_client};
  asio::io_context io{1};
};

HttpsClient::HttpsClient(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

// May wait for a DNS lookup the last call gave up on: Asio cannot interrupt getaddrinfo.
HttpsClient::~HttpsClient() = default;

HttpsResponse HttpsClient::send(const channels::PlatformRequest& request) {
  auto deadline = Clock::now() + impl_->options.timeout;
  Target target = parse_url(request.url);
  auto message = build_request(request, target);
  auto exchange = std::make_shared<Exchange>(impl_->io, impl_->tls, std::move(target), std::move(message),
                                             impl_->options.max_response_bytes, deadline);
  auto& io = impl_->io;
  io.restart();
  exchange->start();
  while (!exchange->done()) {
    if (io.run_one_until(deadline) == 0 && (Clock::now() >= deadline || io.stopped())) {
      exchange->abandon();
      break;
    }
  }
  // Handlers of cancelled operations, ready now; a pending DNS lookup stays queued and
  // is discarded when it completes during a later call.
  io.poll();
  return exchange->result();
}

}  // namespace tipline::gateway
