#pragma once
// The officers' console in process: the Console over the store fakes, its routes in
// a Router, and browsers that reach it with Request values stamped by a clock the
// test moves. No socket, no database: what is stored is read back from the fakes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/metrics.hpp"
#include "common/log.hpp"
#include "handlers/console/console.hpp"
#include "handlers/http/router.hpp"
#include "handlers/tips/message_body.hpp"
#include "shared/console_browser.hpp"
#include "shared/officers.hpp"
#include "storage/fakes/fake_audit_log.hpp"
#include "storage/fakes/fake_officer_store.hpp"
#include "storage/fakes/fake_tip_store.hpp"
#include "storage/fakes/fake_workflow_store.hpp"
#include "triage/triage.hpp"
#include "webhook-config/config.hpp"

namespace tipline::testing {

// The password create_officer() is given unless a test says otherwise.
inline const std::string password = "song-Hong-chay-mai-2025";

struct ConsoleInProcess {
  // `configure` may change the config before the console is built from it.
  explicit ConsoleInProcess(const std::function<void(config::Config&)>& configure = {});
  ~ConsoleInProcess();
  ConsoleInProcess(const ConsoleInProcess&) = delete;
  ConsoleInProcess& operator=(const ConsoleInProcess&) = delete;

  // A browser with a cookie jar of its own, its requests coming from `source` (the
  // keyed peer address the rate limits count by).
  ConsoleBrowser browser(std::string source = "source-1");
  // A request as is, through the router.
  HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_type, const HeaderList& headers, const std::string& source);

  // A web tip's first message as the form stores it, with the spans triage found.
  static std::string web_answers(const std::string& what, const std::string& where = "",
                                 const std::string& when = "", std::vector<handlers::PiiSpan> pii = {});
  // A tip received now: high priority, dealing, area tdp-3, no way to reply unless
  // `change` gives it a receipt or a chat reporter.
  storage::CreatedTip tip(const std::string& first_message, const std::function<void(storage::NewTip&)>& change = {});
  std::int64_t officer(const std::string& username, domain::Role role, bool must_change = false,
                       const std::optional<std::string>& totp_secret = std::nullopt);
  // Signs in with the password alone, and checks it worked.
  ConsoleBrowser signed_in(const std::string& username, std::string source = "source-1");

  // How many log lines hold `text`.
  std::size_t logged(const std::string& text) const;

  std::int64_t now = unix_now();  // every request's arrival time; tests move it
  config::Config config;
  triage::Engine engine;
  Metrics metrics;
  storage::fakes::FakeAuditLog audit;
  storage::fakes::FakeOfficerStore officers{audit};
  storage::fakes::FakeTipStore tips;
  storage::fakes::FakeWorkflowStore workflow{tips, officers, audit};
  handlers::Console console;
  handlers::Router router;
  int replies_queued = 0;  // times the console woke the outbox
  std::vector<std::string> log_lines;

 private:
  log::Sink previous_sink_;
};

// A six-digit code that is none of the codes valid around `now`.
std::string wrong_code(const std::string& totp_secret, std::int64_t now);

}  // namespace tipline::testing
