#pragma once
// The words officers see for the tip workflow's ids (categories, statuses,
// priorities, outcomes, channels), in Vietnamese and English. One table for the
// console, the report page, its CSV and `tipline report`.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tipline::handlers {

struct WorkflowName {
  const char* id;
  const char* vi;
  const char* en;
};

// In the order the console lists them.
std::span<const WorkflowName> category_names();
std::span<const WorkflowName> status_names();
std::span<const WorkflowName> priority_names();
std::span<const WorkflowName> outcome_names();
std::span<const WorkflowName> channel_names();

// The name of `id` in the table, or `id` itself when the table does not know it.
std::string name_of(std::span<const WorkflowName> table, std::string_view id, bool english);
std::vector<std::string> ids_of(std::span<const WorkflowName> table);
bool known_id(std::span<const WorkflowName> table, std::string_view id);

}  // namespace tipline::handlers
