// The operator's subcommands as a person runs them: `tipline officer ...`,
// `tipline audit verify` and `tipline report`, each a child process on a fresh data
// directory, judged by stdout, stderr and exit status.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/password.hpp"
#include "gateway/cli/store_access.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/sqlite_store.hpp"
#include "support/run_tipline.hpp"
#include "support/test_server.hpp"
#include "webhook-config/config_loader.hpp"

using namespace tipline;
using namespace tipline::testing;
namespace domain = tipline::domain;

namespace {

// A data directory with its database created by `tipline init`.
struct InitializedDir : TestDataDir {
  InitializedDir() {
    auto init = tipline_cmd(*this, {"init"});
    if (init.status != 0) throw std::runtime_error("tipline init failed: " + init.err);
  }
};

std::string one_time_password_in(const std::string& text) {
  std::smatch m;
  static const std::regex pattern("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}");
  return std::regex_search(text, m, pattern) ? m[0].str() : std::string();
}

// Opens the database the way the server does, for a look at what the CLI wrote.
struct Inspect {
  explicit Inspect(const TestDataDir& data)
      : config(config::load_config(data.config_file)),
        store(config.database_file.string(), commands::keyring_of(config), commands::store_options_of(config)) {}
  config::Config config;
  storage::SqliteStore store;
};

void tamper(const TestDataDir& data, const char* sql) {
  storage::Connection db(data.database_file().string(), storage::Connection::Mode::read_write_create);
  db.exec(sql);
}

}  // namespace

TEST_CASE("officer add prints a one-time password once and creates an account that must change it", "[cli]") {
  InitializedDir data;
  auto added = tipline_cmd(data, {"officer", "add", "nguyen.van-a_1", "--name", "Nguyễn Văn A", "--role", "officer"});
  INFO(added.err);
  REQUIRE(added.status == 0);
  const auto one_time = one_time_password_in(added.out);
  REQUIRE_FALSE(one_time.empty());
  REQUIRE_THAT(added.out, Catch::Contains("one-time password for nguyen.van-a_1: " + one_time +
                                          " (must be changed at first sign-in)"));
  {
    Inspect db(data);
    auto officer = db.store.find_officer("nguyen.van-a_1");
    REQUIRE(officer);
    REQUIRE(officer->display_name == "Nguyễn Văn A");
    REQUIRE(officer->role == domain::Role::officer);
    REQUIRE(officer->must_change_password);
    REQUIRE_FALSE(officer->disabled);
    REQUIRE(password::verify(one_time, officer->password_hash));
    // Audited as the CLI's doing, without the password.
    storage::AuditFilter filter;
    filter.action = "officer_add";
    auto entries = db.store.audit_entries(filter);
    REQUIRE(entries.size() == 1);
    REQUIRE(entries[0].event.actor == "cli");
    REQUIRE_THAT(entries[0].event.detail, !Catch::Contains(one_time));
  }

  SECTION("a taken user name exits 1 and changes nothing") {
    auto again = tipline_cmd(data, {"officer", "add", "nguyen.van-a_1", "--name", "Other", "--role", "viewer"});
    REQUIRE(again.status == 1);
    REQUIRE_THAT(again.err, Catch::Contains("already exists"));
    REQUIRE(one_time_password_in(again.out).empty());
    Inspect db(data);
    REQUIRE(db.store.find_officer("nguyen.van-a_1")->display_name == "Nguyễn Văn A");
  }
  SECTION("bad arguments exit 2 with the usage") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"officer", "add", "someone", "--name", "Some One", "--role", "chief"},
             {"officer", "add", "someone", "--name", "Some One"},
             {"officer", "add", "someone", "--role", "viewer"},
             {"officer", "add", "Upper", "--name", "Some One", "--role", "viewer"},
             {"officer", "add", "ab", "--name", "Some One", "--role", "viewer"},
             {"officer", "add", std::string(33, 'a'), "--name", "Some One", "--role", "viewer"},
             {"officer", "add", "bad/name", "--name", "Some One", "--role", "viewer"},
             {"officer", "add", "someone", "--name", "   ", "--role", "viewer"},
             {"officer", "add", "someone", "--name", "A\x1b[2J", "--role", "viewer"},
             {"officer", "add", "--name", "Some One", "--role", "viewer"},
             {"officer", "add", "someone", "other", "--name", "Some One", "--role", "viewer"},
             {"officer", "frobnicate"},
             {"officer", "list", "extra"},
             {"officer", "disable"}}) {
      auto run = tipline_cmd(data, args);
      INFO(args[1] << " " << (args.size() > 2 ? args[2] : ""));
      REQUIRE(run.status == 2);
      REQUIRE_THAT(run.err, Catch::Contains("usage:"));
      REQUIRE(one_time_password_in(run.out).empty());
    }
    auto no_config = run_tipline(data, {"officer", "list"});
    REQUIRE(no_config.status == 2);
    REQUIRE_THAT(no_config.err, Catch::Contains("--config"));
    Inspect db(data);
    REQUIRE(db.store.list_officers().size() == 1);
  }
  SECTION("list shows the account and never a hash") {
    auto listed = tipline_cmd(data, {"officer", "list"});
    REQUIRE(listed.status == 0);
    REQUIRE_THAT(listed.out, Catch::Contains("username") && Catch::Contains("display name") &&
                                 Catch::Contains("totp") && Catch::Contains("locked"));
    REQUIRE_THAT(listed.out, Catch::Contains("nguyen.van-a_1") && Catch::Contains("Nguyễn Văn A") &&
                                 Catch::Contains("officer"));
    REQUIRE_THAT(listed.out, !Catch::Contains("scrypt") && !Catch::Contains(one_time));
  }
}

TEST_CASE("init and serve refuse arguments they do not take, with their usage and status 2", "[cli][hostile]") {
  TestDataDir data;
  const std::string config = data.config_file.string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"init"}, "--config FILE is required"},
      {{"init", "--config", config, "--listen", "127.0.0.1:0"}, "unexpected argument --listen"},
      {{"init", "--config", config, "extra"}, "unexpected argument extra"},
      {{"serve", "--config", config, "--config", config}, "--config given twice"},
      {{"serve", "--config", config, "--data"}, "--data needs a value"},
      {{"serve", "--config", config, "--listen", "127.0.0.1:0", "--listen", "127.0.0.1:1"}, "--listen given twice"},
      {{"serve", "--config", config, "--verbose"}, "unexpected argument --verbose"}};
  for (const auto& [args, problem] : cases) {
    INFO(args.front() << " " << args.back());
    const auto run = run_tipline(data, args);
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::Contains(problem) && Catch::Contains("usage: tipline " + args.front()));
  }
  CHECK_FALSE(std::filesystem::exists(data.database_file()));  // nothing was started or created
}

TEST_CASE("the CLI refuses a data directory without a database", "[cli]") {
  TestDataDir data;  // keys, no `tipline init`
  auto listed = tipline_cmd(data, {"officer", "list"});
  REQUIRE(listed.status == 2);
  REQUIRE_THAT(listed.err, Catch::Contains("tipline init"));
  REQUIRE_FALSE(std::filesystem::exists(data.database_file()));
}

TEST_CASE("ensure-admin creates the first admin once", "[cli]") {
  InitializedDir data;
  auto first = tipline_cmd(data, {"officer", "ensure-admin"});
  INFO(first.err);
  REQUIRE(first.status == 0);
  const auto one_time = one_time_password_in(first.out);
  REQUIRE_FALSE(one_time.empty());
  REQUIRE_THAT(first.out, Catch::Contains("user name: admin"));
  {
    Inspect db(data);
    auto admin = db.store.find_officer("admin");
    REQUIRE(admin);
    REQUIRE(admin->role == domain::Role::admin);
    REQUIRE(admin->display_name == "Quản trị viên");
    REQUIRE(admin->must_change_password);
    REQUIRE(password::verify(one_time, admin->password_hash));
  }
  auto second = tipline_cmd(data, {"officer", "ensure-admin"});
  REQUIRE(second.status == 0);
  REQUIRE_THAT(second.out, Catch::Contains("an admin account already exists"));
  REQUIRE(one_time_password_in(second.out).empty());
  Inspect db(data);
  REQUIRE(db.store.list_officers().size() == 1);
  REQUIRE(password::verify(one_time, db.store.find_officer("admin")->password_hash));
}

TEST_CASE("ensure-admin counts an admin under another name", "[cli]") {
  InitializedDir data;
  REQUIRE(tipline_cmd(data, {"officer", "add", "chief", "--name", "Chief", "--role", "admin"}).status == 0);
  auto ensured = tipline_cmd(data, {"officer", "ensure-admin"});
  REQUIRE(ensured.status == 0);
  REQUIRE_THAT(ensured.out, Catch::Contains("already exists"));
  Inspect db(data);
  REQUIRE_FALSE(db.store.find_officer("admin"));
}

TEST_CASE("reset-password, disable and enable", "[cli]") {
  InitializedDir data;
  auto ensured = tipline_cmd(data, {"officer", "ensure-admin"});
  REQUIRE(ensured.status == 0);
  const auto first = one_time_password_in(ensured.out);
  auto added = tipline_cmd(data, {"officer", "add", "tran.b", "--name", "Trần B", "--role", "leader"});
  REQUIRE(added.status == 0);

  SECTION("reset-password prints a new password, ends sessions and lifts a lockout") {
    std::int64_t admin_id = 0;
    {
      Inspect db(data);
      auto admin = db.store.find_officer("admin");
      admin_id = admin->id;
      storage::AuditEvent event;
      event.at = 1;
      event.actor = "admin";
      event.action = "password_changed";
      // The admin chose a password, signed in, then got locked out.
      db.store.set_password(admin_id, password::hash_with("chosen password 1", 10, 8, 1), false, event);
      db.store.create_session(
          storage::Session{"token-hash", admin_id, "csrf", tipline::domain::SessionStage::full, 1, 1});
      event.action = "login_failed";
      db.store.claim_login_attempt(admin_id, 2, 1, 4102444800 /* 2100 */);
      // What reset-password must undo is really there.
      REQUIRE(db.store.find_officer("admin")->locked_until == 4102444800);
      REQUIRE(db.store.find_session("token-hash"));
    }
    auto reset = tipline_cmd(data, {"officer", "reset-password", "admin"});
    INFO(reset.err);
    REQUIRE(reset.status == 0);
    const auto second = one_time_password_in(reset.out);
    REQUIRE_FALSE(second.empty());
    REQUIRE(second != first);
    REQUIRE_THAT(reset.out, Catch::Contains("one-time password for admin: " + second));
    Inspect db(data);
    auto admin = db.store.find_officer("admin");
    REQUIRE(admin->must_change_password);
    REQUIRE(admin->locked_until == 0);
    REQUIRE(password::verify(second, admin->password_hash));
    REQUIRE_FALSE(password::verify(first, admin->password_hash));
    REQUIRE_FALSE(db.store.find_session("token-hash"));
    storage::AuditFilter filter;
    filter.action = "officer_reset_password";
    REQUIRE(db.store.audit_entries(filter).size() == 1);
  }
  SECTION("reset-password --clear-totp removes the authenticator") {
    {
      Inspect db(data);
      storage::AuditEvent event;
      event.at = 1;
      event.actor = "admin";
      event.action = "totp_enabled";
      db.store.set_totp(db.store.find_officer("admin")->id, std::string(20, 'k'), 5, event);
    }
    REQUIRE(std::regex_search(tipline_cmd(data, {"officer", "list"}).out,
                              std::regex("admin +Quản trị viên +admin +on +no +no\n")));
    auto reset = tipline_cmd(data, {"officer", "reset-password", "admin", "--clear-totp"});
    REQUIRE(reset.status == 0);
    REQUIRE_FALSE(one_time_password_in(reset.out).empty());
    Inspect db(data);
    auto admin = db.store.find_officer("admin");
    REQUIRE_FALSE(admin->totp_secret);
    REQUIRE(admin->totp_last_step == 5);
    storage::AuditFilter filter;
    filter.action = "officer_clear_totp";
    REQUIRE(db.store.audit_entries(filter).size() == 1);
  }
  SECTION("an unknown user exits 1") {
    auto reset = tipline_cmd(data, {"officer", "reset-password", "nobody"});
    REQUIRE(reset.status == 1);
    REQUIRE_THAT(reset.err, Catch::Contains("no officer named nobody"));
    REQUIRE(one_time_password_in(reset.out).empty());
    REQUIRE(tipline_cmd(data, {"officer", "disable", "nobody"}).status == 1);
  }
  SECTION("disable and enable") {
    auto disabled = tipline_cmd(data, {"officer", "disable", "tran.b"});
    REQUIRE(disabled.status == 0);
    {
      Inspect db(data);
      REQUIRE(db.store.find_officer("tran.b")->disabled);
    }
    REQUIRE(std::regex_search(tipline_cmd(data, {"officer", "list"}).out,
                              std::regex("tran\\.b +Trần B +leader +off +yes +no\n")));
    auto enabled = tipline_cmd(data, {"officer", "enable", "tran.b"});
    REQUIRE(enabled.status == 0);
    Inspect db(data);
    REQUIRE_FALSE(db.store.find_officer("tran.b")->disabled);
    storage::AuditFilter filter;
    filter.action = "officer_disable";
    REQUIRE(db.store.audit_entries(filter).size() == 1);
    filter.action = "officer_enable";
    REQUIRE(db.store.audit_entries(filter).size() == 1);
  }
  SECTION("the last enabled admin cannot be disabled") {
    auto refused = tipline_cmd(data, {"officer", "disable", "admin"});
    REQUIRE(refused.status == 1);
    REQUIRE_THAT(refused.err, Catch::Contains("last enabled admin"));
    {
      Inspect db(data);
      REQUIRE_FALSE(db.store.find_officer("admin")->disabled);
    }
    // With a second admin it can; then that one is the last.
    REQUIRE(tipline_cmd(data, {"officer", "add", "second", "--name", "Second", "--role", "admin"}).status == 0);
    REQUIRE(tipline_cmd(data, {"officer", "disable", "admin"}).status == 0);
    REQUIRE(tipline_cmd(data, {"officer", "disable", "second"}).status == 1);
    // ensure-admin sees the enabled admin "second" and leaves things alone.
    REQUIRE_THAT(tipline_cmd(data, {"officer", "ensure-admin"}).out, Catch::Contains("already exists"));
  }
}

TEST_CASE("audit verify finds a changed row and a deleted one", "[cli]") {
  InitializedDir data;
  REQUIRE(tipline_cmd(data, {"officer", "ensure-admin"}).status == 0);
  REQUIRE(tipline_cmd(data, {"officer", "add", "le.c", "--name", "Lê C", "--role", "viewer"}).status == 0);
  REQUIRE(tipline_cmd(data, {"officer", "disable", "le.c"}).status == 0);
  REQUIRE(tipline_cmd(data, {"officer", "reset-password", "le.c"}).status == 0);

  auto intact = tipline_cmd(data, {"audit", "verify"});
  INFO(intact.out << intact.err);
  REQUIRE(intact.status == 0);
  REQUIRE_THAT(intact.out, Catch::Contains("audit log intact: 4 rows"));

  // Dropping a trigger is seen before anything else: nothing opens the store until the
  // triggers are back, then verify finds what was done while they were gone.
  auto restore = [&] {
    auto refused = tipline_cmd(data, {"audit", "verify"});
    CHECK(refused.status != 0);
    CHECK_THAT(refused.err, Catch::Contains("append-only triggers are missing") &&
                                Catch::Contains("tipline audit restore-triggers"));
    auto restored = tipline_cmd(data, {"audit", "restore-triggers"});
    INFO(restored.err);
    REQUIRE(restored.status == 0);
  };
  SECTION("a changed row") {
    tamper(data,
           "DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET detail = 'x' WHERE id = 1");
    restore();
    auto broken = tipline_cmd(data, {"audit", "verify"});
    REQUIRE(broken.status == 1);
    REQUIRE_THAT(broken.out, Catch::Contains("audit log broken at row 1:"));
  }
  SECTION("a deleted middle row names the row after it") {
    tamper(data, "DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE id = 2");
    restore();
    auto broken = tipline_cmd(data, {"audit", "verify"});
    REQUIRE(broken.status == 1);
    REQUIRE_THAT(broken.out, Catch::Contains("audit log broken at row 3:"));
  }
  SECTION("bad arguments exit 2") {
    REQUIRE(tipline_cmd(data, {"audit"}).status == 2);
    REQUIRE(tipline_cmd(data, {"audit", "check"}).status == 2);
    REQUIRE(tipline_cmd(data, {"audit", "verify", "extra"}).status == 2);
  }
}

TEST_CASE("report prints the monthly CSV and records the export", "[cli]") {
  InitializedDir data;
  auto report = tipline_cmd(data, {"report", "--period", "2025-11"});
  INFO(report.err);
  REQUIRE(report.status == 0);
  REQUIRE(report.out.rfind("\xEF\xBB\xBF" "section,key,name,value\r\n", 0) == 0);
  REQUIRE(std::regex_search(report.out, std::regex("period,from,[^,]*,2025-10-16\r\n")));
  REQUIRE(std::regex_search(report.out, std::regex("period,to,[^,]*,2025-11-15\r\n")));
  REQUIRE(std::regex_search(report.out, std::regex("summary,total,[^,]*,0\r\n")));

  auto english = tipline_cmd(data, {"report", "--period", "2025-11", "--lang", "en"});
  REQUIRE(english.status == 0);
  REQUIRE_THAT(english.out, Catch::Contains("section,key,name,value"));

  {
    Inspect db(data);
    storage::AuditFilter filter;
    filter.action = "export";
    auto entries = db.store.audit_entries(filter);
    REQUIRE(entries.size() == 2);
    for (const auto& entry : entries) {
      REQUIRE(entry.event.actor == "cli");
      REQUIRE_THAT(entry.event.detail, Catch::Contains("2025-11"));
    }
  }

  for (const auto& bad : std::vector<std::vector<std::string>>{{"report", "--period", "2025-13"},
                                                                {"report", "--period", "2025-1"},
                                                                {"report", "--period", "November"},
                                                                {"report"},
                                                                {"report", "--period", "2025-11", "--lang", "fr"},
                                                                {"report", "--period", "2025-11", "extra"}}) {
    auto run = tipline_cmd(data, bad);
    INFO(bad.size());
    REQUIRE(run.status == 2);
    REQUIRE(run.out.empty());
    REQUIRE_THAT(run.err, Catch::Contains("usage:"));
  }
  Inspect db(data);
  storage::AuditFilter filter;
  filter.action = "export";
  REQUIRE(db.store.audit_entries(filter).size() == 2);
}

TEST_CASE("tipline init writes missing keys readable by their owner only", "[cli][keys]") {
  TestDataDir data;
  std::filesystem::remove_all(data.dir / "data" / "keys");  // as on a fresh machine
  auto init = tipline_cmd(data, {"init"});
  REQUIRE(init.status == 0);
  const auto keys = data.dir / "data" / "keys";
  CHECK((std::filesystem::status(keys).permissions() & std::filesystem::perms::all) == std::filesystem::perms::owner_all);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(keys)) {
    ++files;
    INFO(entry.path().filename().string());
    CHECK((entry.status().permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(std::filesystem::file_size(entry.path()) == 65);  // 32 bytes in hex and a newline
  }
  CHECK(files == 5);
}

TEST_CASE("tipline vacuum rebuilds the database without its free pages, and leaves it working", "[cli][storage]") {
  InitializedDir data;
  auto added = tipline_cmd(data, {"officer", "add", "tuan", "--name", "Tuấn", "--role", "officer"});
  REQUIRE(added.status == 0);
  auto vacuumed = tipline_cmd(data, {"vacuum"});
  INFO(vacuumed.err);
  REQUIRE(vacuumed.status == 0);
  CHECK_THAT(vacuumed.out, Catch::Contains("vacuumed ") && Catch::Contains("KiB after"));
  const auto wal = data.dir / "data" / "tipline.db-wal";
  CHECK((!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0));
  Inspect db(data);
  CHECK(db.store.find_officer("tuan"));
  auto bad = tipline_cmd(data, {"vacuum", "now"});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("usage:"));
}
