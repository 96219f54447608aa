#pragma once
// `tipline audit verify --config FILE [--data DIR]`: checks the audit log's hash
// chain with the configured audit key. The verdict goes to stdout either way:
// "audit log intact: N rows" (exit 0) or "audit log broken at row ID: PROBLEM"
// (exit 1). Bad arguments or an unusable config exit 2.
#include <iosfwd>

namespace tipline::commands {

// argv holds the arguments after the word "audit".
int run_audit(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace tipline::commands
