#include <catch2/catch.hpp>

#include <cctype>

#include "channel_fixtures.hpp"
#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "handlers/channels/signature.hpp"

using namespace tipline;
using namespace channel_fixtures;
using channels::verify_messenger_signature;
using channels::verify_zalo_signature;

namespace {

struct ZaloCase {
  const char* file;
  const char* timestamp;
  const char* header;
};

// From tests/fixtures/channels/README.md ("Zalo inbound: expected X-ZEvent-Signature").
const ZaloCase zalo_cases[] = {
    {"zalo_user_send_text.json", "1767881707123",
     "mac=1787b02e2a205ce12a2681054fd9b3c43af4dbc994955e14798da8a7c0c96f8b"},
    {"zalo_user_send_image.json", "1767881800481",
     "mac=9f106fd6e48cf32e23c2b04a0f9b41baaf1c2e4cbca88130d7aafbd593227d45"},
    {"zalo_user_send_location.json", "1767881822917",
     "mac=7dcdce5b5011d04138170be5a801fcf0b1a32342d424b7055b6993730d36b1a6"},
    {"zalo_user_send_file.json", "1767881910250",
     "mac=b1c19104d5c2678723987bcf58378967df140d659c8f4ce31254b5b96f108602"},
    {"zalo_user_send_sticker.json", "1767881915002",
     "mac=c605da322d1d67f1db7aef92d723be68a0b55d2797ccc124f6b6fabbd6ea87c2"},
    {"zalo_follow.json", "1767881111804", "mac=c70dc1f09fe33fd990328f34dbd405c80e8f46e29ecedb254e9825385add4154"},
    {"zalo_unfollow.json", "1767968511804", "mac=0c22827165b35f1446bf82f040f5ae86365c0dc1496c2cecbf1265c073fb6d3f"},
    {"zalo_anonymous_send_text.json", "1767882001377",
     "mac=c22ee24f22a8002e7723d555f153c595e2950e6af4091156b61ca999d4b24072"},
    {"zalo_oa_send_text.json", "1767881708012", "mac=0873907837a26a83eedeabe9c9f8de97f9bc091106c99b36cb525e7e36f19b52"},
    {"zalo_user_received_message.json", "1767881709455",
     "mac=f9c11008b3d664e6700312c619c94439a60d9e048e8b91a0b073f6e7e70708ec"},
    {"zalo_user_seen_message.json", "1767881760230",
     "mac=42a3294943fb1ec072f63dce17d79d7ea57beb6f9c93dec543c4d06936bb04ae"},
    {"zalo_user_submit_info.json", "1767882300999",
     "mac=9b0b6cd0ba35af62bf56c945f0c77a39a6b27cb8128be15d617753937621abac"},
};

struct MessengerCase {
  const char* file;
  const char* sha256;
  const char* sha1;
};

// From the README ("Messenger inbound: expected signature headers").
const MessengerCase messenger_cases[] = {
    {"messenger_text.json", "6840943114f88e674d6c07e92238d64d2be7214f686a53972aba17b819adeac0",
     "f382ab02d5fff8f346f776bca5595652999b8e3f"},
    {"messenger_batch.json", "8036e5f59fb9c6cb569f3ffde12847acb4d225071bf480484587a60de245271d",
     "abb87f2a652e3d8b53f6a93028e24c3040e8ccf4"},
    {"messenger_image.json", "3ff606ac3e9ad89c5e2fca01af7b20e3909e0ed7b159ee9f2dabfd7ea585c465",
     "ccaf7eae7c54e4a18d78c0710954ba5e046218da"},
    {"messenger_location.json", "b78049973794892342349d0a907a161423dc6699504f87126a22b4879bd6b75f",
     "c3777db2536ea405ee888c19516d25edd23858fc"},
    {"messenger_echo.json", "4c42a85cfdacbe8a149ed3cbcc18516e450c1ee0082402d714b2eff240f7dc6b",
     "9e68ae727b9218803d20b3773ef2a2ab1c22a3ae"},
    {"messenger_postback.json", "a153caa7d4e9fe5b1035eeb680388d6c474a500be1e6ecc4d6351c864a300f4d",
     "c50266600e9d58086ef57f79bdcae40fa2077441"},
    {"messenger_quick_reply.json", "29a21cce05188d12e34eac31d3e98473cc6b739c94022aa4dad5461bc89e6e7d",
     "ac636c7274babf1db759356c8721973c62910f6c"},
    {"messenger_delivery_read.json", "df3974ad5414765a8a3caf99a9595f90c1646a4d78e9aacc32bb61623caa9d28",
     "d32871ddf750e7f2281327bfb74689c66047463d"},
};

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string zalo_mac(const std::string& app_id, const std::string& body, const std::string& timestamp,
                     const std::string& secret) {
  return encoding::to_hex(crypto::sha256(app_id + body + timestamp + secret));
}

bool zalo_ok(const std::string& body, const std::string& header) {
  return verify_zalo_signature(zalo_app_id, zalo_oa_secret, body, header);
}

}  // namespace

TEST_CASE("every Zalo fixture verifies with the README's header", "[channels][signature]") {
  for (const auto& c : zalo_cases) {
    INFO(c.file);
    std::string body = read_fixture(c.file);
    REQUIRE(body.back() == '}');
    std::string header = c.header;
    std::string hex = header.substr(4);

    REQUIRE(zalo_mac(zalo_app_id, body, c.timestamp, zalo_oa_secret) == hex);
    CHECK(zalo_ok(body, header));
    CHECK(zalo_ok(body, hex));                  // without "mac="
    CHECK(zalo_ok(body, "mac=" + upper(hex)));  // upper-case hex
    CHECK(zalo_ok(body, upper(hex)));
  }
}

TEST_CASE("Zalo signature fails on any change", "[channels][signature]") {
  for (const auto& c : zalo_cases) {
    INFO(c.file);
    std::string body = read_fixture(c.file);
    std::string header = c.header;

    {  // one byte of the body changed, at every position
      for (std::size_t i = 0; i < body.size(); ++i) {
        std::string bad = body;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        INFO("byte " << i);
        CHECK_FALSE(zalo_ok(bad, header));
      }
    }
    CHECK_FALSE(zalo_ok(body + "\n", header));  // trailing newline
    {                                           // secret changed by one byte
      std::string secret = zalo_oa_secret;
      secret.back() = static_cast<char>(secret.back() ^ 0x01);
      CHECK_FALSE(verify_zalo_signature(zalo_app_id, secret, body, header));
      CHECK_FALSE(verify_zalo_signature(zalo_app_id, zalo_oa_secret + "x", body, header));
      CHECK_FALSE(verify_zalo_signature(zalo_app_id, "", body, header));
    }
    {  // wrong configured app id
      CHECK_FALSE(verify_zalo_signature("4230012345678901235", zalo_oa_secret, body, header));
      CHECK_FALSE(verify_zalo_signature("", zalo_oa_secret, body, header));
    }
    {  // header altered or malformed
      std::string hex = header.substr(4);
      std::string flipped = hex;
      flipped[10] = flipped[10] == '0' ? '1' : '0';
      CHECK_FALSE(zalo_ok(body, "mac=" + flipped));
      CHECK_FALSE(zalo_ok(body, ""));
      CHECK_FALSE(zalo_ok(body, "mac="));
      CHECK_FALSE(zalo_ok(body, "mac=" + hex.substr(0, 63)));
      CHECK_FALSE(zalo_ok(body, "mac=" + hex + "0"));
      CHECK_FALSE(zalo_ok(body, "mac=" + hex.substr(0, 62) + "zz"));
      CHECK_FALSE(zalo_ok(body, "sha256=" + hex));
      CHECK_FALSE(zalo_ok(body, "mac=mac=" + hex));
      CHECK_FALSE(zalo_ok(body, "garbage"));
    }
    {  // timestamp reformatted when signing
      std::string ts = c.timestamp;
      std::string seconds = ts.substr(0, ts.size() - 3);
      CHECK_FALSE(zalo_ok(body, zalo_mac(zalo_app_id, body, seconds, zalo_oa_secret)));
      CHECK_FALSE(zalo_ok(body, zalo_mac(zalo_app_id, body, "\"" + ts + "\"", zalo_oa_secret)));
      CHECK_FALSE(zalo_ok(body, zalo_mac(zalo_app_id, body, "", zalo_oa_secret)));
    }
    {  // HMAC instead of the plain hash
      auto hmac = crypto::hmac_sha256(zalo_oa_secret, zalo_app_id + body + c.timestamp);
      CHECK_FALSE(zalo_ok(body, encoding::to_hex(hmac)));
    }
  }
}

TEST_CASE("Zalo timestamp candidates are found in the raw bytes", "[channels][signature]") {
  const std::string app = zalo_app_id;
  auto sign = [&](const std::string& body, const std::string& ts) {
    return "mac=" + zalo_mac(app, body, ts, zalo_oa_secret);
  };

  SECTION("bare number") {
    std::string body = R"({"app_id":"4230012345678901234","event_name":"follow","timestamp":1767881111804})";
    CHECK(zalo_ok(body, sign(body, "1767881111804")));
  }
  SECTION("whitespace around the colon") {
    std::string body = "{\"timestamp\" \t:\r\n \"1767881111804\",\"app_id\":\"4230012345678901234\"}";
    CHECK(zalo_ok(body, sign(body, "1767881111804")));
  }
  SECTION("a decoy before the real one") {
    std::string body = R"({"x":{"timestamp":"1"},"timestamp":"1767881111804"})";
    CHECK(zalo_ok(body, sign(body, "1767881111804")));
    CHECK(zalo_ok(body, sign(body, "1")));
  }
  SECTION("at most eight candidates are tried") {
    std::string decoys;
    for (int i = 0; i < 8; ++i) decoys += R"("timestamp":"1",)";
    std::string body = "{" + decoys + R"("timestamp":"1767881111804"})";
    CHECK_FALSE(zalo_ok(body, sign(body, "1767881111804")));
    CHECK(zalo_ok(body, sign(body, "1")));
  }
  SECTION("values that are not digit strings are not candidates") {
    for (std::string value : {R"("")", R"("12a")", R"("1767881111804)", "-5", "true", R"("abc")"}) {
      std::string body = R"({"timestamp":)" + value + "}";
      INFO(body);
      CHECK_FALSE(zalo_ok(body, sign(body, "")));
    }
    std::string fraction = R"({"timestamp":1.5e3})";
    CHECK_FALSE(zalo_ok(fraction, sign(fraction, "1")));
    CHECK_FALSE(zalo_ok(fraction, sign(fraction, "1.5e3")));
    std::string partial = R"({"timestamp":"12a"})";
    CHECK_FALSE(zalo_ok(partial, sign(partial, "12")));
    std::string body = R"({"timestamp":"123456789012345678901"})";  // 21 digits
    CHECK_FALSE(zalo_ok(body, sign(body, "123456789012345678901")));
    std::string twenty = R"({"timestamp":"12345678901234567890"})";
    CHECK(zalo_ok(twenty, sign(twenty, "12345678901234567890")));
  }
  SECTION("an escaped key inside a string is not a field") {
    std::string body = R"({"text":"\"timestamp\":\"5\"","timestamp":"7"})";
    CHECK(zalo_ok(body, sign(body, "7")));
  }
  SECTION("no timestamp at all") {
    std::string body = R"({"app_id":"4230012345678901234"})";
    CHECK_FALSE(zalo_ok(body, sign(body, "")));
  }
  SECTION("empty body") { CHECK_FALSE(zalo_ok("", sign("", ""))); }
}

TEST_CASE("every Messenger fixture verifies, and its HMAC equals the README's", "[channels][signature]") {
  for (const auto& c : messenger_cases) {
    INFO(c.file);
    std::string body = read_fixture(c.file);
    REQUIRE(body.back() == '}');
    CHECK(encoding::to_hex(crypto::hmac_sha256(messenger_app_secret, body)) == c.sha256);

    std::string header = std::string("sha256=") + c.sha256;
    CHECK(verify_messenger_signature(messenger_app_secret, body, header));
    CHECK(verify_messenger_signature(messenger_app_secret, body, "sha256=" + upper(c.sha256)));
  }
}

TEST_CASE("Messenger signature fails on any change", "[channels][signature]") {
  for (const auto& c : messenger_cases) {
    INFO(c.file);
    std::string body = read_fixture(c.file);
    std::string header = std::string("sha256=") + c.sha256;

    {  // one byte of the body changed, at every position
      for (std::size_t i = 0; i < body.size(); ++i) {
        std::string bad = body;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        INFO("byte " << i);
        CHECK_FALSE(verify_messenger_signature(messenger_app_secret, bad, header));
      }
    }
    {  // trailing newline
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body + "\n", header));
    }
    {  // secret changed by one byte, or empty
      std::string secret = messenger_app_secret;
      secret.front() = static_cast<char>(secret.front() ^ 0x01);
      CHECK_FALSE(verify_messenger_signature(secret, body, header));
      CHECK_FALSE(verify_messenger_signature("", body, header));
    }
    {  // the legacy sha1 value is never accepted
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, std::string("sha1=") + c.sha1));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, std::string("sha256=") + c.sha1));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, c.sha1));
    }
    {  // empty, bare or garbage header
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, ""));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, "sha256="));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, c.sha256));  // prefix is required
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, "SHA256=" + std::string(c.sha256)));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, header + "00"));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, header.substr(0, header.size() - 1)));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, "sha256=" + std::string(64, 'g')));
      CHECK_FALSE(verify_messenger_signature(messenger_app_secret, body, "garbage"));
    }
  }
}
