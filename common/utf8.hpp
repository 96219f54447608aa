#pragma once
#include <string_view>

namespace tipline::utf8 {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing
// above U+10FFFF, no truncated sequences.
bool is_valid(std::string_view text);

// Number of code points in valid UTF-8 text (what a person counts as characters).
std::size_t length(std::string_view text);

}  // namespace tipline::utf8
