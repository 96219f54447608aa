#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "common/password.hpp"

using namespace tipline;

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto pos = s.find('$', start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) return parts;
    start = pos + 1;
  }
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "$" : "") + parts[i];
  return out;
}

// Flips the low bit of the first byte of a base64url field, keeping it valid base64url.
std::string tamper_field(const std::string& field) {
  auto bytes = encoding::from_base64url(field);
  REQUIRE(bytes);
  (*bytes)[0] = static_cast<char>((*bytes)[0] ^ 1);
  return encoding::to_base64url(*bytes);
}

}  // namespace

TEST_CASE("default hash: format, round trip, wrong password", "[password]") {
  // The only two full-cost hashes in the suite (~100 ms each).
  std::string a = password::hash("mật khẩu rất dài 2024");
  std::string b = password::hash("mật khẩu rất dài 2024");
  auto parts = split(a);
  REQUIRE(parts.size() == 6);
  REQUIRE(parts[0] == "scrypt");
  REQUIRE(parts[1] == "ln=15");
  REQUIRE(parts[2] == "r=8");
  REQUIRE(parts[3] == "p=1");
  REQUIRE(encoding::from_base64url(parts[4])->size() == 16);
  REQUIRE(encoding::from_base64url(parts[5])->size() == 32);
  REQUIRE(a != b);  // fresh salt each time
  REQUIRE(password::verify("mật khẩu rất dài 2024", a));
  REQUIRE(password::verify("mật khẩu rất dài 2024", b));
  REQUIRE_FALSE(password::verify("mật khẩu rất dài 2025", a));
  REQUIRE_FALSE(password::needs_rehash(a));
}

TEST_CASE("cheap hashes: wrong passwords and tampering", "[password]") {
  const std::string pw = "correct horse battery staple";
  const std::string encoded = password::hash_with(pw, 10, 8, 1);
  REQUIRE(encoded.rfind("scrypt$ln=10$r=8$p=1$", 0) == 0);
  REQUIRE(password::verify(pw, encoded));
  REQUIRE_FALSE(password::verify("", encoded));
  REQUIRE_FALSE(password::verify("Correct horse battery staple", encoded));
  REQUIRE_FALSE(password::verify(pw + " ", encoded));
  REQUIRE_FALSE(password::verify(pw, encoded + " "));

  auto parts = split(encoded);
  auto with = [&](std::size_t i, std::string value) {
    auto copy = parts;
    copy[i] = std::move(value);
    return join(copy);
  };
  REQUIRE(password::verify(pw, join(parts)));
  REQUIRE_FALSE(password::verify(pw, with(5, tamper_field(parts[5]))));  // hash
  REQUIRE_FALSE(password::verify(pw, with(4, tamper_field(parts[4]))));  // salt
  REQUIRE_FALSE(password::verify(pw, with(1, "ln=11")));                 // params
  REQUIRE_FALSE(password::verify(pw, with(2, "r=4")));
  REQUIRE_FALSE(password::verify(pw, with(3, "p=2")));
  REQUIRE_FALSE(password::verify(pw, with(0, "bcrypt")));
  REQUIRE_FALSE(password::verify(pw, with(5, parts[5].substr(1))));  // hash too short
  REQUIRE_FALSE(password::verify(pw, with(4, parts[4] + "AAAA")));   // salt too long
  REQUIRE_FALSE(password::verify(pw, with(5, parts[5] + "=")));      // not base64url
}

TEST_CASE("malformed encodings are refused quickly and without throwing", "[password]") {
  const std::string salt = encoding::to_base64url(std::string(16, 's'));
  const std::string hash = encoding::to_base64url(std::string(32, 'h'));
  const std::string tail = "$" + salt + "$" + hash;
  const std::vector<std::string> bad = {
      "",
      "scrypt",
      "scrypt$",
      "scrypt$ln=10$r=8$p=1",
      "scrypt$ln=10$r=8$p=1$" + salt,
      "scrypt$ln=10$r=8$p=1$" + salt + "$",
      "scrypt$ln=10$r=8$p=1" + tail + "$extra",
      "scrypt$ln=10$r=8" + tail,
      "scrypt$r=8$ln=10$p=1" + tail,
      "scrypt$ln=$r=8$p=1" + tail,
      "scrypt$ln=ten$r=8$p=1" + tail,
      "scrypt$ln=+10$r=8$p=1" + tail,
      "scrypt$ln=-1$r=8$p=1" + tail,
      "scrypt$ln=010$r=8$p=1" + tail,
      "scrypt$ln=10 $r=8$p=1" + tail,
      "scrypt$LN=10$r=8$p=1" + tail,
      "scrypt$ln=9$r=8$p=1" + tail,      // below the floor
      "scrypt$ln=21$r=8$p=1" + tail,     // above the cap
      "scrypt$ln=63$r=8$p=1" + tail,     // would overflow the shift
      "scrypt$ln=4294967306$r=8$p=1" + tail,
      "scrypt$ln=99999999999999999999$r=8$p=1" + tail,
      "scrypt$ln=20$r=16$p=4" + tail,    // within each cap, but 2 GiB: refused before scrypt runs
      "scrypt$ln=16$r=8$p=1" + tail,     // 64 MiB + a little: over crypto::scrypt's ceiling
      "scrypt$ln=10$r=0$p=1" + tail,
      "scrypt$ln=10$r=17$p=1" + tail,
      "scrypt$ln=10$r=8$p=0" + tail,
      "scrypt$ln=10$r=8$p=5" + tail,
      std::string("scrypt$ln=10$r=8$p=1\0", 21) + tail,
      std::string(100000, '$'),
  };
  auto start = std::chrono::steady_clock::now();
  for (const auto& encoded : bad) {
    INFO("encoded=\"" << encoded.substr(0, 80) << "\"");
    bool result = true;
    REQUIRE_NOTHROW(result = password::verify("anything", encoded));
    REQUIRE_FALSE(result);
    REQUIRE(password::needs_rehash(encoded));
  }
  // Every one of them is refused while parsing, before any scrypt work.
  REQUIRE(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500));

  // Well formed, right parameters, wrong bytes: parsed, computed, refused.
  REQUIRE_FALSE(password::verify("anything", "scrypt$ln=10$r=8$p=1" + tail));
}

TEST_CASE("hash_with refuses what verify would refuse", "[password]") {
  REQUIRE_THROWS_AS(password::hash_with("x", 9, 8, 1), std::invalid_argument);
  REQUIRE_THROWS_AS(password::hash_with("x", 21, 8, 1), std::invalid_argument);
  REQUIRE_THROWS_AS(password::hash_with("x", 16, 8, 1), std::invalid_argument);
  REQUIRE_THROWS_AS(password::hash_with("x", 10, 0, 1), std::invalid_argument);
  REQUIRE_THROWS_AS(password::hash_with("x", 10, 8, 5), std::invalid_argument);
  // Upper edges that fit in the memory ceiling still work.
  std::string strong = password::hash_with("x", 12, 16, 4);
  REQUIRE(password::verify("x", strong));
  REQUIRE(password::needs_rehash(strong));  // ln=12 is still below the default
}

TEST_CASE("needs_rehash", "[password]") {
  const std::string salt = encoding::to_base64url(std::string(16, 's'));
  const std::string hash = encoding::to_base64url(std::string(32, 'h'));
  auto make = [&](const char* params) { return std::string("scrypt$") + params + "$" + salt + "$" + hash; };
  REQUIRE_FALSE(password::needs_rehash(make("ln=15$r=8$p=1")));
  REQUIRE_FALSE(password::needs_rehash(make("ln=15$r=8$p=2")));
  REQUIRE_FALSE(password::needs_rehash(make("ln=15$r=15$p=1")));  // stronger
  REQUIRE(password::needs_rehash(make("ln=17$r=8$p=1")));  // stronger, but more memory than verify allows
  REQUIRE(password::needs_rehash(make("ln=14$r=8$p=1")));
  REQUIRE(password::needs_rehash(make("ln=10$r=8$p=1")));
  REQUIRE(password::needs_rehash(make("ln=15$r=4$p=1")));
  REQUIRE(password::needs_rehash(make("ln=16$r=4$p=1")));  // same work, less memory
  REQUIRE(password::needs_rehash("garbage"));
}

TEST_CASE("password policy", "[password]") {
  auto ok = [](std::string_view pw, std::string_view user = "an.nguyen") {
    return password::check_policy(pw, user).ok;
  };
  REQUIRE(ok("đi chợ mua rau muống"));
  REQUIRE(ok("Tr0ub4dor&3xyz"));
  REQUIRE(ok("ưưưưưưưưưưưa"));  // not all the same
  REQUIRE(ok(std::string(256, 'a').replace(0, 1, "b")));  // exactly 256 bytes

  SECTION("length in code points, not bytes") {
    REQUIRE_FALSE(ok("short pw 11"));  // 11 characters
    REQUIRE(ok("short pw 12!"));       // 12
    REQUIRE_FALSE(ok("mật khẩu ng"));  // 11 characters in 15 bytes
    REQUIRE(ok("mật khẩu ngắ"));       // 12 characters
  }
  SECTION("too long in bytes") {
    auto r = password::check_policy(std::string(257, 'x').replace(0, 1, "y"), "an");
    REQUIRE_FALSE(r.ok);
    REQUIRE(r.problem_en.find("256") != std::string::npos);
  }
  SECTION("invalid UTF-8") { REQUIRE_FALSE(ok("mật khẩu dài \xc3 nhưng hỏng")); }
  SECTION("one repeated character") {
    REQUIRE_FALSE(ok("aaaaaaaaaaaa"));
    REQUIRE_FALSE(ok("111111111111"));
    REQUIRE_FALSE(ok("ưưưưưưưưưưưư"));
  }
  SECTION("contains the username, ignoring ASCII case") {
    REQUIRE_FALSE(ok("my name is An.Nguyen!", "an.nguyen"));
    REQUIRE_FALSE(ok("ANHTUAN-secret-2024", "anhtuan"));
    REQUIRE(ok("my name is An Nguyen!", "an.nguyen"));
    REQUIRE(ok("an toàn là bạn", "an"));  // usernames under 3 bytes are not checked
  }
  SECTION("common passwords, any ASCII case") {
    for (const char* common : {"123456789012", "password1234", "Password1234", "matkhau12345", "MatKhau12345",
                               "qwertyuiop12", "1qaz2wsx3edc", "anhyeuem1234"}) {
      INFO(common);
      REQUIRE_FALSE(ok(common));
    }
  }
  SECTION("messages in both languages") {
    auto r = password::check_policy("ngắn", "an");
    REQUIRE_FALSE(r.ok);
    REQUIRE(r.problem_vi == "Mật khẩu phải có ít nhất 12 ký tự.");
    REQUIRE(r.problem_en == "The password must be at least 12 characters long.");
    auto good = password::check_policy("đi chợ mua rau muống", "an");
    REQUIRE(good.problem_vi.empty());
    REQUIRE(good.problem_en.empty());
    for (auto [pw, user] : {std::pair{"aaaaaaaaaaaa", "x"}, {"xx-officer7-xx", "officer7"}, {"password1234", "x"},
                            {"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "x"}}) {
      auto res = password::check_policy(pw, user);
      REQUIRE_FALSE(res.ok);
      REQUIRE_FALSE(res.problem_vi.empty());
      REQUIRE_FALSE(res.problem_en.empty());
      REQUIRE(res.problem_vi != res.problem_en);
    }
  }
}

TEST_CASE("one-time passwords", "[password]") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string otp = password::new_one_time_password();
    REQUIRE(otp.size() == 19);
    for (std::size_t j = 0; j < otp.size(); ++j) {
      if (j % 5 == 4) {
        REQUIRE(otp[j] == '-');
      } else {
        INFO(otp);
        REQUIRE(std::string_view("abcdefghijkmnpqrstuvwxyz23456789").find(otp[j]) != std::string_view::npos);
      }
    }
    REQUIRE(password::check_policy(otp, "admin").ok);
    seen.insert(otp);
  }
  REQUIRE(seen.size() == 200);
  // No look-alikes anywhere in a large sample.
  std::string all;
  for (int i = 0; i < 500; ++i) all += password::new_one_time_password();
  REQUIRE(all.find_first_of("0O1lIo") == std::string::npos);
}
