#include "triage/ward.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace tipline::triage {
namespace {

using nlohmann::json;

// nlohmann::json keeps no positions, so the line of a field is found by searching
// the text for its key; good enough to point a person at the right place.
std::size_t line_of(std::string_view text, std::string_view key, std::size_t nth = 0) {
  std::string quoted = "\"" + std::string(key) + "\"";
  std::size_t pos = 0;
  for (std::size_t i = 0;; ++i) {
    pos = text.find(quoted, pos);
    if (pos == std::string_view::npos) return 1;
    if (i == nth) break;
    pos += quoted.size();
  }
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n')) + 1;
}

[[noreturn]] void fail(std::string_view text, std::string_view field, std::string_view problem,
                       std::size_t nth = 0) {
  throw DataFileError("ward file line " + std::to_string(line_of(text, field, nth)) + ", field \"" +
                      std::string(field) + "\": " + std::string(problem));
}

std::string required_string(std::string_view text, const json& obj, const char* key, std::size_t nth = 0) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(text, key, "is missing", nth);
  if (!it->is_string() || it->get_ref<const std::string&>().empty())
    fail(text, key, "must be a non-empty string", nth);
  return it->get<std::string>();
}

std::vector<std::string> string_list(std::string_view text, const json& obj, const char* key, std::size_t nth = 0) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (!it->is_array()) fail(text, key, "must be a list of strings", nth);
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) fail(text, key, "must be a list of strings", nth);
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Ward parse_ward(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::size_t byte = std::min<std::size_t>(e.byte, text.size());
    auto line = std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n') + 1;
    throw DataFileError("ward file line " + std::to_string(line) + ": not valid JSON");
  }
  if (!doc.is_object()) throw DataFileError("ward file line 1: must be a JSON object");

  Ward ward;
  ward.name = required_string(text, doc, "ward");
  ward.aliases = string_list(text, doc, "ward_aliases");

  auto areas = doc.find("areas");
  if (areas == doc.end() || !areas->is_array() || areas->empty())
    fail(text, "areas", "must be a non-empty list of areas");
  std::set<std::string> ids;
  std::size_t index = 0;
  for (const auto& a : *areas) {
    if (!a.is_object()) fail(text, "areas", "each area must be an object");
    Area area;
    area.id = required_string(text, a, "id", index);
    area.name = required_string(text, a, "name", index);
    area.aliases = string_list(text, a, "aliases", index);
    area.landmarks = string_list(text, a, "landmarks", index);
    if (!ids.insert(area.id).second) fail(text, "id", "duplicate area id " + area.id, index);
    ward.areas.push_back(std::move(area));
    ++index;
  }

  if (auto la = doc.find("landmark_aliases"); la != doc.end()) {
    if (!la->is_object()) fail(text, "landmark_aliases", "must map a landmark to its variants");
    for (const auto& [landmark, variants] : la->items()) {
      if (!variants.is_array()) fail(text, landmark, "must be a list of strings");
      auto& out = ward.landmark_aliases[landmark];
      for (const auto& v : variants) {
        if (!v.is_string()) fail(text, landmark, "must be a list of strings");
        out.push_back(v.get<std::string>());
      }
    }
  }

  if (auto streets = doc.find("streets"); streets != doc.end()) {
    if (!streets->is_array()) fail(text, "streets", "must be a list of streets");
    std::size_t street_index = 0;
    for (const auto& s : *streets) {
      if (!s.is_object()) fail(text, "streets", "each street must be an object");
      Street street;
      // Area entries also have "name", so the nth street name follows them.
      street.name = required_string(text, s, "name", ward.areas.size() + street_index);
      street.aliases = string_list(text, s, "aliases", ward.areas.size() + street_index);
      auto area_ids = s.find("areas");
      if (area_ids == s.end() || !area_ids->is_array() || area_ids->empty())
        fail(text, "areas", "each street needs a non-empty list of area ids", 1 + street_index);
      for (const auto& id : *area_ids) {
        if (!id.is_string() || !ids.count(id.get<std::string>()))
          fail(text, "areas", "street " + street.name + " names an unknown area", 1 + street_index);
        street.area_ids.push_back(id.get<std::string>());
      }
      ward.streets.push_back(std::move(street));
      ++street_index;
    }
  }
  return ward;
}

}  // namespace tipline::triage
