#pragma once
// The ward's geography as its ward file describes it: areas (tổ dân phố, thôn, làng)
// with their aliases and landmarks, spelling variants of landmarks, and streets.
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tipline::triage {

// A ward or rules file that cannot be used; what() names the line and the field.
class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Area {
  std::string id;    // "tdp-3"
  std::string name;  // "Tổ dân phố 3"
  std::vector<std::string> aliases;
  std::vector<std::string> landmarks;
};

struct Street {
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> area_ids;  // one id: resolves to that area; several: ambiguous
};

struct Ward {
  std::string name;
  std::vector<std::string> aliases;
  std::vector<Area> areas;
  std::map<std::string, std::vector<std::string>> landmark_aliases;  // landmark -> variants
  std::vector<Street> streets;
};

// Parses ward JSON text (no file access: the caller reads the file). Throws
// DataFileError naming the line and field of the first problem.
Ward parse_ward(std::string_view json_text);

}  // namespace tipline::triage
