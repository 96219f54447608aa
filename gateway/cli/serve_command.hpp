#pragma once

namespace tipline::commands {

// tipline serve --config FILE [--listen HOST:PORT] [--data DIR]
int run_serve(int argc, char** argv);

}  // namespace tipline::commands
