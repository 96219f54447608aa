#pragma once
// Wall-clock time as the database stores it and the platforms send it: whole seconds
// since 1970-01-01 UTC. Handlers take theirs from the request (unix_seconds), so one
// request sees one time; this is for the gateway's own loops and commands.
#include <chrono>
#include <cstdint>

namespace tipline {

inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace tipline
