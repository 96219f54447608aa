#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "common/encoding.hpp"

using namespace tipline;

TEST_CASE("AES-256-GCM round trip and refusal of anything altered", "[crypto]") {
  std::string key = crypto::random_bytes(32);
  std::string sealed = crypto::seal(key, "có hàng ở hẻm 12", "tip:7");
  REQUIRE(sealed.find("hẻm") == std::string::npos);
  REQUIRE(crypto::open(key, sealed, "tip:7") == std::optional<std::string>("có hàng ở hẻm 12"));

  SECTION("wrong aad") { REQUIRE_FALSE(crypto::open(key, sealed, "tip:8")); }
  SECTION("wrong key") { REQUIRE_FALSE(crypto::open(crypto::random_bytes(32), sealed, "tip:7")); }
  SECTION("one flipped byte anywhere") {
    for (std::size_t i = 0; i < sealed.size(); ++i) {
      std::string bad = sealed;
      bad[i] = static_cast<char>(bad[i] ^ 1);
      REQUIRE_FALSE(crypto::open(key, bad, "tip:7"));
    }
  }
  SECTION("truncated") { REQUIRE_FALSE(crypto::open(key, sealed.substr(0, 20), "tip:7")); }
  SECTION("fresh nonce each time") { REQUIRE(crypto::seal(key, "x", "a") != crypto::seal(key, "x", "a")); }
  SECTION("empty plaintext") { REQUIRE(crypto::open(key, crypto::seal(key, "", "a"), "a") == std::string()); }
}

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2", "[crypto]") {
  auto mac = crypto::hmac_sha256("Jefe", "what do ya want for nothing?");
  REQUIRE(encoding::to_hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("contexts kept per thread and key give the same answers as fresh ones", "[crypto]") {
  const std::string case1_key(20, '\x0b');
  const auto case1 = [&] { return encoding::to_hex(crypto::hmac_sha256(case1_key, "Hi There")); };
  const auto case2 = [] { return encoding::to_hex(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")); };
  const std::string want1 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
  const std::string want2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  REQUIRE(case1() == want1);
  REQUIRE(case2() == want2);
  REQUIRE(case1() == want1);  // the same key again: a fresh message, not a continued one
  // More keys than a thread keeps: the oldest contexts are dropped and remade.
  std::vector<std::string> keys;
  for (int i = 0; i < 12; ++i) keys.push_back(crypto::random_bytes(32));
  std::vector<std::string> sealed;
  for (const auto& key : keys) {
    crypto::hmac_sha256(key, "x");
    sealed.push_back(crypto::seal(key, "tin báo " + key.substr(0, 4), "aad"));
  }
  CHECK(case2() == want2);
  CHECK(case1() == want1);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK_FALSE(crypto::open(keys[(i + 1) % keys.size()], sealed[i], "aad"));  // another key's context
    CHECK_FALSE(crypto::open(keys[i], sealed[i], "other aad"));                 // a failed check, then
    CHECK(crypto::open(keys[i], sealed[i], "aad") == "tin báo " + keys[i].substr(0, 4));  // the same one opens
  }
  // Sealed on one thread, opened on another.
  std::string across;
  std::thread([&] { across = crypto::seal(keys[0], "qua luồng khác", ""); }).join();
  CHECK(crypto::open(keys[0], across, "") == std::string("qua luồng khác"));
}

TEST_CASE("HMAC-SHA256 under an empty key, however the key is given", "[crypto]") {
  const std::string want = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
  CHECK(encoding::to_hex(crypto::hmac_sha256(std::string_view(), "")) == want);
  CHECK(encoding::to_hex(crypto::hmac_sha256(std::string(), "")) == want);
}

TEST_CASE("scrypt matches RFC 7914 test vector", "[crypto]") {
  auto out = crypto::scrypt("password", "NaCl", {1024, 8, 16}, 64);
  REQUIRE(encoding::to_hex(out).substr(0, 32) == "fdbabe1c9d3472007856e7190d01e9fe");
}

TEST_CASE("constant_time_equal", "[crypto]") {
  REQUIRE(crypto::constant_time_equal("abc", "abc"));
  REQUIRE_FALSE(crypto::constant_time_equal("abc", "abd"));
  REQUIRE_FALSE(crypto::constant_time_equal("abc", "abcd"));
}

TEST_CASE("encodings round trip and reject garbage", "[encoding]") {
  std::string bytes = crypto::random_bytes(37);
  REQUIRE(encoding::from_hex(encoding::to_hex(bytes)) == bytes);
  REQUIRE(encoding::from_base64url(encoding::to_base64url(bytes)) == bytes);
  REQUIRE_FALSE(encoding::from_hex("abc"));
  REQUIRE_FALSE(encoding::from_hex("zz"));
  REQUIRE_FALSE(encoding::from_base64url("a+b/"));
  REQUIRE(encoding::to_base64url("\xfb\xff") == "-_8");
  REQUIRE(encoding::to_base32("f") == "my");
}
