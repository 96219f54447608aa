#include <catch2/catch.hpp>

#include "gateway/request_framing.hpp"

using tipline::gateway::framing_problem;

TEST_CASE("request framing: what a proxy and we could read differently is named", "[http][hostile]") {
  CHECK_FALSE(framing_problem("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  CHECK_FALSE(framing_problem("\r\nPOST / HTTP/1.1\r\nhost: a\r\ntransfer-encoding:  CHUNKED \r\n\r\n"));
  CHECK_FALSE(framing_problem("GET / HTTP/1.0\r\n\r\n"));
  CHECK_FALSE(framing_problem("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n"));
  CHECK(framing_problem("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n") ==
        "a Transfer-Encoding other than chunked");
  CHECK(framing_problem("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n") ==
        "a Transfer-Encoding other than chunked");
  CHECK(framing_problem("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n") ==
        "a Transfer-Encoding other than chunked");
  CHECK(framing_problem("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n") == "a folded header line");
  CHECK(framing_problem("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\t2\r\n\r\n") == "a folded header line");
  CHECK(framing_problem("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n") ==
        "both Transfer-Encoding and Content-Length");
  CHECK(framing_problem("GET / HTTP/1.1\r\n\r\n") == "no Host");
  CHECK(framing_problem("GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n") == "more than one Host");
  CHECK(framing_problem("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n") == "more than one Host");
}
