#pragma once
// `tipline officer ...`: officers' accounts from the command line, for the first
// admin and for the admin locked out of the console.
//
//   tipline officer add USERNAME --name "Display Name" --role admin|leader|officer|viewer
//   tipline officer disable USERNAME | enable USERNAME
//   tipline officer reset-password USERNAME [--clear-totp]
//   tipline officer list
//   tipline officer ensure-admin
//
// each with --config FILE [--data DIR]. Every change is audited with actor "cli".
// One-time passwords go to stdout, once; they are never stored or logged in clear.
#include <iosfwd>

namespace tipline::commands {

// argv holds the arguments after the word "officer". Returns 0; 1 when the change
// cannot be made (duplicate or unknown user, last enabled admin, database error); 2
// on bad arguments or an unusable config.
int run_officer(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace tipline::commands
