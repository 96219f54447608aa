#pragma once
// Names of statuses, priorities, categories and outcomes in the officer's language.
#include <cstdint>
#include <string>
#include <vector>

#include "handlers/console.hpp"

namespace tipline::handlers {

std::string status_name(const Signed& who, const std::string& status);
std::string priority_name(const Signed& who, const std::string& priority);
std::string category_name(const Signed& who, const std::string& category);
std::string outcome_name(const Signed& who, const std::string& outcome);
std::vector<std::string> category_ids();
std::vector<std::string> outcome_ids();
std::string age_text(const Signed& who, std::int64_t seconds);

}  // namespace tipline::handlers
