#pragma once

namespace tipline::commands {

// tipline init --config FILE [--data DIR]: creates the data directory, every
// missing key file and, if missing, a development TLS certificate, then the
// database. Never replaces an existing file.
int run_init(int argc, char** argv);

}  // namespace tipline::commands
