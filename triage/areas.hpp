#pragma once
// Finds where the reported activity happens, from the ward's aliases, landmarks and streets.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "triage/lexicon.hpp"
#include "triage/ward.hpp"

namespace tipline::triage {

struct PlaceMention {
  enum class Kind { area_alias, landmark, street } kind;
  std::size_t index;       // into areas, landmarks or streets
  std::size_t begin, end;  // token range
};

struct Landmark {
  std::string name;  // canonical, as in the ward file
  std::size_t area;  // index into Ward::areas
  bool school = false;
  bool street = false;  // the landmark is a whole street
};

struct Location {
  std::optional<std::size_t> area;  // index into Ward::areas
  std::vector<PlaceMention> mentions;
};

class AreaLocator final {
 public:
  explicit AreaLocator(const Ward& ward);

  // `activity` holds token positions of drug activity: when the text names places in several
  // areas, the place nearest the activity wins (GUIDELINES §4 "two places").
  Location locate(const std::vector<Word>& plain, const std::vector<std::size_t>& activity) const;

  const std::vector<Landmark>& landmarks() const { return landmarks_; }
  std::vector<Landmark>& landmarks() { return landmarks_; }

 private:
  const Ward* ward_;
  std::vector<Landmark> landmarks_;
  PhraseIndex index_;  // payload: kind * 1'000'000 + index
};

}  // namespace tipline::triage
