#pragma once
// Driving the officers' console at /admin as a browser would: one TLS connection,
// the session cookie kept between requests (and replaced or dropped as the server
// says), urlencoded forms, and the CSRF token read off the pages. Plus helpers that
// reach past the console for what a test needs to arrange: accounts made directly
// in the store, and raw SQL on the database file to move timestamps.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "support/https_client.hpp"

namespace tipline::storage {
class Store;
}

namespace tipline::testing {

using FormList = std::vector<std::pair<std::string, std::string>>;

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

// Note: HttpResult keeps one value per header name, so a response with several
// Set-Cookie headers shows only the last. The console sends at most one.
class ConsoleClient final {
 public:
  static constexpr const char* cookie_name = "__Host-tipline_session";

  explicit ConsoleClient(std::uint16_t port, const std::string& bind_address = "127.0.0.1");

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

  TlsClient& raw() { return client_; }

 private:
  HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_type);

  TlsClient client_;
  std::string cookie_;
  std::string csrf_;
  std::optional<SetCookie> last_set_cookie_;
};

// Creates an account directly in the store, with a fast password hash. `totp_secret`
// is the raw secret (totp::new_secret()), enrolled with last step 0. Returns its id.
std::int64_t create_officer(storage::Store& store, const std::string& username, domain::Role role,
                            const std::string& password, bool must_change = false,
                            const std::optional<std::string>& totp_secret = std::nullopt);

// Runs SQL without parameters on the database file through a connection of its own
// (the server's WAL database allows it while it runs). Returns the rows changed by
// the last statement.
int exec_sql(const std::filesystem::path& database_file, const std::string& sql);
// The first column of the first row of a query as an integer, nullopt when no row.
std::optional<std::int64_t> query_int(const std::filesystem::path& database_file, const std::string& sql);

std::int64_t unix_now();

}  // namespace tipline::testing
