#include <catch2/catch.hpp>

#include "gateway/response_bytes.hpp"

using tipline::gateway::response_bytes;
using tipline::handlers::Response;

TEST_CASE("a response becomes one HTTP/1.1 message with its length", "[http]") {
  Response response;
  response.status = 200;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "xin chào\n";
  response.with_header("Cache-Control", "no-store");
  CHECK(response_bytes(response, true, false) ==
        "HTTP/1.1 200 OK\r\n"
        "Server: tipline\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Cache-Control: no-store\r\n"
        "Content-Length: 10\r\n"
        "\r\n"
        "xin chào\n");
}

TEST_CASE("a connection that will close says so", "[http]") {
  Response response;
  response.status = 413;
  response.body = "too big";
  const auto bytes = response_bytes(response, false, false);
  CHECK_THAT(bytes, Catch::StartsWith("HTTP/1.1 413 Payload Too Large\r\n"));
  CHECK_THAT(bytes, Catch::Contains("\r\nConnection: close\r\n\r\ntoo big"));
}

TEST_CASE("HEAD gets the length of the body it does not get", "[http]") {
  Response response;
  response.body = std::string(1234, 'x');
  const auto bytes = response_bytes(response, true, true);
  CHECK_THAT(bytes, Catch::Contains("Content-Length: 1234\r\n"));
  CHECK_THAT(bytes, Catch::EndsWith("\r\n\r\n"));
}

TEST_CASE("responses without a body carry no length and no body", "[http]") {
  for (int status : {204, 304}) {
    Response response;
    response.status = status;
    response.body = "ignored";
    const auto bytes = response_bytes(response, true, false);
    CHECK_THAT(bytes, !Catch::Contains("Content-Length") && Catch::EndsWith("\r\n\r\n"));
  }
}

TEST_CASE("a line break inside a header cannot start a header of its own", "[http][hostile]") {
  Response response;
  response.status = 303;
  response.with_header("Location", "/tips\r\nSet-Cookie: stolen=1\r\n\r\n<script>");
  response.with_header("X-Bad\nName", "v");
  const auto bytes = response_bytes(response, true, false);
  CHECK_THAT(bytes, Catch::Contains("Location: /tips  Set-Cookie: stolen=1    <script>\r\n"));
  CHECK_THAT(bytes, Catch::Contains("X-Bad Name: v\r\n"));
  CHECK_THAT(bytes, !Catch::Contains("\r\nSet-Cookie"));
}
