// DESIGN.md's anonymity invariants on the web path, proven on the raw bytes: a tip
// sent with a marker phrase, from a marker address and with a marker user agent,
// leaves no trace of the phrase in clear and none of the address or agent at all.
#include <catch2/catch.hpp>

#include <filesystem>

#include "storage/sqlite_store.hpp"
#include "support/https_client.hpp"
#include "support/submit.hpp"
#include "support/test_server.hpp"

using namespace tipline::testing;
namespace fs = std::filesystem;

TEST_CASE("no marker phrase, address or user agent reaches the database, the WAL or a log line", "[anonymity]") {
  const std::string phrase = "MARKERPHRASE-bán-ma-túy-hẻm-12";
  const std::string where = "MARKERWHERE-nhà-số-7";
  const std::string address = "127.0.0.77";
  const std::string agent = "MarkerAgent/9.9 (ZaloTheme; vi-VN) 0912345678";
  const std::vector<std::pair<std::string, std::string>> headers{
      {"User-Agent", agent}, {"X-Forwarded-For", "203.0.113.9"}, {"Cookie", "MARKERCOOKIE=1"}};

  TestServer server;
  std::vector<std::string> references;
  {
    TlsClient client(server.port(), address);
    auto tip = submit_tip(client, {{"what", phrase}, {"where", where}, {"when", "tối qua"}}, "", headers);
    REQUIRE(tip.result.status == 200);
    references.push_back(tip.reference);
    // Add information and look at the status too: every path a reporter takes.
    auto status = lookup_receipt(client, tip.code, headers);
    REQUIRE(status.status == 200);
    auto add = multipart_form({{"code", hidden_field(status.body, "code")},
                               {"form_token", hidden_field(status.body, "form_token")},
                               {"text", phrase + "-bổ-sung"}});
    REQUIRE(client.request("POST", "/status/add", add.body, add.content_type, headers).status == 200);
    // Query strings are never logged either.
    REQUIRE(client.request("GET", "/?q=" + phrase.substr(0, 12), "", "", headers).status == 200);
    REQUIRE(client.request("GET", "/no-such-page-MARKERPATH", "", "", headers).status == 404);
  }
  // The text is really there, sealed: the store can read it back.
  auto stored = server.store().load_tip(1);
  REQUIRE(stored);
  REQUIRE_THAT(stored->messages.at(0).body, Catch::Contains(phrase));

  auto logs = server.log_lines();
  server.stop();  // everything flushed; the WAL is left as the server left it

  std::string everything;
  for (const auto& entry : fs::recursive_directory_iterator(server.dir())) {
    if (!entry.is_regular_file() || entry.path().extension() == ".key" || entry.path().extension() == ".pem")
      continue;
    everything += read_file(entry.path());
  }
  for (const auto& line : logs) everything += line;
  REQUIRE(fs::exists(server.config().database_file));
  REQUIRE(everything.find(references.at(0)) != std::string::npos);  // the scan does see clear text

  for (const std::string& marker : {phrase, std::string("MARKERPHRASE"), where, std::string("MARKERWHERE"), address,
                                    agent, std::string("MarkerAgent"), std::string("0912345678"),
                                    std::string("203.0.113.9"), std::string("MARKERCOOKIE"),
                                    std::string("MARKERPATH")}) {
    INFO("marker: " << marker);
    REQUIRE(everything.find(marker) == std::string::npos);
  }
  // Each log line is one of ours: route names only, never a raw path.
  for (const auto& line : logs) {
    INFO(line);
    REQUIRE(line.find("?q=") == std::string::npos);
  }
}
