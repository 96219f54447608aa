#include "triage/areas.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace tipline::triage {
namespace {
constexpr int kScale = 1'000'000;
}

AreaLocator::AreaLocator(const Ward& ward) : ward_(&ward) {
  for (std::size_t a = 0; a < ward.areas.size(); ++a) {
    const Area& area = ward.areas[a];
    for (const auto& alias : area.aliases) index_.add(alias, static_cast<int>(a));
    for (const auto& lm : area.landmarks) {
      int id = static_cast<int>(landmarks_.size());
      landmarks_.push_back(Landmark{lm, a, false, false});
      index_.add(lm, kScale + id);
      if (auto it = ward.landmark_aliases.find(lm); it != ward.landmark_aliases.end())
        for (const auto& v : it->second) index_.add(v, kScale + id);
    }
  }
  for (std::size_t s = 0; s < ward.streets.size(); ++s) {
    index_.add(ward.streets[s].name, 2 * kScale + static_cast<int>(s));
    for (const auto& alias : ward.streets[s].aliases) index_.add(alias, 2 * kScale + static_cast<int>(s));
  }
}

Location AreaLocator::locate(const std::vector<Word>& plain, const std::vector<std::size_t>& activity) const {
  Location loc;
  std::vector<std::pair<std::size_t, std::size_t>> strong, aliases;  // (area, token position)
  std::vector<const Street*> ambiguous;
  for (const auto& m : index_.find_longest(plain)) {
    auto kind = static_cast<PlaceMention::Kind>(m.payload / kScale);
    std::size_t idx = static_cast<std::size_t>(m.payload % kScale);
    loc.mentions.push_back(PlaceMention{kind, idx, plain[m.begin].token, plain[m.end - 1].token + 1});
    std::size_t pos = plain[m.begin].token;
    switch (kind) {
      case PlaceMention::Kind::area_alias: aliases.emplace_back(idx, pos); break;
      case PlaceMention::Kind::landmark: strong.emplace_back(landmarks_[idx].area, pos); break;
      case PlaceMention::Kind::street: {
        const Street& st = ward_->streets[idx];
        if (st.area_ids.size() == 1) {
          for (std::size_t a = 0; a < ward_->areas.size(); ++a)
            if (ward_->areas[a].id == st.area_ids[0]) strong.emplace_back(a, pos);
        } else {
          ambiguous.push_back(&st);
        }
        break;
      }
    }
  }
  auto distinct = [](const std::vector<std::pair<std::size_t, std::size_t>>& v) {
    std::set<std::size_t> s;
    for (const auto& [a, p] : v) s.insert(a);
    return s;
  };
  // Of several areas, the one named nearest the activity; a tie means the text covers both.
  auto nearest = [&](const std::vector<std::pair<std::size_t, std::size_t>>& v) -> std::optional<std::size_t> {
    if (activity.empty()) return std::nullopt;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    std::set<std::size_t> best;
    for (const auto& [a, p] : v)
      for (std::size_t act : activity) {
        std::size_t d = act > p ? act - p : p - act;
        if (d < best_d) {
          best_d = d;
          best = {a};
        } else if (d == best_d) {
          best.insert(a);
        }
      }
    if (best.size() == 1) return *best.begin();
    return std::nullopt;
  };

  auto s = distinct(strong);
  if (s.size() == 1) {
    loc.area = *s.begin();
    return loc;
  }
  if (s.size() > 1) {
    loc.area = nearest(strong);
    return loc;
  }
  auto a = distinct(aliases);
  if (a.size() == 1) {
    loc.area = *a.begin();
    return loc;
  }
  if (a.size() > 1 && !ambiguous.empty()) {
    // An ambiguous street with a named tổ/thôn among its areas resolves to that one.
    std::set<std::size_t> hit;
    for (std::size_t area : a)
      for (const Street* st : ambiguous)
        if (std::find(st->area_ids.begin(), st->area_ids.end(), ward_->areas[area].id) != st->area_ids.end())
          hit.insert(area);
    if (hit.size() == 1) loc.area = *hit.begin();
  }
  return loc;
}

}  // namespace tipline::triage
