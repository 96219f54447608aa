#include "support/console_client.hpp"

#include <cctype>
#include <chrono>
#include <stdexcept>

#include "common/encoding.hpp"
#include "common/password.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/store.hpp"

namespace tipline::testing {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string url_encode(std::string_view value) { return encoding::percent_encode(value); }

std::string form_body(const FormList& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += url_encode(name) + "=" + url_encode(value);
  }
  return body;
}

// ---- Set-Cookie ----------------------------------------------------------------------

bool SetCookie::has(std::string_view name) const { return attribute(name).has_value(); }

std::optional<std::string> SetCookie::attribute(std::string_view name) const {
  const auto wanted = lower(name);
  for (const auto& [n, v] : attributes)
    if (lower(n) == wanted) return v;
  return std::nullopt;
}

bool SetCookie::deletes() const {
  auto max_age = attribute("Max-Age");
  if (!max_age || max_age->empty()) return false;
  try {
    return std::stoll(*max_age) <= 0;
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<SetCookie> parse_set_cookie(std::string_view header) {
  if (header.empty()) return std::nullopt;
  SetCookie cookie;
  bool first = true;
  std::size_t at = 0;
  while (at <= header.size()) {
    auto end = header.find(';', at);
    if (end == std::string_view::npos) end = header.size();
    auto part = trim(header.substr(at, end - at));
    auto eq = part.find('=');
    if (first) {
      if (eq == std::string_view::npos) return std::nullopt;
      cookie.name = std::string(trim(part.substr(0, eq)));
      cookie.value = std::string(trim(part.substr(eq + 1)));
      first = false;
    } else if (!part.empty()) {
      if (eq == std::string_view::npos)
        cookie.attributes.emplace_back(std::string(part), "");
      else
        cookie.attributes.emplace_back(std::string(trim(part.substr(0, eq))), std::string(trim(part.substr(eq + 1))));
    }
    at = end + 1;
  }
  return cookie;
}

// ---- the client ----------------------------------------------------------------------

ConsoleClient::ConsoleClient(std::uint16_t port, const std::string& bind_address) : client_(port, bind_address) {}

std::string ConsoleClient::csrf_of(const std::string& html) { return hidden_field(html, "csrf"); }

void ConsoleClient::set_cookie(std::string value) {
  if (value != cookie_) csrf_.clear();
  cookie_ = std::move(value);
}

HttpResult ConsoleClient::send(const std::string& method, const std::string& target, const std::string& body,
                               const std::string& content_type) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!cookie_.empty()) headers.emplace_back("Cookie", std::string(cookie_name) + "=" + cookie_);
  auto result = client_.request(method, target, body, content_type, headers);
  last_set_cookie_ = parse_set_cookie(result.header("set-cookie"));
  if (last_set_cookie_ && last_set_cookie_->name == cookie_name) {
    if (last_set_cookie_->deletes())
      set_cookie("");
    else
      set_cookie(last_set_cookie_->value);
  }
  if (auto token = csrf_of(result.body); !token.empty()) csrf_ = token;
  return result;
}

HttpResult ConsoleClient::get(const std::string& target) { return send("GET", target, "", ""); }

HttpResult ConsoleClient::post(const std::string& target, const FormList& fields) {
  return send("POST", target, form_body(fields), "application/x-www-form-urlencoded");
}

std::string ConsoleClient::fresh_csrf(const std::string& page) {
  auto result = get(page);
  return csrf_of(result.body);
}

HttpResult ConsoleClient::post_csrf(const std::string& target, FormList fields, const std::string& csrf_page) {
  if (csrf_.empty()) fresh_csrf(csrf_page);
  fields.emplace_back("csrf", csrf_);
  return post(target, fields);
}

HttpResult ConsoleClient::login_with_token(const std::string& username, const std::string& password,
                                           const std::string& token) {
  FormList fields;
  if (!token.empty()) fields.emplace_back("form_token", token);
  fields.emplace_back("username", username);
  fields.emplace_back("password", password);
  return post("/admin/login", fields);
}

HttpResult ConsoleClient::login(const std::string& username, const std::string& password) {
  auto form = get("/admin/login");
  auto token = hidden_field(form.body, "form_token");
  if (token.empty()) throw std::runtime_error("no form_token on /admin/login (status " + std::to_string(form.status) + ")");
  return login_with_token(username, password, token);
}

HttpResult ConsoleClient::code(const std::string& totp_code) {
  auto page = get("/admin/login/code");
  auto token = csrf_of(page.body);
  return post("/admin/login/code", {{"csrf", token}, {"code", totp_code}});
}

// ---- arranging -----------------------------------------------------------------------

std::int64_t create_officer(storage::Store& store, const std::string& username, domain::Role role,
                            const std::string& password, bool must_change, const std::optional<std::string>& totp_secret) {
  const auto now = unix_now();
  storage::NewOfficer officer;
  officer.username = username;
  officer.display_name = "Cán bộ " + username;
  officer.role = role;
  officer.password_hash = password::hash_with(password, 10, 8, 1);
  officer.must_change_password = must_change;
  officer.created_at = now;
  storage::AuditEvent event;
  event.at = now;
  event.actor = "test";
  event.action = "account_created";
  event.detail = "role=" + std::string(domain::stored_name(role));
  const auto id = store.create_officer(officer, event);
  if (totp_secret) {
    storage::AuditEvent totp_event = event;
    totp_event.action = "totp_set";
    totp_event.detail = "";
    store.set_totp(id, totp_secret, 0, totp_event);
  }
  return id;
}

int exec_sql(const std::filesystem::path& database_file, const std::string& sql) {
  storage::Connection db(database_file.string(), storage::Connection::Mode::read_write_create);
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec(sql.c_str());
  return db.changes();
}

std::optional<std::int64_t> query_int(const std::filesystem::path& database_file, const std::string& sql) {
  storage::Connection db(database_file.string(), storage::Connection::Mode::read_write_create);
  db.exec("PRAGMA busy_timeout = 10000");
  auto statement = db.prepare(sql);
  if (!statement.step()) return std::nullopt;
  return statement.column_int(0);
}

}  // namespace tipline::testing
