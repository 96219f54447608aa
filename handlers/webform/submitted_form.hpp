#pragma once
// A POSTed form, whichever encoding the browser chose, reduced to its text fields
// and at most one photo. The photo's file name and declared type are dropped here:
// the name may carry a person's name and the type is read from the bytes.
#include <map>
#include <optional>
#include <string>

#include "handlers/http/http_types.hpp"
#include "handlers/webform/web_intake.hpp"

namespace tipline::handlers {

struct SubmittedForm {
  std::map<std::string, std::string> fields;
  std::optional<Photo> photo;

  std::string field(const std::string& name) const {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  }
};

struct FormReadResult {
  std::optional<SubmittedForm> form;
  int status = 400;     // when !form: 400 malformed, 413 photo too large, 415 unsupported
  std::string message;  // when !form: a short Vietnamese message for the page
};

FormReadResult read_submitted_form(const Request& request, std::size_t max_photo_bytes);

}  // namespace tipline::handlers
