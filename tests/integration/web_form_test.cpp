// A resident's path through the web form, over real TLS against the real server.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <regex>

#include "handlers/http/form_token.hpp"
#include "storage/sqlite_store.hpp"
#include "support/https_client.hpp"
#include "support/image_fixtures.hpp"
#include "support/submit.hpp"
#include "support/test_server.hpp"

using namespace tipline::testing;
using namespace std::string_literals;

namespace {

std::string fresh_token(TlsClient& client) {
  auto token = form_token(client);
  REQUIRE_FALSE(token.empty());
  return token;
}

// A JPEG carrying an EXIF segment with a GPS-looking marker and a camera serial comment.
std::string jpeg_with_metadata() {
  using namespace tipline::test;
  return minimal_jpeg(jpeg_segment(0xE1, std::string("Exif\0\0GPS-MARKER-10.7769N-106.7009E", 35)) +
                      jpeg_segment(0xFE, "CAMERA-SERIAL-SN12345"));
}

}  // namespace

TEST_CASE("a resident submits a tip, gets a reference and a receipt code, and comes back with it", "[web]") {
  TestServer server;
  TlsClient client(server.port());

  auto form = client.request("GET", "/");
  REQUIRE(form.status == 200);
  REQUIRE_THAT(form.body, Catch::Contains("lang=\"vi\"") && Catch::Contains("Tổ dân phố 1") &&
                              Catch::Contains("name=\"website\""));
  REQUIRE_THAT(form.header("content-security-policy"), Catch::Contains("default-src 'none'"));
  REQUIRE_THAT(form.header("content-security-policy"), Catch::Contains("frame-ancestors 'none'"));
  REQUIRE_THAT(form.header("strict-transport-security"), Catch::Contains("max-age"));
  REQUIRE(form.header("x-content-type-options") == "nosniff");
  REQUIRE(form.header("referrer-policy") == "no-referrer");
  REQUIRE(form.header("cache-control") == "no-store");
  REQUIRE_THAT(form.body, !Catch::Contains("<script") && !Catch::Contains("style=") && !Catch::Contains("http://"));

  auto tip = submit_tip(client, {{"what", "Có người bán ma túy đá ở hẻm 12 Lê Lợi"},
                             {"where", "hẻm 12 Lê Lợi"},
                             {"when", "tối qua"},
                             {"area", "tdp-3"}},
                    jpeg_with_metadata());
  REQUIRE(tip.result.status == 200);
  REQUIRE_THAT(tip.reference, Catch::Matches("TL-\\d{4}-0001"));
  REQUIRE(tip.code.size() == 24);

  // Stored, decryptable, with the photo stripped of its metadata.
  REQUIRE(server.store().count_tips() == 1);
  auto stored = server.store().load_tip(1);
  REQUIRE(stored);
  REQUIRE(stored->reference == tip.reference);
  REQUIRE(stored->labels.area == std::optional<std::string>("tdp-3"));
  auto body = nlohmann::json::parse(stored->messages.at(0).body);
  REQUIRE(body["what"] == "Có người bán ma túy đá ở hẻm 12 Lê Lợi");
  REQUIRE(stored->messages.at(0).attachment_type == std::optional<std::string>("image/jpeg"));
  REQUIRE_THAT(*stored->messages.at(0).attachment, !Catch::Contains("GPS-MARKER") && !Catch::Contains("SN12345"));

  SECTION("the receipt code opens the status page") {
    TlsClient later(server.port());
    auto status = lookup_receipt(later, tip.code);
    REQUIRE(status.status == 200);
    REQUIRE_THAT(status.body, Catch::Contains(tip.reference) && Catch::Contains("Đã tiếp nhận"));

    // Officers' questions appear there, as the console files them.
    tipline::storage::AuditEvent reply;
    reply.at = 1764527400;
    reply.actor = "officer";
    reply.action = "reply";
    REQUIRE(server.store().reply_to_reporter(1, "Bạn có biết biển số xe không? <b>", 1764527400, reply) ==
            tipline::storage::Store::ReplyRoute::web_status);
    status = lookup_receipt(later, tip.code);
    REQUIRE_THAT(status.body, Catch::Contains("Bạn có biết biển số xe không? &lt;b&gt;"));

    // The holder adds information.
    auto add = multipart_form({{"code", hidden_field(status.body, "code")},
                               {"form_token", hidden_field(status.body, "form_token")},
                               {"text", "Xe máy biển 81B1-123.45"}});
    auto added = later.request("POST", "/status/add", add.body, add.content_type);
    REQUIRE(added.status == 200);
    REQUIRE_THAT(added.body, Catch::Contains("Đã nhận thông tin bổ sung"));
    auto after = server.store().load_tip(1);
    REQUIRE(after->messages.size() == 3);
    REQUIRE_THAT(after->messages.back().body, Catch::Contains("81B1-123.45"));

    // The same add-information page cannot be replayed.
    REQUIRE(later.request("POST", "/status/add", add.body, add.content_type).status == 400);
  }

  SECTION("a wrong code finds nothing") {
    auto wrong = lookup_receipt(client, "1111 2222 3333 4444 5555");
    REQUIRE(wrong.status == 404);
    REQUIRE(lookup_receipt(client, "' OR 1=1 --").status == 404);
  }

  SECTION("references count up") {
    auto second = submit_tip(client, {{"what", "Thêm một tin"}});
    REQUIRE(second.result.status == 200);
    REQUIRE(second.reference.substr(0, 8) == tip.reference.substr(0, 8));
    REQUIRE(second.reference.substr(8) == "0002");
    REQUIRE(second.code != tip.code);
  }
}

TEST_CASE("the form refuses what it must, with clear statuses and nothing stored", "[web][hostile]") {
  TestServer server(R"("server": {"max_body_bytes": 65536}, "web_form": {"max_photo_bytes": 2048},)");
  TlsClient client(server.port());

  SECTION("oversized body: 413") {
    auto form = multipart_form({{"what", std::string(70000, 'a')}, {"form_token", fresh_token(client)}});
    REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 413);
  }
  SECTION("oversized photo: 413") {
    auto r = submit_tip(client, {{"what", "ảnh lớn"}}, "\xFF\xD8"s + std::string(4000, 'x'));
    REQUIRE(r.result.status == 413);
  }
  SECTION("a photo that is not JPEG or PNG: 415") {
    auto r = submit_tip(client, {{"what", "ảnh lạ"}}, "GIF89a....");
    REQUIRE(r.result.status == 415);
  }
  SECTION("malformed urlencoded form: 400") {
    REQUIRE(client.request("POST", "/tips", "what=%ZZ", "application/x-www-form-urlencoded").status == 400);
  }
  SECTION("invalid UTF-8: 400") {
    auto token = fresh_token(client);
    REQUIRE(client.request("POST", "/tips", "what=%C0%AF&form_token=" + token, "application/x-www-form-urlencoded")
                .status == 400);
    auto form = multipart_form({{"what", "abc\xed\xa0\x80"}, {"form_token", fresh_token(client)}});
    REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 400);
  }
  SECTION("broken multipart: 400") {
    auto form = multipart_form({{"what", "x"}, {"form_token", fresh_token(client)}});
    form.body.resize(form.body.size() - 10);
    REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 400);
  }
  SECTION("unsupported content type: 415") {
    REQUIRE(client.request("POST", "/tips", "{\"what\":\"x\"}", "application/json").status == 415);
  }
  SECTION("missing text: 400 with the reporter's other answers kept, escaped") {
    auto r = submit_tip(client, {{"what", ""}, {"where", "<script>alert(1)</script>"}});
    REQUIRE(r.result.status == 400);
    REQUIRE_THAT(r.result.body, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    REQUIRE_THAT(r.result.body, !Catch::Contains("<script>alert"));
  }
  SECTION("unknown area: 400") {
    REQUIRE(submit_tip(client, {{"what", "x"}, {"area", "tdp-1' OR '1'='1"}}).result.status == 400);
  }
  SECTION("honeypot filled: 400") {
    REQUIRE(submit_tip(client, {{"what", "mua hàng giá rẻ"}, {"website", "http://spam.example"}}).result.status == 400);
  }
  SECTION("missing, forged, replayed form token: 400") {
    auto form = multipart_form({{"what", "không có token"}});
    REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 400);
    form = multipart_form({{"what", "token giả"}, {"form_token", "1700000000.AAAA.BBBB"}});
    REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 400);
    form = multipart_form({{"what", "gửi hai lần"}, {"form_token", fresh_token(client)}});
    REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 200);
    REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 400);
    REQUIRE(server.store().count_tips() == 1);
    return;
  }
  SECTION("wrong method: 405 with Allow; unknown path: 404") {
    auto put = client.request("PUT", "/tips", "x", "text/plain");
    REQUIRE(put.status == 405);
    REQUIRE(put.header("allow") == "POST");
    REQUIRE(client.request("DELETE", "/").status == 405);
    REQUIRE(client.request("GET", "/admin/../../etc/passwd").status == 404);
    REQUIRE(client.request("GET", "/static/../tipline.db").status == 404);
    REQUIRE(client.request("GET", "/static/site.css").status == 200);
  }
  REQUIRE(server.store().count_tips() == 0);
}

TEST_CASE("an expired form token is refused even with a valid signature", "[web][hostile]") {
  // Exact and live metrics, to read the one refusal.
  TestServer server(R"("web_form": {"token_lifetime_minutes": 60},
                       "server": {"metrics_refresh_seconds": 1, "metrics_round_to": 1},)");
  TlsClient client(server.port());
  // Mint a correctly signed token under the server's own key, issued two hours ago.
  tipline::handlers::FormTokens minter(server.config().keys.form_token_key, std::chrono::minutes(60));
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  auto expired = minter.issue(now.count() - 2 * 3600);
  auto form = multipart_form({{"what", "biểu mẫu cũ"}, {"form_token", expired}});
  auto refused = client.request("POST", "/tips", form.body, form.content_type);
  REQUIRE(refused.status == 400);
  REQUIRE_THAT(refused.body, Catch::Contains("hết hạn"));
  auto metrics = client.request("GET", "/metrics").body;
  REQUIRE_THAT(metrics, Catch::Contains("tipline_rejected_total{reason=\"form_token_expired\"} 1"));
  REQUIRE_THAT(metrics, !Catch::Contains("form_token_invalid"));
  // The same key's fresh token is accepted, so the refusal was the age alone.
  form = multipart_form({{"what", "biểu mẫu mới"}, {"form_token", minter.issue(now.count())}});
  REQUIRE(client.request("POST", "/tips", form.body, form.content_type).status == 200);
  REQUIRE(server.store().count_tips() == 1);
}

TEST_CASE("submissions are rate limited per source without storing the source", "[web][abuse]") {
  TestServer server(R"("web_form": {"submissions_per_source_per_hour": 2, "status_lookups_per_source_per_hour": 3},)");
  TlsClient a(server.port(), "127.0.0.2");
  REQUIRE(submit_tip(a, {{"what", "một"}}).result.status == 200);
  REQUIRE(submit_tip(a, {{"what", "hai"}}).result.status == 200);
  auto third = submit_tip(a, {{"what", "ba"}});
  REQUIRE(third.result.status == 429);
  REQUIRE_THAT(third.result.body, Catch::Contains("ba"));  // the text is kept in the form
  TlsClient b(server.port(), "127.0.0.3");
  REQUIRE(submit_tip(b, {{"what", "nguồn khác"}}).result.status == 200);
  REQUIRE(server.store().count_tips() == 3);

  // Wrong receipt codes are throttled too.
  for (int i = 0; i < 3; ++i) REQUIRE(lookup_receipt(b, "0000 0000 0000 0000 000" + std::to_string(i)).status == 404);
  REQUIRE(lookup_receipt(b, "0000 0000 0000 0000 0009").status == 429);
}
