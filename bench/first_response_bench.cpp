// Time to the first response on a new HTTPS connection, beside the time of a second
// request on the same connection (the baseline: no handshake, nothing to wait for).
// A gap of about 40 ms between them is Nagle's algorithm meeting the client's delayed
// ACK; with TCP_NODELAY both are well under a millisecond on loopback.
// usage: first_response_bench HOST PORT [CONNECTIONS]    (a running gateway, e.g. scripts/run.sh)
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// One GET /healthz on the stream, read to the end of its answer.
void get_health(asio::ssl::stream<tcp::socket>& stream, const std::string& host) {
  http::request<http::empty_body> request{http::verb::get, "/healthz", 11};
  request.set(http::field::host, host);
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  if (response.result_int() != 200) throw std::runtime_error("/healthz answered " + std::to_string(response.result_int()));
}

void print(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
  std::printf("%-44s median %7.3f ms   p90 %7.3f ms   p99 %7.3f ms   max %7.3f ms\n", what, at(0.5), at(0.9), at(0.99),
              ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: first_response_bench HOST PORT [CONNECTIONS]\n";
    return 2;
  }
  const std::string host = argv[1], port = argv[2];
  const int connections = argc > 3 ? std::stoi(argv[3]) : 200;
  asio::io_context io;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_verify_mode(asio::ssl::verify_none);  // the development certificate
  const auto endpoints = tcp::resolver(io).resolve(host, port);
  std::vector<double> handshake, first, second;
  try {
    for (int i = 0; i < connections; ++i) {
      asio::ssl::stream<tcp::socket> stream(io, tls);
      auto t = std::chrono::steady_clock::now();
      asio::connect(stream.next_layer(), endpoints);
      stream.next_layer().set_option(tcp::no_delay(true));  // the client side never delays
      stream.handshake(asio::ssl::stream_base::client);
      handshake.push_back(ms_since(t));
      t = std::chrono::steady_clock::now();
      get_health(stream, host);
      first.push_back(ms_since(t));
      t = std::chrono::steady_clock::now();
      get_health(stream, host);
      second.push_back(ms_since(t));
      beast::error_code ignored;
      stream.shutdown(ignored);
    }
  } catch (const std::exception& e) {
    std::cerr << "first_response_bench: " << e.what() << "\n";
    return 1;
  }
  std::printf("%d new TLS connections to %s:%s, GET /healthz twice on each\n", connections, host.c_str(), port.c_str());
  print("TCP connect + TLS handshake", handshake);
  print("first response on a new connection", first);
  print("second response, same connection (baseline)", second);
  std::printf("goal: first response within 5 ms\n");
  return 0;
}
