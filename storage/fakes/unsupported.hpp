#pragma once
// What a fake answers to a call it does not model: an error naming the call, so a test
// that reaches it learns the fake needs extending instead of reading made-up data.
#include <stdexcept>
#include <string>
#include <string_view>

namespace tipline::storage::fakes {

[[noreturn]] inline void unsupported(std::string_view call) {
  throw std::logic_error("storage fake: " + std::string(call) + " is not supported");
}

}  // namespace tipline::storage::fakes
