#pragma once
// Officer passwords: scrypt hashes in a self-describing string, a minimum policy
// with messages in Vietnamese and English, and one-time passwords for the first
// login and for resets.
//
// Encoded form: scrypt$ln=15$r=8$p=1$<salt base64url>$<hash base64url>
// (N = 2^ln; salt 16 random bytes; hash 32 bytes; base64url unpadded).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tipline::password {

// Parameters of new hashes. N=2^15, r=8 takes 32 MiB and roughly 50-100 ms.
constexpr std::uint32_t default_ln = 15;
constexpr std::uint32_t default_r = 8;
constexpr std::uint32_t default_p = 1;

// Limits on parameters read back from storage, so a tampered row cannot make a
// login take minutes or gigabytes. Combinations are further limited to what
// crypto::scrypt's 64 MiB memory ceiling allows (about 128 * r * 2^ln bytes).
constexpr std::uint32_t min_ln = 10, max_ln = 20;
constexpr std::uint32_t min_r = 1, max_r = 16;
constexpr std::uint32_t min_p = 1, max_p = 4;

constexpr std::size_t salt_size = 16;
constexpr std::size_t hash_size = 32;
constexpr std::size_t min_length = 12;       // code points
constexpr std::size_t max_length_bytes = 256;

// Hashes with a fresh salt and the default parameters.
std::string hash(std::string_view password);

// Hashes with explicit parameters (tests use ln=10 to stay fast). Throws
// std::invalid_argument for parameters verify() would refuse.
std::string hash_with(std::string_view password, std::uint32_t ln, std::uint32_t r, std::uint32_t p);

// True when `encoded` is well formed, its parameters within the limits above, and
// `password` hashes to it. Never throws: false for any malformed input.
bool verify(std::string_view password, std::string_view encoded);

// True when a hash should be replaced after the next successful login: any
// parameter below the current default, or a string verify() refuses outright
// (malformed, or parameters outside the limits).
bool needs_rehash(std::string_view encoded);

struct PolicyResult {
  bool ok;
  std::string problem_vi;  // empty when ok
  std::string problem_en;
};

// Minimum rules for a password an officer chooses: valid UTF-8, at least 12
// characters (code points), at most 256 bytes, not one repeated character, not
// containing the username (ASCII case-insensitive, usernames of 3+ bytes), and not
// one of a built-in list of the most common long passwords. Reports the first
// rule broken.
PolicyResult check_policy(std::string_view password, std::string_view username);

// 16 random characters from a 32-symbol alphabet without look-alikes (lower case,
// so no I or O; and no 0, 1, l or o), as xxxx-xxxx-xxxx-xxxx: 80 bits. The hyphens
// are part of the password: hash and compare the string exactly as returned.
std::string new_one_time_password();

}  // namespace tipline::password
