#pragma once
// What RFC 9112 makes a server refuse in a request's head, checked on its raw bytes
// before the parser reads it: a body length another parser in front of us (the reverse
// proxy the README allows) could read differently, or a Host that is missing or repeated.
#include <optional>
#include <string>
#include <string_view>

namespace tipline::gateway {

// `head` runs from the request line to the blank line that ends the header section
// (leading empty lines allowed). Returns why it must be refused with 400 and the
// connection closed, or nullopt:
// - a line folded onto the previous one (obs-fold);
// - Transfer-Encoding other than exactly one field whose value is "chunked" (any case);
// - Transfer-Encoding together with Content-Length;
// - in HTTP/1.1, no Host field or more than one; in HTTP/1.0, more than one.
std::optional<std::string> framing_problem(std::string_view head);

}  // namespace tipline::gateway
