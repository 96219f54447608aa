// The server's life: health and metrics, slow and excess clients, graceful
// shutdown in the middle of a request, and a SIGKILL right after a 200.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "storage/sqlite_store.hpp"
#include "support/https_client.hpp"
#include "support/submit.hpp"
#include "support/test_server.hpp"

using namespace tipline::testing;
using namespace std::chrono_literals;

namespace {

// A plain TCP connection to the gateway, below TLS, for clients that never speak it.
struct PlainConnection {
  explicit PlainConnection(std::uint16_t port) : fd(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  }
  ~PlainConnection() { ::close(fd); }
  void send(const std::string& bytes) { REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) > 0); }
  // True once the server has closed its side (whatever it sent before), within `limit`.
  bool closed_within(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buffer[512];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd ready{fd, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (::poll(&ready, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 1))) <= 0) continue;
      if (::recv(fd, buffer, sizeof buffer, 0) <= 0) return true;
    }
    return false;
  }
  int fd;
};

// Each thread's name and nice value, from /proc.
std::multimap<std::string, int> thread_nice_values(pid_t pid) {
  std::multimap<std::string, int> threads;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::ifstream comm(task.path() / "comm"), stat(task.path() / "stat");
    std::string name, line;
    std::getline(comm, name);
    std::getline(stat, line);
    if (line.empty()) continue;  // the thread ended during the scan
    // After "tid (name) ", nice is the 17th field.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    for (int i = 0; i < 17; ++i) fields >> field;
    threads.emplace(name, std::stoi(field));
  }
  return threads;
}

}  // namespace

TEST_CASE("health and metrics report counts and latencies, nothing about reporters", "[ops]") {
  TestServer server(R"("server": {"metrics_refresh_seconds": 1, "metrics_round_to": 1},)");  // exact counts
  TlsClient client(server.port());
  auto health = client.request("GET", "/healthz");
  REQUIRE(health.status == 200);
  REQUIRE(health.body == "ok\n");
  REQUIRE(submit_tip(client, {{"what", "METRICMARKER có người bán hàng"}}).result.status == 200);
  client.request("GET", "/unknown-METRICPATH");
  auto metrics = client.request("GET", "/metrics");
  REQUIRE(metrics.status == 200);
  REQUIRE_THAT(metrics.body, Catch::Contains("tipline_tips_created_total{channel=\"web\"} 1"));
  REQUIRE_THAT(metrics.body, Catch::Contains("tipline_http_requests_total{route=\"/tips\",status=\"200\"} 1"));
  REQUIRE_THAT(metrics.body, Catch::Contains("tipline_http_request_seconds_bucket{route=\"/tips\""));
  // The store's group-commit counters are wired in: at least the one tip's commit.
  std::smatch commits;
  REQUIRE(std::regex_search(metrics.body, commits, std::regex("tipline_store_commits_total (\\d+)")));
  REQUIRE(std::stoull(commits[1].str()) >= 1);
  // Webhook deliveries acknowledged but not yet filed: a gauge, none here.
  REQUIRE_THAT(metrics.body, Catch::Contains("# TYPE tipline_store_deliveries_waiting gauge\n"
                                             "tipline_store_deliveries_waiting 0\n"));
  REQUIRE_THAT(metrics.body, Catch::Contains("# TYPE tipline_store_commits_total counter\n"));
  REQUIRE_THAT(metrics.body, !Catch::Contains("METRICMARKER") && !Catch::Contains("METRICPATH") &&
                                 !Catch::Contains("127.0.0.1"));
}

TEST_CASE("by default a submission does not show in the metrics at once, nor as a step of one",
          "[ops][hostile]") {
  TestServer server;  // the config's defaults: published every 5 minutes, rounded to tens
  TlsClient client(server.port());
  const auto before = client.request("GET", "/metrics").body;
  REQUIRE(submit_tip(client, {{"what", "có người bán hàng ở hẻm 12"}}).result.status == 200);
  const auto after = client.request("GET", "/metrics").body;
  CHECK_THAT(after, !Catch::Contains("tipline_tips_created_total{channel=\"web\"} 1"));
  CHECK_THAT(after, !Catch::Contains("route=\"/tips\",status=\"200\"} 1"));
  // Gauges stay live for the operators.
  CHECK_THAT(after, Catch::Contains("tipline_store_deliveries_waiting 0"));
  CHECK_THAT(before, Catch::Contains("tipline_connections_open"));
}

TEST_CASE("metrics are the operators': not through a proxy, and only with the token when one is set",
          "[ops][hostile]") {
  {
    TestServer server;
    TlsClient client(server.port());
    CHECK(client.request("GET", "/metrics").status == 200);  // this machine, no proxy
    CHECK(client.request("GET", "/metrics", "", "", {{"X-Forwarded-For", "203.0.113.9"}}).status == 404);
  }
  setenv("TIPLINE_TEST_METRICS_TOKEN", "scraper-token-1", 1);
  TestServer server(R"("server": {"metrics_token": {"env": "TIPLINE_TEST_METRICS_TOKEN"}},)");
  TlsClient client(server.port());
  CHECK(client.request("GET", "/metrics").status == 404);
  CHECK(client.request("GET", "/metrics", "", "", {{"Authorization", "Bearer wrong"}}).status == 404);
  const auto allowed = client.request("GET", "/metrics", "", "", {{"Authorization", "Bearer scraper-token-1"}});
  CHECK(allowed.status == 200);
  CHECK_THAT(allowed.body, Catch::Contains("tipline_http_requests_total"));
}

TEST_CASE("a slow client cannot hold a connection past the request deadline", "[limits][hostile]") {
  TestServer server(R"("server": {"request_timeout_seconds": 1, "idle_timeout_seconds": 2},)");
  TlsClient slow(server.port());
  slow.write_raw("POST /tips HTTP/1.1\r\nHost: localhost\r\n");
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  // Trickle a header byte every 200 ms; the server must cut us off near 1 s.
  for (int i = 0; i < 20 && !closed; ++i) {
    try {
      slow.write_raw("X");
    } catch (const std::exception&) {
      closed = true;
      break;
    }
    closed = slow.closed_by_server(200ms);
  }
  REQUIRE(closed);
  REQUIRE(std::chrono::steady_clock::now() - started < 3500ms);
  // Other clients are served meanwhile and after.
  TlsClient fine(server.port());
  REQUIRE(fine.request("GET", "/healthz").status == 200);

  SECTION("an idle keep-alive connection is closed after the idle timeout") {
    TlsClient idle(server.port());
    REQUIRE(idle.request("GET", "/healthz").status == 200);
    REQUIRE(idle.closed_by_server(4000ms));
  }
  SECTION("oversized headers get 431") {
    TlsClient big(server.port());
    REQUIRE(big.request("GET", "/", "", "", {{"X-Filler", std::string(20000, 'a')}}).status == 431);
  }
  SECTION("a chunk line that never ends gets 400, not an ever-growing buffer") {
    TlsClient endless(server.port());
    endless.write_raw("POST /tips HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n1;" +
                      std::string(40000, 'a'));
    REQUIRE(endless.read_response().status == 400);
  }
  SECTION("garbage instead of HTTP gets 400") {
    TlsClient junk(server.port());
    junk.write_raw("\x01\x02 NOT HTTP\r\n\r\n");
    REQUIRE(junk.read_response().status == 400);
  }
}

TEST_CASE("a client that stops reading its answers is closed at the write deadline", "[limits][hostile]") {
  TestServer server(R"("server": {"write_timeout_seconds": 1, "request_timeout_seconds": 60, "idle_timeout_seconds": 60},)");
  TlsClient stalled(server.port());
  // 3,000 answers of 5 KB, several times what the sockets' buffers hold, and this client
  // reads none of them. The server's writes block once the buffers are full, and it
  // stops reading requests; if the requests do not all fit in its receive buffer by
  // then, this write blocks too, until the server gives up and closes.
  std::string requests;
  for (int i = 0; i < 3000; ++i) requests += "GET /static/admin.css HTTP/1.1\r\nHost: localhost\r\n\r\n";
  const auto started = std::chrono::steady_clock::now();
  bool closed_while_sending = false;
  try {
    stalled.write_raw(requests);
  } catch (const std::exception&) {
    closed_while_sending = true;  // or the client's own 20 s timeout, which the check below fails
  }
  if (closed_while_sending) {
    CHECK(std::chrono::steady_clock::now() - started < 10000ms);
  } else {
    std::this_thread::sleep_for(2500ms);  // past the write deadline, long before the other two
    const auto reading = std::chrono::steady_clock::now();
    // Had the server kept the connection, it would send all 3,000 answers now, then idle.
    REQUIRE(stalled.drained_until_closed(10000ms));
    CHECK(std::chrono::steady_clock::now() - reading < 5000ms);
  }
  TlsClient fine(server.port());
  REQUIRE(fine.request("GET", "/healthz").status == 200);
}

TEST_CASE("requests sent back to back on one connection are answered in order", "[http]") {
  TestServer server;
  TlsClient client(server.port());
  // A HEAD, a GET and a POST in one write; the HEAD's answer has a length and no body.
  client.write_raw(
      "HEAD /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
      "POST /no-such-page HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}");
  auto head = client.read_response(true);
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == "3");
  CHECK(head.body.empty());
  auto get = client.read_response();
  CHECK(get.status == 200);
  CHECK(get.body == "ok\n");
  auto post = client.read_response();
  CHECK(post.status == 404);  // its body read past, the connection still answers
  CHECK(client.request("GET", "/healthz").body == "ok\n");
}

TEST_CASE("clients that leave before reading their answer do not disturb the server", "[limits][hostile]") {
  TestServer server;
  // Each asks for a page and closes at once; writing the answer to a closed socket must
  // give the server an error to handle, never a signal that ends the process.
  for (int i = 0; i < 30; ++i) {
    TlsClient gone(server.port());
    gone.write_raw("GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  }
  TlsClient fine(server.port());
  REQUIRE(fine.request("GET", "/healthz").status == 200);
}

TEST_CASE("a connection that never starts its TLS handshake is closed at the handshake deadline",
          "[limits][hostile]") {
  TestServer server(R"("server": {"handshake_timeout_seconds": 1},)");
  PlainConnection silent(server.port());
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(silent.closed_within(5000ms));
  CHECK(std::chrono::steady_clock::now() - started >= 700ms);  // not before its deadline
  TlsClient fine(server.port());
  REQUIRE(fine.request("GET", "/healthz").status == 200);
}

TEST_CASE("plain HTTP on the HTTPS port is refused at the handshake and counted", "[limits][hostile]") {
  TestServer server;
  PlainConnection plain(server.port());
  plain.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
  REQUIRE(plain.closed_within(5000ms));
  TlsClient fine(server.port());
  REQUIRE_THAT(fine.request("GET", "/metrics").body, Catch::Contains("\ntipline_tls_handshake_failures_total 1\n"));
}

TEST_CASE("connections beyond the cap are closed at once", "[limits]") {
  TestServer server(R"("server": {"max_connections": 2},)");
  TlsClient a(server.port());
  TlsClient b(server.port());
  REQUIRE(a.request("GET", "/healthz").status == 200);
  REQUIRE(b.request("GET", "/healthz").status == 200);
  REQUIRE_THROWS(TlsClient(server.port(), "127.0.0.1", std::chrono::seconds(3)));
  REQUIRE(a.request("GET", "/healthz").status == 200);
}

TEST_CASE("graceful shutdown finishes a request that is half sent, stores it, and refuses new ones", "[shutdown]") {
  TestServer server;
  TlsClient client(server.port());
  auto token = form_token(client);
  auto form = multipart_form({{"what", "gửi dở thì máy chủ dừng"}, {"form_token", token}});
  std::string head = "POST /tips HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + form.content_type +
                     "\r\nContent-Length: " + std::to_string(form.body.size()) + "\r\n\r\n";
  client.write_raw(head + form.body.substr(0, form.body.size() / 2));
  std::this_thread::sleep_for(100ms);

  TlsClient idle(server.port());  // an idle keep-alive connection must not delay the stop
  std::thread stopper([&] { server.stop(); });
  std::this_thread::sleep_for(200ms);
  client.write_raw(form.body.substr(form.body.size() / 2));
  auto response = client.read_response();
  stopper.join();
  REQUIRE(response.status == 200);
  REQUIRE(response.header("connection") == "close");
  REQUIRE(server.store().count_tips() == 1);
  REQUIRE_THROWS(TlsClient(server.port(), "127.0.0.1", std::chrono::seconds(2)));
}

TEST_CASE("filing and sending replies run at nice 19; the threads that receive do not", "[ops][process]") {
  TestDataDir data;
  ServerProcess process(data);
  auto threads = thread_nice_values(process.pid());
  for (int i = 0; i < 100 && !(threads.count("tipline-filer") && threads.count("tipline-outbox")); ++i) {
    std::this_thread::sleep_for(50ms);  // each names itself when it starts
    threads = thread_nice_values(process.pid());
  }
  REQUIRE(threads.count("tipline-filer") >= 1);
  REQUIRE(threads.count("tipline-outbox") >= 1);
  // Threads these start (a resolver's, a filing lane) carry the same name and nice value.
  int receiving = 0;
  for (const auto& [name, nice] : threads) {
    if (name == "tipline-filer" || name == "tipline-outbox" || name == "tipline-filing") CHECK(nice == 19);
    if (name == "tipline") {
      CHECK(nice == 0);
      ++receiving;
    }
  }
  CHECK(receiving >= 2);  // the main thread and at least one I/O thread
}

TEST_CASE("SIGTERM stops the real process cleanly with exit status 0", "[shutdown][process]") {
  TestDataDir data;
  ServerProcess process(data);
  TlsClient client(process.port());
  REQUIRE(client.request("GET", "/healthz").status == 200);
  process.signal(SIGTERM);
  REQUIRE(process.wait_exit() == 0);
  REQUIRE_THAT(process.log(), Catch::Contains("shutdown_complete"));
}

TEST_CASE("a tip acknowledged with 200 survives a SIGKILL right after", "[durability][process]") {
  TestDataDir data;
  std::string code;
  std::string reference;
  {
    ServerProcess process(data);
    TlsClient client(process.port());
    auto tip = submit_tip(client, {{"what", "tin báo trước khi máy chủ bị giết"}});
    REQUIRE(tip.result.status == 200);
    code = tip.code;
    reference = tip.reference;
    process.signal(SIGKILL);
    REQUIRE(process.wait_exit() == 128 + SIGKILL);
  }
  ServerProcess restarted(data);
  TlsClient client(restarted.port());
  auto status = lookup_receipt(client, code);
  REQUIRE(status.status == 200);
  REQUIRE_THAT(status.body, Catch::Contains(reference));
}
