#include <catch2/catch.hpp>

#include <limits>

#include "common/totp.hpp"

using namespace tipline;

namespace {
const std::string rfc_secret = "12345678901234567890";  // RFC 6238 Appendix B, SHA-1
constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();
}  // namespace

TEST_CASE("RFC 6238 Appendix B SHA-1 vectors", "[totp]") {
  struct Vector {
    std::int64_t time;
    const char* code8;
    const char* code6;
  };
  const Vector vectors[] = {
      {59, "94287082", "287082"},          {1111111109, "07081804", "081804"},
      {1111111111, "14050471", "050471"},  {1234567890, "89005924", "005924"},
      {2000000000, "69279037", "279037"},  {20000000000, "65353130", "353130"},
  };
  for (const auto& v : vectors) {
    INFO("t=" << v.time);
    REQUIRE(totp::code_at_digits(rfc_secret, v.time, 8) == v.code8);
    REQUIRE(totp::code_at(rfc_secret, v.time) == v.code6);
  }
}

TEST_CASE("RFC 4226 Appendix D HOTP vectors through 30-second steps", "[totp]") {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int i = 0; i < 10; ++i) {
    REQUIRE(totp::code_at(rfc_secret, 30 * i) == expected[i]);
    REQUIRE(totp::code_at(rfc_secret, 30 * i + 29) == expected[i]);  // same step to its end
  }
}

TEST_CASE("steps and argument checks", "[totp]") {
  REQUIRE(totp::step_at(0) == 0);
  REQUIRE(totp::step_at(29) == 0);
  REQUIRE(totp::step_at(30) == 1);
  REQUIRE(totp::step_at(-1) == -1);
  REQUIRE(totp::step_at(-30) == -1);
  REQUIRE(totp::step_at(-31) == -2);
  REQUIRE_THROWS_AS(totp::code_at("", 59), std::invalid_argument);
  REQUIRE_THROWS_AS(totp::code_at_digits(rfc_secret, 59, 5), std::invalid_argument);
  REQUIRE_THROWS_AS(totp::code_at_digits(rfc_secret, 59, 9), std::invalid_argument);
  REQUIRE(totp::code_at_digits(rfc_secret, 59, 7) == "4287082");
}

TEST_CASE("verify accepts the window and nothing beyond", "[totp]") {
  const std::int64_t now = 1111111109;  // middle of step 37037036
  const std::int64_t step = totp::step_at(now);
  auto code_for = [&](std::int64_t s) { return totp::code_at(rfc_secret, s * 30); };

  auto current = totp::verify(rfc_secret, "081804", now, never);
  REQUIRE(current.ok);
  REQUIRE(current.step == step);

  auto previous = totp::verify(rfc_secret, code_for(step - 1), now, never);
  REQUIRE(previous.ok);
  REQUIRE(previous.step == step - 1);

  auto next = totp::verify(rfc_secret, code_for(step + 1), now, never);
  REQUIRE(next.ok);
  REQUIRE(next.step == step + 1);

  REQUIRE_FALSE(totp::verify(rfc_secret, code_for(step - 2), now, never).ok);
  REQUIRE_FALSE(totp::verify(rfc_secret, code_for(step + 2), now, never).ok);

  SECTION("a wider window reaches further; zero means the current step only") {
    REQUIRE(totp::verify(rfc_secret, code_for(step - 2), now, never, 2).ok);
    REQUIRE_FALSE(totp::verify(rfc_secret, code_for(step - 1), now, never, 0).ok);
    REQUIRE(totp::verify(rfc_secret, "081804", now, never, 0).ok);
    REQUIRE(totp::verify(rfc_secret, "081804", now, never, -5).ok);  // clamped to 0
  }
  SECTION("the wrong secret fails") {
    REQUIRE_FALSE(totp::verify("another secret of 20b", "081804", now, never).ok);
    REQUIRE_FALSE(totp::verify("", "081804", now, never).ok);
  }
  SECTION("a failure leaves the step unchanged") {
    auto bad = totp::verify(rfc_secret, code_for(step + 2), now, 12345);
    REQUIRE_FALSE(bad.ok);
    REQUIRE(bad.step == 12345);
  }
}

TEST_CASE("verify refuses replays", "[totp]") {
  const std::int64_t now = 1111111109;
  auto first = totp::verify(rfc_secret, "081804", now, never);
  REQUIRE(first.ok);
  // Same code again, even a few seconds later in the same step.
  REQUIRE_FALSE(totp::verify(rfc_secret, "081804", now, first.step).ok);
  REQUIRE_FALSE(totp::verify(rfc_secret, "081804", now + 10, first.step).ok);
  // An older step's code is refused once a newer one has been used.
  auto later = totp::verify(rfc_secret, totp::code_at(rfc_secret, now + 30), now, first.step);
  REQUIRE(later.ok);
  REQUIRE_FALSE(totp::verify(rfc_secret, totp::code_at(rfc_secret, now), now + 30, later.step).ok);
  // The next step's own code is still fine.
  REQUIRE(totp::verify(rfc_secret, totp::code_at(rfc_secret, now + 60), now + 60, later.step).ok);
}

TEST_CASE("verify code format", "[totp]") {
  const std::int64_t now = 1111111109;
  REQUIRE(totp::verify(rfc_secret, "081 804", now, never).ok);
  for (const char* bad : {"12345", "1234567", "abcdef", "", "12 34 56 7", "08 1804", "0818 04", " 081804",
                          "081804 ", "081  804", "08180４", "+81804", "-81804", "081\t804", "081-804"}) {
    INFO("code=\"" << bad << "\"");
    REQUIRE_FALSE(totp::verify(rfc_secret, bad, now, never).ok);
  }
  REQUIRE_FALSE(totp::verify(rfc_secret, std::string_view("081\0804", 7), now, never).ok);
}

TEST_CASE("base32 secrets", "[totp]") {
  REQUIRE(totp::secret_to_base32(rfc_secret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  REQUIRE(totp::display_secret(rfc_secret) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  REQUIRE(totp::secret_from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == rfc_secret);
  REQUIRE(totp::secret_from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == rfc_secret);
  REQUIRE(totp::secret_from_base32("GeZd GNbv gy3tqojqGEZDGNBVGY3TQOJQ  ") == rfc_secret);
  REQUIRE(totp::secret_to_base32("f") == "MY");
  REQUIRE(totp::secret_from_base32("MY======") == std::string("f"));
  REQUIRE(totp::secret_from_base32("my") == std::string("f"));
  REQUIRE(totp::secret_from_base32("MZXW6YQ=") == std::string("foob"));

  SECTION("round trip of random secrets and every length") {
    for (int i = 0; i < 20; ++i) {
      std::string secret = totp::new_secret();
      REQUIRE(secret.size() == totp::secret_size);
      REQUIRE(totp::secret_to_base32(secret).size() == 32);
      REQUIRE(totp::secret_from_base32(totp::secret_to_base32(secret)) == secret);
      REQUIRE(totp::secret_from_base32(totp::display_secret(secret)) == secret);
      std::string prefix = secret.substr(0, static_cast<std::size_t>(i % 11) + 1);
      REQUIRE(totp::secret_from_base32(totp::secret_to_base32(prefix)) == prefix);
    }
    REQUIRE(totp::new_secret() != totp::new_secret());
  }
  SECTION("garbage is refused") {
    for (const char* bad : {"", "   ", "====", "GEZD1GNB", "GEZD0GNB", "GEZD-GNBV", "M", "MZX", "MZXW6Y",
                            "MY==MY", "MZ", "GEZDGNBVGY3TQOJQ\n", "GEZDGNBVGY3TQOJQ\xc3\xa9"}) {
      INFO("text=\"" << bad << "\"");
      REQUIRE_FALSE(totp::secret_from_base32(bad));
    }
  }
}

TEST_CASE("otpauth URI", "[totp]") {
  REQUIRE(totp::otpauth_uri("Tipline", "an.nguyen", rfc_secret) ==
          "otpauth://totp/Tipline:an.nguyen?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Tipline"
          "&algorithm=SHA1&digits=6&period=30");
  REQUIRE(totp::otpauth_uri("Công an Q.1", "Nguyễn Văn An", rfc_secret) ==
          "otpauth://totp/C%C3%B4ng%20an%20Q.1:Nguy%E1%BB%85n%20V%C4%83n%20An"
          "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=C%C3%B4ng%20an%20Q.1&algorithm=SHA1&digits=6&period=30");
  // Characters that would change the URI's structure are encoded too.
  REQUIRE(totp::otpauth_uri("A&B", "x:y?z=1#/+", rfc_secret) ==
          "otpauth://totp/A%26B:x%3Ay%3Fz%3D1%23%2F%2B?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=A%26B"
          "&algorithm=SHA1&digits=6&period=30");
  REQUIRE(totp::otpauth_uri("", "an", "f") == "otpauth://totp/an?secret=MY&algorithm=SHA1&digits=6&period=30");
}
