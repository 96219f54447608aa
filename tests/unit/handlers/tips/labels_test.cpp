// Triage keeps its own words; labels_of is the one place they become the vocabulary's.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "handlers/tips/labels.hpp"

using tipline::handlers::labels_of;
namespace domain = tipline::domain;

namespace {

tipline::triage::Result triaged() {
  tipline::triage::Result result;
  result.drug_related = true;
  result.categories = {"dealing", "youth"};
  result.priority = "urgent";
  result.area = "tdp-3";
  return result;
}

}  // namespace

TEST_CASE("labels_of turns triage's words into the vocabulary's enums", "[tips][labels]") {
  const auto labels = labels_of(triaged(), std::nullopt);
  CHECK(labels.drug_related);
  CHECK(labels.categories == std::vector{domain::Category::dealing, domain::Category::youth});
  CHECK(labels.priority == domain::Priority::urgent);
  CHECK(labels.area == std::optional<std::string>("tdp-3"));
  CHECK_FALSE(labels.group);
  // The reporter's own choice of area wins over the text's.
  CHECK(labels_of(triaged(), std::string("tdp-7")).area == std::optional<std::string>("tdp-7"));
}

TEST_CASE("labels_of refuses a triage word the vocabulary does not know", "[tips][labels]") {
  auto result = triaged();
  result.categories.push_back("vape");
  CHECK_THROWS_AS(labels_of(result, std::nullopt), std::logic_error);
  result = triaged();
  result.priority = "Urgent";
  CHECK_THROWS_AS(labels_of(result, std::nullopt), std::logic_error);
}
