#pragma once
// `tipline triage ...`: labelling tips from the command line, and training, evaluating
// and retraining the learned model.
//
//   tipline triage [FILES]                      JSON Lines {"id","text"} on stdin, one
//                                               result per line on stdout, in order, with
//                                               groups assigned online as the server does
//   tipline triage train [--corpus DIR] [--out FILE] [--seed N] [--epochs N] [FILES]
//   tipline triage evaluate [--corpus DIR] [--dev FILE] [--folds K] [FILES]
//   tipline triage retrain --config FILE [--corpus DIR] [--out FILE] [--folds K]
//
// FILES: --config FILE (its ward, rules and model), or --ward/--rules/--model FILE, or
// --rules-only; by default the files shipped in webhook-config/, from any directory.
#include <iosfwd>

namespace tipline::commands {

// argv holds the arguments after the word "triage". Returns 0, or 2 on bad arguments, an unreadable or malformed
// ward, rules, model or corpus file (named, with its line), or a malformed input line.
int run_triage(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace tipline::commands
