#pragma once
// Driving the web form as a browser would: fetch the page for its token, post it.
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "support/https_client.hpp"

namespace tipline::testing {

struct Submitted {
  HttpResult result;
  std::string reference;
  std::string code;  // as displayed, "dddd dddd dddd dddd dddd"
};

inline std::string form_token(TlsClient& client, const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  auto page = client.request("GET", "/", "", "", headers);
  return hidden_field(page.body, "form_token");
}

inline Submitted submit_tip(TlsClient& client, std::vector<std::pair<std::string, std::string>> fields,
                            const std::string& photo = "",
                            const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  fields.emplace_back("form_token", form_token(client, headers));
  auto form = multipart_form(fields, photo);
  Submitted s;
  s.result = client.request("POST", "/tips", form.body, form.content_type, headers);
  std::smatch m;
  if (std::regex_search(s.result.body, m, std::regex("(TL-\\d{4}-\\d{4,})"))) s.reference = m[1];
  if (std::regex_search(s.result.body, m, std::regex("class=\"code\">([0-9 ]{24})<"))) s.code = m[1];
  return s;
}

inline HttpResult lookup_receipt(TlsClient& client, const std::string& code,
                                 const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  return client.request("POST", "/status", "code=" + std::regex_replace(code, std::regex(" "), "+"),
                        "application/x-www-form-urlencoded", headers);
}

}  // namespace tipline::testing
