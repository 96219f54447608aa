// Message framing as RFC 9112 requires of a server, since the README allows a reverse
// proxy in front: a request whose body length another parser could read differently
// (any Transfer-Encoding but exactly "chunked", a folded header) or whose Host is
// missing or repeated is answered 400 and its connection closed, so nothing after it
// on the connection is read as a second request.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/https_client.hpp"
#include "support/test_server.hpp"

using namespace tipline::testing;
using namespace std::chrono_literals;

TEST_CASE("ambiguous framing and a missing or repeated Host get 400 and a closed connection",
          "[http][hostile]") {
  TestServer server;
  // Each request is followed on the same connection by a smuggled second one, which must
  // never be answered.
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
  const std::vector<std::pair<const char*, std::string>> cases{
      {"xchunked", "POST /status HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n"},
      {"chunked, identity", "POST /status HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked, identity\r\n\r\n"},
      {"identity", "POST /status HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: identity\r\n\r\n"},
      {"two Transfer-Encoding fields",
       "POST /status HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"folded Transfer-Encoding",
       "POST /status HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n"},
      {"folded header", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Note: one\r\n\ttwo\r\n\r\n"},
      {"no Host", "GET /healthz HTTP/1.1\r\n\r\n"},
      {"two Host fields", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n"},
      {"Transfer-Encoding and Content-Length",
       "POST /status HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
  };
  for (const auto& [name, request] : cases) {
    INFO(name);
    TlsClient client(server.port());
    client.write_raw(request + smuggled);
    const auto answer = client.read_response();
    CHECK(answer.status == 400);
    CHECK(client.drained_until_closed(3s));  // and the smuggled request never answered
  }
  // What stays allowed: exactly "chunked" (any case), and HTTP/1.0 without Host.
  {
    TlsClient client(server.port());
    client.write_raw("POST /status HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: Chunked\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n\r\n0\r\n\r\n");
    CHECK(client.read_response().status != 400);
  }
  {
    TlsClient client(server.port());
    client.write_raw("GET /healthz HTTP/1.0\r\n\r\n");
    CHECK(client.read_response().status == 200);
  }
}
