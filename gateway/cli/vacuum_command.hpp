#pragma once
// `tipline vacuum --config FILE [--data DIR]`: rebuilds the database file without its
// free pages and empties its WAL, so rows deleted in the past (purged reply handles,
// filed deliveries) leave nothing behind. Safe while the server runs; it waits for it.
#include <iosfwd>

namespace tipline::commands {

// argv holds the arguments after the word "vacuum". 0 done; 2 bad arguments or config;
// 1 the database refused.
int run_vacuum(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace tipline::commands
