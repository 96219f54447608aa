// The one translation unit that compiles Boost.JSON, which reads platform bodies
// (json_access.hpp); every other file includes only its declarations.
#include <boost/json/src.hpp>
