#pragma once
// The resident's side of the web: the tip form, the receipt, and the status page
// where the holder of a receipt code reads officers' questions and adds more.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "handlers/http/form_token.hpp"
#include "handlers/http/http_types.hpp"
#include "handlers/webform/web_intake.hpp"
#include "common/metrics.hpp"
#include "handlers/http/rate_limiter.hpp"
#include "handlers/webform/submitted_form.hpp"
#include "storage/tip_store.hpp"
#include "webhook-config/config.hpp"

namespace tipline::handlers {

struct AreaOption {
  std::string id;
  std::string name;
};

struct TipFormInput {
  std::string what, where, when, area;
};

// Checks the reporter's answers; returns the tip to store or a message to show
// above the form. Pure, so every rule has its own unit test.
std::variant<WebTip, std::string> validate_tip_form(const SubmittedForm& form, const std::vector<AreaOption>& areas,
                                                    std::size_t max_text_chars, std::int64_t now);

// Vietnamese name of a tip status for the reporter.
std::string status_text(domain::Status status);

class WebForm final {
 public:
  WebForm(Intake& intake, storage::TipStore& store, const config::FormConfig& config, std::string form_token_key,
          std::vector<AreaOption> areas, Metrics& metrics);

  Response show_form(const Request& request);
  Response submit_tip(const Request& request);
  Response show_status_lookup(const Request& request);
  Response lookup_status(const Request& request);
  Response add_information(const Request& request);

 private:
  Response form_page(int status, const TipFormInput& input, const std::string& error, std::int64_t now);
  Response lookup_page(int status, const std::string& error);
  Response status_page(std::int64_t tip_id, const std::string& digits, const std::string& notice, std::int64_t now);
  // Finds the tip for a typed code, counting the attempt against the throttles.
  // Returns the tip id, or the response to send instead.
  std::variant<std::int64_t, Response> find_tip(const Request& request, const std::string& typed_code,
                                                std::string& digits, std::int64_t now);
  std::optional<Response> refuse_token(const SubmittedForm& form, std::int64_t now);

  Intake& intake_;
  storage::TipStore& store_;
  const config::FormConfig& config_;
  FormTokens tokens_;
  RateLimiter submissions_;
  RateLimiter lookups_;
  RateLimiter failed_lookups_;  // one key for all sources
  std::vector<AreaOption> areas_;
  Metrics& metrics_;
};

}  // namespace tipline::handlers
