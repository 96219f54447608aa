#include "gateway/cli/officer_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ostream>
#include <stdexcept>

#include "common/clock.hpp"
#include "common/domain.hpp"
#include "common/utf8.hpp"
#include "gateway/cli/args.hpp"
#include "gateway/cli/store_access.hpp"
#include "handlers/accounts/accounts.hpp"

namespace tipline::commands {

namespace {

constexpr const char* usage =
    "usage:\n"
    "  tipline officer add USERNAME --name \"Display Name\" --role admin|leader|officer|viewer --config FILE "
    "[--data DIR]\n"
    "  tipline officer disable USERNAME --config FILE [--data DIR]\n"
    "  tipline officer enable USERNAME --config FILE [--data DIR]\n"
    "  tipline officer reset-password USERNAME [--clear-totp] --config FILE [--data DIR]\n"
    "  tipline officer list --config FILE [--data DIR]\n"
    "  tipline officer ensure-admin --config FILE [--data DIR]\n";

// What went wrong for a reason the operator must fix first; exit status 1.
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

storage::AuditEvent cli_event(std::string action, std::string detail, std::int64_t now) {
  storage::AuditEvent event;
  event.at = now;
  event.actor = "cli";
  event.action = std::move(action);
  event.detail = std::move(detail);
  return event;
}

std::string who(const storage::Officer& officer) {
  return "officer " + officer.username + " (id " + std::to_string(officer.id) + ")";
}

storage::Officer existing(storage::OfficerStore& store, const std::string& username) {
  auto officer = username.size() <= 64 ? store.find_officer(username) : std::nullopt;
  if (!officer) throw Refused("no officer named " + cli::printable(username));
  return *officer;
}

std::size_t enabled_admins(storage::OfficerStore& store) {
  auto officers = store.list_officers();
  return static_cast<std::size_t>(std::count_if(officers.begin(), officers.end(), [](const storage::Officer& o) {
    return o.role == domain::Role::admin && !o.disabled;
  }));
}

void print_one_time_password(std::ostream& out, const std::string& username, const std::string& one_time) {
  out << "one-time password for " << username << ": " << one_time << " (must be changed at first sign-in)\n";
}

// The shared account creation, with the command line's audit actor and refusal.
std::string create_account(storage::OfficerStore& store, const std::string& username, const std::string& display_name,
                           domain::Role role) {
  const auto now = unix_now();
  const std::string detail = "officer " + username + " role " + std::string(domain::stored_name(role));
  try {
    return handlers::create_with_one_time_password(store, username, display_name, role, now,
                                                   cli_event("officer_add", detail, now));
  } catch (const storage::DuplicateError&) {
    throw Refused("an officer named " + username + " already exists");
  }
}

int add(storage::OfficerStore& store, const cli::Args& args, std::ostream& out) {
  const auto& username = args.positional[1];
  // The role was checked while the arguments were.
  const auto one_time =
      create_account(store, username, *args.option("--name"), *domain::parse<domain::Role>(*args.option("--role")));
  out << "created " << username << " (" << *args.option("--role") << ")\n";
  print_one_time_password(out, username, one_time);
  return 0;
}

int set_disabled(storage::OfficerStore& store, const std::string& username, bool disable, std::ostream& out) {
  const auto officer = existing(store, username);
  const auto name = cli::printable(officer.username);
  if (officer.disabled == disable) {
    out << name << " is already " << (disable ? "disabled" : "enabled") << "\n";
    return 0;
  }
  const auto now = unix_now();
  try {
    store.set_disabled(officer.id, disable,
                       cli_event(disable ? "officer_disable" : "officer_enable", who(officer), now));
  } catch (const storage::LastAdminError&) {
    throw Refused(name + " is the last enabled admin; enable or add another admin first");
  }
  out << (disable ? "disabled " : "enabled ") << name << (disable ? " (signed out everywhere)" : "") << "\n";
  return 0;
}

int reset_password(storage::OfficerStore& store, const std::string& username, bool clear_totp, std::ostream& out) {
  const auto officer = existing(store, username);
  const auto name = cli::printable(officer.username);
  const auto now = unix_now();
  if (clear_totp) {
    if (officer.totp_secret) {
      // The last step stays, so a code seen before can never be replayed.
      store.set_totp(officer.id, std::nullopt, officer.totp_last_step,
                     cli_event("officer_clear_totp", who(officer), now));
      out << "removed the authenticator of " << name << "; it can be set up again after sign-in\n";
    } else {
      out << name << " has no authenticator to remove\n";
    }
  }
  // Ends every session of the account and lifts a lockout.
  const auto one_time =
      handlers::reset_to_one_time_password(store, officer.id, cli_event("officer_reset_password", who(officer), now));
  print_one_time_password(out, name, one_time);
  if (officer.disabled) out << "note: " << name << " is disabled; tipline officer enable " << name << " to allow sign-in\n";
  return 0;
}

// Display width in code points (what a terminal shows for precomposed Vietnamese).
std::size_t width(const std::string& text) { return utf8::is_valid(text) ? utf8::length(text) : text.size(); }

int list(storage::OfficerStore& store, std::ostream& out) {
  const auto now = unix_now();
  const std::vector<std::string> header{"id", "username", "display name", "role", "totp", "disabled", "locked"};
  std::vector<std::vector<std::string>> rows{header};
  for (const auto& o : store.list_officers()) {
    rows.push_back({std::to_string(o.id), cli::printable(o.username), cli::printable(o.display_name),
                    std::string(domain::stored_name(o.role)),
                    o.totp_secret ? "on" : "off", o.disabled ? "yes" : "no", o.locked_until > now ? "yes" : "no"});
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - width(row[i]) + 2, ' ');
    }
    out << line << "\n";
  }
  if (rows.size() == 1) out << "(no officers; tipline officer ensure-admin creates the first admin)\n";
  return 0;
}

int ensure_admin(storage::OfficerStore& store, std::ostream& out) {
  if (enabled_admins(store) > 0) {
    out << "an admin account already exists\n";
    return 0;
  }
  if (auto taken = store.find_officer("admin"))
    throw Refused("there is no enabled admin, and the user name admin is taken by a " +
                  std::string(taken->disabled ? "disabled " : "") + std::string(domain::stored_name(taken->role)) +
                  " account: use tipline officer enable admin, or officer add with another name and --role admin");
  const auto one_time = create_account(store, "admin", "Quản trị viên", domain::Role::admin);
  const std::string rule(64, '=');
  out << rule << "\n"
      << "  First sign-in to the officers' console (/admin):\n"
      << "    user name: admin\n"
      << "    one-time password: " << one_time << "\n"
      << "  It is shown only now and must be changed at first sign-in.\n"
      << rule << "\n";
  return 0;
}

}  // namespace

int run_officer(int argc, char** argv, std::ostream& out, std::ostream& err) {
  const std::string action = argc > 0 ? argv[0] : "";
  if (action == "--help" || action == "-h") {
    out << usage;
    return 0;
  }
  const bool adding = action == "add";
  const bool resetting = action == "reset-password";
  auto args = cli::parse(argc > 0 ? argc - 1 : 0, argv + (argc > 0 ? 1 : 0),
                         adding ? std::vector<std::string_view>{"--name", "--role"} : std::vector<std::string_view>{},
                         resetting ? std::vector<std::string_view>{"--clear-totp"} : std::vector<std::string_view>{});
  args.positional.insert(args.positional.begin(), action);

  const bool takes_username = adding || resetting || action == "disable" || action == "enable";
  std::string problem;
  if (!takes_username && action != "list" && action != "ensure-admin")
    problem = action.empty() ? "missing action" : "unknown action " + cli::printable(action);
  else if (!args.error.empty())
    problem = args.error;
  else if (takes_username && args.positional.size() != 2)
    problem = action + " needs exactly one USERNAME";
  else if (!takes_username && args.positional.size() != 1)
    problem = "unexpected argument " + cli::printable(args.positional[1]);
  if (problem.empty() && adding) {
    const auto& username = args.positional[1];
    auto name = args.option("--name");
    auto role = args.option("--role");
    if (!handlers::valid_username(username))
      problem = "user name " + cli::printable(username) + " must be 3 to 32 of a-z 0-9 . _ -";
    else if (!name)
      problem = "--name is required";
    else if (!role)
      problem = "--role is required";
    else if (!domain::parse<domain::Role>(*role))
      problem = "--role must be admin, leader, officer or viewer, not " + cli::printable(*role);
    else if (!handlers::valid_display_name(*name))
      problem = "--name must be 1 to 80 characters of valid UTF-8, without control characters";
  }
  if (!problem.empty()) {
    err << "tipline officer: " << problem << "\n" << usage;
    return 2;
  }

  try {
    auto opened = cli::open_store(args);
    auto& store = *opened.store;
    if (adding) return add(store, args, out);
    if (action == "disable" || action == "enable") return set_disabled(store, args.positional[1], action == "disable", out);
    if (resetting) return reset_password(store, args.positional[1], args.flag("--clear-totp"), out);
    if (action == "list") return list(store, out);
    return ensure_admin(store, out);
  } catch (const Refused& e) {
    err << "tipline officer " << action << ": " << e.what() << "\n";
    return 1;
  } catch (const config::ConfigError& e) {
    err << "tipline officer " << action << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "tipline officer " << action << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tipline::commands
