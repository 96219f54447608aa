#include <nlohmann/json.hpp>

#include "triage/triage.hpp"

namespace tipline::triage {

std::string to_json_line(std::string_view id, const Result& result, const std::optional<std::string>& group) {
  nlohmann::ordered_json j;
  j["id"] = std::string(id);
  j["drug_related"] = result.drug_related;
  j["categories"] = result.categories;
  j["priority"] = result.priority;
  j["area"] = result.area ? nlohmann::ordered_json(*result.area) : nlohmann::ordered_json(nullptr);
  auto pii = nlohmann::ordered_json::array();
  for (const auto& p : result.pii)
    pii.push_back({{"type", p.type}, {"text", p.text}, {"owner", p.owner}, {"start", p.start}, {"end", p.end}});
  j["pii"] = std::move(pii);
  j["group"] = group ? nlohmann::ordered_json(*group) : nlohmann::ordered_json(nullptr);
  // Replace rather than throw on invalid UTF-8: the line must always be written.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace tipline::triage
