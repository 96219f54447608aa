#pragma once
// `tipline triage --ward FILE [--rules FILE]`: JSON Lines {"id","text"} on stdin, one triage
// result per line on stdout, in the same order, with groups assigned online as the server does.
#include <iosfwd>

namespace tipline::commands {

// argv holds the arguments after the word "triage". Returns 0, or 2 on bad arguments, an
// unreadable or malformed ward/rules file, or a malformed input line (named by number on err).
int run_triage(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace tipline::commands
