#pragma once
// Text encodings of binary values: hex for keys on disk, unpadded base64url for
// tokens, and base32 (Crockford-free, RFC 4648 lower case) for short pseudonyms.
#include <optional>
#include <string>
#include <string_view>

namespace tipline::encoding {

std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view text);

std::string to_base64url(std::string_view bytes);
std::optional<std::string> from_base64url(std::string_view text);

std::string to_base32(std::string_view bytes);

// RFC 3986 percent-encoding: unreserved characters (A-Z a-z 0-9 - . _ ~) pass
// through, every other byte becomes %XX (upper-case hex), spaces included. Right for
// query strings, form bodies and otpauth URIs.
std::string percent_encode(std::string_view text);

}  // namespace tipline::encoding
