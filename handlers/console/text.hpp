#pragma once
// Names of statuses, priorities, categories and outcomes in the officer's language
// (the words themselves are in workflow_names.cpp).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "handlers/console/console.hpp"
#include "handlers/console/views.hpp"
#include "handlers/tips/workflow_names.hpp"

namespace tipline::handlers {

std::string status_name(const Signed& who, const std::string& status);
std::string priority_name(const Signed& who, const std::string& priority);
std::string category_name(const Signed& who, const std::string& category);
std::string outcome_name(const Signed& who, const std::string& outcome);
std::string age_text(const Signed& who, std::int64_t seconds);

// "Mua bán, Sử dụng": a tip's categories named, in the table's words.
std::string category_list(const Signed& who, const std::vector<std::string>& categories);

// A select's options over a workflow table, the ids named in the officer's language.
std::vector<Option> workflow_options(std::span<const WorkflowName> table, const Signed& who,
                                     const std::optional<std::string>& selected);

}  // namespace tipline::handlers
