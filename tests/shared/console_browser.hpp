#pragma once
// Driving the officers' console at /admin as a browser would, over whatever carries
// the requests (a TLS connection, or the router in process): the session cookie kept
// between requests (and replaced or dropped as the server says), urlencoded forms,
// and the CSRF token read off the pages.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shared/http_result.hpp"

namespace tipline::testing {

using FormList = std::vector<std::pair<std::string, std::string>>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded: everything but unreserved characters is
// percent-encoded, spaces included (as %20).
std::string url_encode(std::string_view value);
std::string form_body(const FormList& fields);

// One Set-Cookie header, split into its name, value and attributes.
struct SetCookie {
  std::string name;
  std::string value;
  std::vector<std::pair<std::string, std::string>> attributes;  // names as sent; flags have an empty value

  bool has(std::string_view attribute) const;  // case-insensitive
  std::optional<std::string> attribute(std::string_view name) const;
  // Max-Age=0 (or negative): the browser deletes the cookie.
  bool deletes() const;
};
std::optional<SetCookie> parse_set_cookie(std::string_view header);

// "303 /admin/login", "200", ...: one string, so a failure shows both at once.
std::string outcome(const HttpResult& r);
// The text of a console page's error paragraph, "" when none.
std::string error_message(const std::string& html);

// Note: HttpResult keeps one value per header name, so a response with several
// Set-Cookie headers shows only the last. The console sends at most one.
class ConsoleBrowser {
 public:
  static constexpr const char* cookie_name = "__Host-tipline_session";

  // Sends one request: method, target (path and query), body, content type, headers.
  using Send = std::function<HttpResult(const std::string& method, const std::string& target,
                                        const std::string& body, const std::string& content_type,
                                        const HeaderList& headers)>;
  explicit ConsoleBrowser(Send send) : send_(std::move(send)) {}

  // GET /admin/login for its form token, then POST the credentials. Returns the POST's answer.
  HttpResult login(const std::string& username, const std::string& password);
  // The same with a form token of the caller's choosing ("" leaves it out).
  HttpResult login_with_token(const std::string& username, const std::string& password, const std::string& token);
  // GET /admin/login/code for its CSRF token, then POST the code.
  HttpResult code(const std::string& totp_code);

  HttpResult get(const std::string& target);
  // POSTs the fields exactly as given (no CSRF token is added).
  HttpResult post(const std::string& target, const FormList& fields);
  // POSTs the fields with the session's CSRF token (read from `csrf_page` first when none is known yet).
  HttpResult post_csrf(const std::string& target, FormList fields, const std::string& csrf_page = "/admin/totp");

  // The CSRF token of the session as last seen on a page ("" when none yet).
  const std::string& csrf() const { return csrf_; }
  // GETs `page` and returns the CSRF token it carries.
  std::string fresh_csrf(const std::string& page = "/admin/totp");
  static std::string csrf_of(const std::string& html);

  // The session cookie's value as the browser holds it ("" when none).
  const std::string& cookie() const { return cookie_; }
  // Plays a cookie of the caller's choosing (an old one, a stolen one, junk); "" sends none.
  void set_cookie(std::string value);
  // The Set-Cookie header of the last response, parsed, if it had one.
  const std::optional<SetCookie>& last_set_cookie() const { return last_set_cookie_; }

 private:
  HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_type);

  Send send_;
  std::string cookie_;
  std::string csrf_;
  std::optional<SetCookie> last_set_cookie_;
};

}  // namespace tipline::testing
