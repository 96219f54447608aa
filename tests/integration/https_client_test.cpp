// The outbound HTTPS client against a fake platform on loopback: what it sends, what it
// returns, and how every way a call can fail becomes a TransportError in bounded time.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gateway/https_client.hpp"
#include "support/fake_platform.hpp"

using namespace tipline::testing;
using tipline::channels::PlatformRequest;
using tipline::gateway::HttpsClient;
using tipline::gateway::HttpsResponse;
using tipline::gateway::TransportError;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

const std::string secret_token = "EAAGsecretPageToken0123456789";

HttpsClient::Options options_for(const FakePlatform& platform, std::chrono::milliseconds timeout = 5000ms,
                                 std::size_t max_response_bytes = 1024 * 1024) {
  HttpsClient::Options o;
  o.timeout = timeout;
  o.extra_ca_file = platform.ca_file();
  o.max_response_bytes = max_response_bytes;
  return o;
}

PlatformRequest post(const std::string& url, const std::string& body = R"({"hello":"world"})") {
  PlatformRequest r;
  r.method = "POST";
  r.url = url;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = body;
  return r;
}

// The error a failing call throws; fails the test when the call succeeds.
std::string transport_error(HttpsClient& client, const PlatformRequest& request) {
  try {
    auto response = client.send(request);
    FAIL("expected TransportError, got status " << response.status);
  } catch (const TransportError& e) {
    return e.what();
  }
  return "";
}

long long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE("https client sends method, target, headers and a UTF-8 body, and returns the answer", "[https_client]") {
  FakePlatform platform;
  platform.script("/v3.0/oa/message/cs",
                  {{200, R"({"error":0,"message":"Success","data":{"message_id":"mid-1"}})", 0ms, false}});
  HttpsClient client(options_for(platform));

  const std::string body = R"({"recipient":{"user_id":"123"},"message":{"text":"Chào anh, cảm ơn đã báo tin. )"
                           R"(Đường Nguyễn Huệ đang ngập nước, đội cứu hộ đã được thông báo."}})";
  PlatformRequest request;
  request.method = "POST";
  request.url = platform.base_url() + "/v3.0/oa/message/cs?access_token=" + secret_token + "&lang=vi";
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"access_token", "zalo-header-token"}};
  request.body = body;

  HttpsResponse response = client.send(request);
  CHECK(response.status == 200);
  CHECK(response.body == R"({"error":0,"message":"Success","data":{"message_id":"mid-1"}})");

  auto recorded = platform.requests();
  REQUIRE(recorded.size() == 1);
  const auto& r = recorded[0];
  CHECK(r.method == "POST");
  CHECK(r.target == "/v3.0/oa/message/cs?access_token=" + secret_token + "&lang=vi");
  CHECK(r.path == "/v3.0/oa/message/cs");
  CHECK(r.query == "access_token=" + secret_token + "&lang=vi");
  CHECK(r.body == body);
  CHECK(r.header("content-type") == "application/json; charset=utf-8");
  CHECK(r.header("access_token") == "zalo-header-token");
  CHECK(r.header("host") == "127.0.0.1:" + std::to_string(platform.port()));
  CHECK(r.header("user-agent") == "tipline");
  CHECK(r.header("content-length") == std::to_string(body.size()));
  CHECK(r.header("connection") == "close");
  CHECK(r.server_name.empty());  // no SNI for an IP literal
  CHECK(platform.requests_to("/v3.0/").size() == 1);
  CHECK(platform.requests_to("/v2.0/").empty());
}

TEST_CASE("https client reaches a host name, sending SNI and verifying the name", "[https_client]") {
  FakePlatform platform;
  HttpsClient client(options_for(platform));
  PlatformRequest request;
  request.method = "GET";
  request.url = "https://LocalHost:" + std::to_string(platform.port()) + "?q=1";
  auto response = client.send(request);
  CHECK(response.status == 200);
  CHECK(response.body == "{}");
  auto recorded = platform.requests();
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0].method == "GET");
  CHECK(recorded[0].target == "/?q=1");
  CHECK(recorded[0].server_name == "localhost");
  CHECK(recorded[0].header("host") == "localhost:" + std::to_string(platform.port()));
}

TEST_CASE("https client reaches an IPv6 literal", "[https_client]") {
  std::unique_ptr<FakePlatform> platform;
  try {
    platform = std::make_unique<FakePlatform>("::1");
  } catch (const std::exception& e) {
    WARN("no IPv6 loopback here, skipped: " << e.what());
    return;
  }
  HttpsClient client(options_for(*platform));
  auto response = client.send(post(platform->base_url() + "/v2.0/oa/message"));
  CHECK(response.status == 200);
  auto recorded = platform->requests();
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0].header("host") == "[::1]:" + std::to_string(platform->port()));
  CHECK(recorded[0].server_name.empty());
}

TEST_CASE("https client returns an error status as a response, not an exception", "[https_client]") {
  FakePlatform platform;
  platform.script("/me/messages",
                  {{503, R"({"error":{"message":"Service temporarily unavailable","code":2}})", 0ms, false}});
  HttpsClient client(options_for(platform));
  auto response = client.send(post(platform.base_url() + "/me/messages?access_token=" + secret_token));
  CHECK(response.status == 503);
  CHECK(response.body == R"({"error":{"message":"Service temporarily unavailable","code":2}})");
  // The script is used up: the next call gets the default answer.
  CHECK(client.send(post(platform.base_url() + "/me/messages")).status == 200);
}

TEST_CASE("fake platform consumes scripted replies in order, then the default", "[https_client]") {
  FakePlatform platform;
  FakePlatform::Reply first;
  first.status = 429;
  FakePlatform::Reply second;
  second.status = 500;
  platform.script("/v3.0", {first, second});
  FakePlatform::Reply fallback;
  fallback.status = 201;
  fallback.body = R"({"ok":true})";
  platform.set_default("/v3.0", fallback);
  FakePlatform::Reply specific;
  specific.status = 404;
  platform.set_default("/v3.0/oa/special", specific);

  HttpsClient client(options_for(platform));
  auto url = platform.base_url() + "/v3.0/oa/message/cs";
  CHECK(client.send(post(url)).status == 429);
  CHECK(client.send(post(url)).status == 500);
  auto response = client.send(post(url));
  CHECK(response.status == 201);
  CHECK(response.body == R"({"ok":true})");
  CHECK(client.send(post(url)).status == 201);
  CHECK(client.send(post(platform.base_url() + "/v3.0/oa/special/x")).status == 404);
  CHECK(client.send(post(platform.base_url() + "/other")).status == 200);
  CHECK(platform.requests_to("/v3.0").size() == 5);
  CHECK(platform.wait_for("/v3.0", 5, 10ms));
  CHECK_FALSE(platform.wait_for("/v3.0", 6, 10ms));
}

TEST_CASE("https client gives up at its deadline when the platform is slow", "[https_client]") {
  FakePlatform platform;
  FakePlatform::Reply slow;
  slow.delay = 5000ms;
  platform.script("/slow", {slow});
  const auto timeout = 300ms;
  HttpsClient client(options_for(platform, timeout));

  auto start = Clock::now();
  auto message = transport_error(client, post(platform.base_url() + "/slow?access_token=" + secret_token));
  auto elapsed = ms_since(start);
  CHECK(elapsed >= 250);
  CHECK(elapsed < 3 * timeout.count());
  CHECK_THAT(message, Catch::Contains("timed out"));
  CHECK_THAT(message, Catch::Contains("127.0.0.1"));
  CHECK(message.find(secret_token) == std::string::npos);
  CHECK(platform.wait_for("/slow", 1, 1000ms));  // recorded, though never answered in time

  // The same client works again afterwards.
  auto response = client.send(post(platform.base_url() + "/fast"));
  CHECK(response.status == 200);
}

TEST_CASE("https client reports a dropped connection", "[https_client]") {
  FakePlatform platform;
  FakePlatform::Reply drop;
  drop.drop_connection = true;
  platform.script("/drop", {drop});
  HttpsClient client(options_for(platform));
  auto start = Clock::now();
  auto message =
      transport_error(client, post(platform.base_url() + "/drop?access_token=" + secret_token, R"({"text":"bí mật"})"));
  CHECK(ms_since(start) < 2000);
  CHECK_THAT(message, Catch::Contains("read"));
  CHECK(message.find(secret_token) == std::string::npos);
  CHECK(message.find("bí mật") == std::string::npos);
  CHECK(platform.requests_to("/drop").size() == 1);
}

TEST_CASE("https client reports a refused connection", "[https_client]") {
  std::string url;
  HttpsClient::Options options;
  {
    FakePlatform platform;
    options = options_for(platform);
    url = platform.base_url() + "/v3.0/oa/message/cs?access_token=" + secret_token;
    platform.stop();
    options.extra_ca_file.clear();  // the platform's directory is about to go
  }
  HttpsClient client(options);
  auto start = Clock::now();
  auto message = transport_error(client, post(url));
  CHECK(ms_since(start) < 2000);
  CHECK_THAT(message, Catch::Contains("connect"));
  CHECK(message.find(secret_token) == std::string::npos);
}

TEST_CASE("https client refuses a certificate it does not trust", "[https_client]") {
  FakePlatform platform;
  HttpsClient::Options options;
  options.timeout = 5000ms;  // no extra_ca_file: the self-signed certificate is unknown
  HttpsClient client(options);
  auto message =
      transport_error(client, post(platform.base_url() + "/v3.0/oa/message/cs?access_token=" + secret_token));
  CHECK_THAT(message, Catch::Contains("handshake"));
  CHECK(message.find(secret_token) == std::string::npos);
  CHECK(platform.requests().empty());

  // Trusting a different certificate does not help either.
  FakePlatform other;
  HttpsClient wrong_ca(options_for(other));
  transport_error(wrong_ca, post(platform.base_url() + "/v3.0/oa/message/cs"));
  CHECK(platform.requests().empty());
}

TEST_CASE("https client refuses a trusted certificate issued for another address", "[https_client]") {
  std::unique_ptr<FakePlatform> platform;
  try {
    platform = std::make_unique<FakePlatform>("127.0.0.2");  // the certificate covers 127.0.0.1, ::1, localhost
  } catch (const std::exception& e) {
    WARN("cannot listen on 127.0.0.2 here, skipped: " << e.what());
    return;
  }
  HttpsClient client(options_for(*platform));
  auto message = transport_error(client, post(platform->base_url() + "/v3.0/oa/message/cs"));
  CHECK_THAT(message, Catch::Contains("handshake"));
  CHECK(platform->requests().empty());
}

TEST_CASE("https client refuses an answer larger than its limit", "[https_client]") {
  FakePlatform platform;
  FakePlatform::Reply big;
  big.body = std::string(100 * 1024, 'x');
  platform.set_default("/big", big);
  FakePlatform::Reply exact;
  exact.body = std::string(1024, 'y');
  platform.set_default("/exact", exact);
  HttpsClient client(options_for(platform, 5000ms, 1024));

  auto message = transport_error(client, post(platform.base_url() + "/big?access_token=" + secret_token));
  CHECK_THAT(message, Catch::Contains("too large"));
  CHECK(message.find(secret_token) == std::string::npos);
  CHECK(client.send(post(platform.base_url() + "/exact")).body == exact.body);
}

TEST_CASE("https client sends nothing to a URL that is not https", "[https_client]") {
  FakePlatform platform;
  HttpsClient client(options_for(platform));
  auto port = std::to_string(platform.port());
  std::vector<std::string> urls = {"http://127.0.0.1:" + port + "/v3.0?access_token=" + secret_token,
                                   "ftp://127.0.0.1:" + port + "/",
                                   "127.0.0.1:" + port + "/",
                                   "https://",
                                   "https:///path",
                                   "https://user:" + secret_token + "@127.0.0.1:" + port + "/",
                                   "https://127.0.0.1:99999/",
                                   "https://127.0.0.1:" + port + "/a b",
                                   "https://[::1/",
                                   "https://::1/"};
  for (const auto& url : urls) {
    CAPTURE(url);
    auto message = transport_error(client, post(url));
    CHECK(message.find(secret_token) == std::string::npos);
  }
  PlatformRequest injected = post(platform.base_url() + "/x");
  injected.headers.emplace_back("X-Test", "a\r\nX-Injected: 1");
  transport_error(client, injected);
  CHECK(platform.connections() == 0);
  CHECK(platform.requests().empty());
}

TEST_CASE("two https clients work concurrently in two threads", "[https_client]") {
  FakePlatform platform;
  FakePlatform::Reply slowish;
  slowish.delay = 200ms;
  slowish.body = R"({"ok":1})";
  platform.set_default("/", slowish);

  std::atomic<int> succeeded{0};
  std::atomic<int> failed{0};
  auto worker = [&](const std::string& path) {
    HttpsClient client(options_for(platform));
    for (int i = 0; i < 3; ++i) {
      try {
        auto response = client.send(post(platform.base_url() + path, R"({"n":)" + std::to_string(i) + "}"));
        if (response.status == 200 && response.body == R"({"ok":1})")
          ++succeeded;
        else
          ++failed;
      } catch (const std::exception&) {
        ++failed;
      }
    }
  };
  std::thread a(worker, "/zalo");
  std::thread b(worker, "/messenger");
  a.join();
  b.join();
  CHECK(succeeded == 6);
  CHECK(failed == 0);
  CHECK(platform.requests_to("/zalo").size() == 3);
  CHECK(platform.requests_to("/messenger").size() == 3);
}
