#include "support/console_in_process.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "common/totp.hpp"

namespace tipline::testing {

namespace {

config::Config test_config(const std::function<void(config::Config&)>& configure) {
  config::Config config;
  config.keys.form_token_key = std::string(32, 'f');
  if (configure) configure(config);
  return config;
}

std::string shipped_file(const std::string& name) {
  std::ifstream in(std::string(TIPLINE_SOURCE_DIR) + "/webhook-config/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The shipped ward, rules and model, as the example config serves them.
triage::Engine shipped_engine() {
  return triage::Engine(triage::parse_ward(shipped_file("ward.json")), triage::parse_rules(shipped_file("triage-rules.json")),
                        triage::LinearModel::parse(shipped_file("triage-model.bin")));
}

std::string lower(std::string text) {
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

}  // namespace

ConsoleInProcess::ConsoleInProcess(const std::function<void(config::Config&)>& configure)
    : config(test_config(configure)),
      engine(shipped_engine()),
      console(config, {.officers = officers, .audit = audit, .tips = tips, .workflow = workflow}, engine, metrics) {
  console.add_routes(router);
  console.on_reply_queued([this] { ++replies_queued; });
  previous_sink_ = log::set_sink([this](std::string_view line) { log_lines.emplace_back(line); });
}

ConsoleInProcess::~ConsoleInProcess() { log::set_sink(previous_sink_); }

HttpResult ConsoleInProcess::send(const std::string& method, const std::string& target, const std::string& body,
                                  const std::string& content_type, const HeaderList& headers,
                                  const std::string& source) {
  handlers::Request request;
  request.method = method;
  const auto question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = target.substr(question + 1);
  for (const auto& [name, value] : headers) request.headers.emplace_back(lower(name), value);
  if (!content_type.empty()) request.headers.emplace_back("content-type", content_type);
  request.body = body;
  request.source_key = source;
  request.received_at = std::chrono::system_clock::time_point(std::chrono::seconds(now));
  const auto response = router.route(request);
  HttpResult result;
  result.status = response.status;
  result.body = response.body;
  result.headers["content-type"] = response.content_type;
  for (const auto& [name, value] : response.headers) result.headers[lower(name)] = value;
  return result;
}

ConsoleBrowser ConsoleInProcess::browser(std::string source) {
  return ConsoleBrowser([this, source = std::move(source)](const std::string& method, const std::string& target,
                                                           const std::string& body, const std::string& content_type,
                                                           const HeaderList& headers) {
    return send(method, target, body, content_type, headers, source);
  });
}

ConsoleBrowser ConsoleInProcess::signed_in(const std::string& username, std::string source) {
  auto client = browser(std::move(source));
  const auto r = client.login(username, password);
  if (outcome(r) != "303 /admin" || client.cookie().empty())
    throw std::runtime_error("signing in as " + username + " gave " + outcome(r));
  return client;
}

std::string ConsoleInProcess::web_answers(const std::string& what, const std::string& where, const std::string& when,
                                          std::vector<handlers::PiiSpan> pii) {
  handlers::MessageBody body;
  body.answers = handlers::WebAnswers{what, where, when};
  body.pii = std::move(pii);
  return handlers::encode_message_body(body);
}

storage::CreatedTip ConsoleInProcess::tip(const std::string& first_message,
                                          const std::function<void(storage::NewTip&)>& change) {
  storage::NewTip tip;
  tip.channel = domain::Channel::web;
  tip.received_at = now;
  tip.reference_month = "2511";
  tip.labels.categories = {domain::Category::dealing};
  tip.labels.priority = domain::Priority::high;
  tip.labels.area = "tdp-3";
  tip.first_message.body = first_message;
  tip.first_message.created_at = now;
  if (change) change(tip);
  return tips.create_tip(tip);
}

std::int64_t ConsoleInProcess::officer(const std::string& username, domain::Role role, bool must_change,
                                       const std::optional<std::string>& totp_secret) {
  return create_officer(officers, username, role, password, must_change, totp_secret);
}

std::string wrong_code(const std::string& totp_secret, std::int64_t now) {
  for (const char* candidate : {"000000", "111111", "222222", "333333", "444444", "555555"}) {
    bool valid = false;
    for (std::int64_t t = now - 60; t <= now + 90; t += 30) valid = valid || totp::code_at(totp_secret, t) == candidate;
    if (!valid) return candidate;
  }
  throw std::logic_error("no wrong code found");
}

std::size_t ConsoleInProcess::logged(const std::string& text) const {
  std::size_t n = 0;
  for (const auto& line : log_lines) n += line.find(text) != std::string::npos ? 1 : 0;
  return n;
}

}  // namespace tipline::testing
