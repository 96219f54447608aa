#pragma once
// A handler's response as the bytes of an HTTP/1.1 message, written in one piece.
#include <string>

#include "handlers/http/http_types.hpp"

namespace tipline::gateway {

// Status line, "Server: tipline", Content-Type, the handler's headers, Content-Length
// (none for 1xx, 204 and 304, which carry no body), "Connection: close" unless the
// connection stays open, then the body (left out for HEAD, the length still given).
// A CR or LF inside a header name or value becomes a space: no handler's text can
// start a header or a body of its own.
std::string response_bytes(const handlers::Response& response, bool keep_alive, bool head_only);

}  // namespace tipline::gateway
