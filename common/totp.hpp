#pragma once
// Time-based one-time passwords (RFC 6238) for the officers' second factor. The
// parameters are the ones every authenticator app assumes without asking:
// HMAC-SHA-1, 6 digits, 30-second steps counted from the Unix epoch. Anything else
// (SHA-256, 8 digits) is silently ignored by Google Authenticator and would lock
// people out, so none of it is configurable.
//
// Pure functions: the caller supplies the time and stores the last used step.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tipline::totp {

constexpr int digits = 6;
constexpr std::int64_t period_seconds = 30;
constexpr std::size_t secret_size = 20;  // 160 bits, the size RFC 4226 recommends
constexpr int max_window = 10;           // verify() clamps its window to this

// A fresh random shared secret of `secret_size` raw bytes.
std::string new_secret();

// RFC 4648 base32, upper case, without '=' padding: what authenticator apps expect in
// the otpauth URI and in their "enter a setup key" screens.
std::string secret_to_base32(std::string_view secret);

// The same, in groups of four separated by spaces, for a person to read and type.
std::string display_secret(std::string_view secret);

// Reverses either of the above. Tolerates lower case, spaces and trailing '='
// padding; nullopt for anything else, for an empty secret, and for input that no
// byte string encodes to (wrong length or non-zero trailing bits — usually a typo).
std::optional<std::string> secret_from_base32(std::string_view text);

// The step number that `unix_seconds` falls in (floor division, so negative times
// do not round towards zero).
std::int64_t step_at(std::int64_t unix_seconds);

// The 6-digit code, zero-padded, for the step containing `unix_seconds`. Throws
// std::invalid_argument for an empty secret.
std::string code_at(std::string_view secret, std::int64_t unix_seconds);

// The same with another number of digits (6 to 8, as RFC 4226 allows); exists so the
// tests can check the 8-digit vectors of RFC 6238 Appendix B.
std::string code_at_digits(std::string_view secret, std::int64_t unix_seconds, int digit_count);

struct Verification {
  bool ok;
  std::int64_t step;  // the step the code matched; last_used_step when !ok
};

// Checks `code` ("123456" or "123 456") against the steps within `window` of the
// step containing `now`. A step <= last_used_step is never accepted, so an observed
// code cannot be replayed: on success the caller must store the returned step as
// the new last_used_step (before ever enrolling, pass a negative value). The window
// is clamped to 0..max_window. Never throws; false for an empty secret.
Verification verify(std::string_view secret, std::string_view code, std::int64_t now,
                     std::int64_t last_used_step, int window = 1);

// otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
// for the enrolment QR code. Issuer and account are UTF-8 and are percent-encoded
// (everything but RFC 3986 unreserved characters, spaces as %20, which is what the
// apps decode). With an empty issuer the label is the account alone and the issuer
// parameter is left out.
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace tipline::totp
