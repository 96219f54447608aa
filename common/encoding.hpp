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

}  // namespace tipline::encoding
