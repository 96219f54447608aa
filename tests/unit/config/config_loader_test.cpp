#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "webhook-config/config_loader.hpp"

using namespace tipline;
namespace fs = std::filesystem;

namespace {

struct ConfigDir {
  fs::path dir = fs::temp_directory_path() / ("tipline-config-" + encoding::to_hex(crypto::random_bytes(6)));
  ConfigDir() {
    fs::create_directories(dir / "data" / "keys");
    for (const char* name : {"data-1.key", "form-token.key", "receipt.key", "pseudonym.key", "audit.key"})
      std::ofstream(dir / "data" / "keys" / name) << encoding::to_hex(crypto::random_bytes(32)) << "\n";
  }
  ~ConfigDir() { fs::remove_all(dir); }
  fs::path write(const std::string& json) {
    std::ofstream(dir / "tipline.json") << json;
    return dir / "tipline.json";
  }
  config::Overrides data() const { return {std::nullopt, dir / "data"}; }
};

const char* keys_json = R"("keys": {"data_keys": [{"id": 1, "file": "keys/data-1.key"}], "active_data_key": 1,
  "form_token_key": {"file": "keys/form-token.key"}, "receipt_key": {"file": "keys/receipt.key"},
           "pseudonym_key": {"file": "keys/pseudonym.key"}, "audit_key": {"file": "keys/audit.key"}})";

std::string error_of(const fs::path& file, const config::Overrides& o) {
  try {
    config::load_config(file, o);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the example config loads once its key files exist", "[config]") {
  ConfigDir d;
  auto config = config::load_config(fs::path(TIPLINE_SOURCE_DIR) / "webhook-config/tipline.example.json", d.data());
  REQUIRE(config.listen.port == 8443);
  REQUIRE(config.keys.data_keys.at(1).size() == 32);
  REQUIRE(config.keys.form_token_key.size() == 32);
  REQUIRE(config.database_file == d.dir / "data" / "tipline.db");
  REQUIRE(fs::exists(config.ward_file));
  REQUIRE(config.form.utc_offset_minutes == 420);
}

TEST_CASE("a bad config names the offending field", "[config]") {
  ConfigDir d;
  auto o = d.data();
  SECTION("wrong type") {
    auto f = d.write(std::string("{\"server\": {\"io_threads\": \"two\"}, ") + keys_json + "}");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("server.io_threads"));
  }
  SECTION("out of range") {
    auto f = d.write(std::string("{\"server\": {\"max_body_bytes\": 5}, ") + keys_json + "}");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("server.max_body_bytes"));
  }
  SECTION("unknown key (a typo)") {
    auto f = d.write(std::string("{\"listne\": \"0.0.0.0:1\", ") + keys_json + "}");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("\"listne\""));
  }
  SECTION("bad listen") {
    auto f = d.write(std::string("{\"listen\": \"localhost\", ") + keys_json + "}");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("\"listen\""));
  }
  SECTION("secret written into the file") {
    auto f = d.write(R"({"keys": {"data_keys": [{"id": 1, "value": "00"}], "active_data_key": 1}})");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("keys.data_keys[0]") && Catch::Contains("may not be written"));
  }
  SECTION("active key not among the keys") {
    auto f = d.write(R"({"keys": {"data_keys": [{"id": 1, "file": "keys/data-1.key"}], "active_data_key": 2,
      "form_token_key": {"file": "keys/form-token.key"}, "receipt_key": {"file": "keys/receipt.key"},
           "pseudonym_key": {"file": "keys/pseudonym.key"}, "audit_key": {"file": "keys/audit.key"}}})");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("keys.active_data_key"));
  }
  SECTION("short key file") {
    std::ofstream(d.dir / "data" / "keys" / "receipt.key") << "abcd";
    auto f = d.write(std::string("{") + keys_json + "}");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("keys.receipt_key"));
    REQUIRE_THAT(error_of(f, o), !Catch::Contains("abcd"));
  }
  SECTION("missing key file is its own error, so init can create it") {
    fs::remove(d.dir / "data" / "keys" / "form-token.key");
    auto f = d.write(std::string("{") + keys_json + "}");
    REQUIRE_THROWS_AS(config::load_config(f, o), config::MissingKeyFile);
  }
  SECTION("not JSON") {
    auto f = d.write("{\n\"listen\": \n}");
    REQUIRE_THAT(error_of(f, o), Catch::Contains("line 3"));
  }
}

TEST_CASE("secrets can come from the environment", "[config]") {
  ConfigDir d;
  std::string hex = encoding::to_hex(crypto::random_bytes(32));
  ::setenv("TIPLINE_TEST_RECEIPT_KEY", hex.c_str(), 1);
  auto f = d.write(R"({"keys": {"data_keys": [{"id": 1, "file": "keys/data-1.key"}], "active_data_key": 1,
      "form_token_key": {"file": "keys/form-token.key"}, "receipt_key": {"env": "TIPLINE_TEST_RECEIPT_KEY"},
      "pseudonym_key": {"file": "keys/pseudonym.key"}, "audit_key": {"file": "keys/audit.key"}}})");
  auto config = config::load_config(f, d.data());
  REQUIRE(encoding::to_hex(config.keys.receipt_key) == hex);
  ::setenv("TIPLINE_TEST_RECEIPT_KEY", "nothex", 1);
  REQUIRE_THAT(error_of(f, d.data()), Catch::Contains("TIPLINE_TEST_RECEIPT_KEY") && !Catch::Contains("nothex"));
  ::unsetenv("TIPLINE_TEST_RECEIPT_KEY");
}

TEST_CASE("command-line overrides win over the file", "[config]") {
  ConfigDir d;
  auto f = d.write(std::string("{\"listen\": \"0.0.0.0:8443\", ") + keys_json + "}");
  auto o = d.data();
  o.listen = "127.0.0.1:0";
  auto config = config::load_config(f, o);
  REQUIRE(config.listen.host == "127.0.0.1");
  REQUIRE(config.listen.port == 0);
}

TEST_CASE("chat channels: secrets from the environment, platform bases, refusals", "[config]") {
  ConfigDir d;
  ::setenv("TIPLINE_TEST_APP_SECRET", "s3cret-value", 1);
  ::setenv("TIPLINE_TEST_VERIFY", "verify-me", 1);
  std::ofstream(d.dir / "data" / "keys" / "zalo-app-id") << "4230012345678901234\n";
  ::setenv("TIPLINE_TEST_OA_SECRET", "oa-secret", 1);
  const std::string zalo = R"("zalo": {"app_id": {"file": "keys/zalo-app-id"}, "oa_secret": {"env": "TIPLINE_TEST_OA_SECRET"}})";
  auto with = [&](const std::string& channels) {
    return d.write(std::string("{\"channels\": {") + channels + "}, " + keys_json + "}");
  };
  SECTION("both platforms") {
    auto f = with(zalo + R"(, "messenger": {"app_secret": {"env": "TIPLINE_TEST_APP_SECRET"},
      "verify_token": {"env": "TIPLINE_TEST_VERIFY"}, "api_base": "https://graph.example/v25.0/"},
      "quiet_window_minutes": 45, "closing_words": ["hết"])");
    auto config = config::load_config(f, d.data());
    REQUIRE(config.channels.zalo);
    CHECK(config.channels.zalo->app_id == "4230012345678901234");  // the file's newline is not part of it
    CHECK(config.channels.zalo->oa_secret == "oa-secret");
    CHECK(config.channels.zalo->api_base == "https://openapi.zalo.me");
    REQUIRE(config.channels.messenger);
    CHECK(config.channels.messenger->app_secret == "s3cret-value");
    CHECK(config.channels.messenger->api_base == "https://graph.example/v25.0");
    CHECK(config.channels.messenger->reply_window == std::chrono::hours(24));
    CHECK(config.channels.quiet_window == std::chrono::minutes(45));
    CHECK(config.channels.closing_words == std::vector<std::string>{"hết"});
    CHECK(config.keys.pseudonym_key.size() == 32);
  }
  SECTION("no channels section: both webhooks off") {
    auto config = config::load_config(d.write(std::string("{") + keys_json + "}"), d.data());
    CHECK_FALSE(config.channels.zalo);
    CHECK_FALSE(config.channels.messenger);
  }
  SECTION("a missing secret is named") {
    auto f = with(R"("messenger": {"app_secret": {"env": "TIPLINE_TEST_APP_SECRET"}})");
    CHECK_THAT(error_of(f, d.data()), Catch::Contains("channels.messenger.verify_token"));
  }
  SECTION("an unset variable is named, its absent value is not guessed") {
    ::unsetenv("TIPLINE_TEST_OA_SECRET");
    CHECK_THAT(error_of(with(zalo), d.data()), Catch::Contains("TIPLINE_TEST_OA_SECRET"));
  }
  SECTION("a token with a line break is refused without being quoted") {
    ::setenv("TIPLINE_TEST_APP_SECRET", "abc\r\nInjected: yes", 1);
    auto f = with(R"("messenger": {"app_secret": {"env": "TIPLINE_TEST_APP_SECRET"}, "verify_token": {"env": "TIPLINE_TEST_VERIFY"}})");
    auto error = error_of(f, d.data());
    CHECK_THAT(error, Catch::Contains("control character") && !Catch::Contains("Injected"));
  }
  SECTION("a secret written into the file is refused") {
    auto f = with(R"("messenger": {"app_secret": {"value": "x"}, "verify_token": {"env": "TIPLINE_TEST_VERIFY"}})");
    CHECK_THAT(error_of(f, d.data()), Catch::Contains("may not be written"));
  }
  SECTION("plain http platform bases are refused") {
    auto f = with(zalo.substr(0, zalo.size() - 1) + R"(, "api_base": "http://openapi.zalo.me"})");
    CHECK_THAT(error_of(f, d.data()), Catch::Contains("channels.zalo.api_base"));
  }
  SECTION("unknown keys are refused") {
    CHECK_THAT(error_of(with(R"("quiet_window": 5)"), d.data()), Catch::Contains("channels.quiet_window"));
  }
}

TEST_CASE("I/O threads: one per core the process may use, unless a number is given", "[config]") {
  ConfigDir d;
  const auto cores = config::cores_available();
  CHECK(cores >= 1);
  CHECK(cores <= std::max(1u, std::thread::hardware_concurrency()));
  CHECK(config::load_config(d.write(std::string("{") + keys_json + "}"), d.data()).server.io_threads == cores);
  CHECK(config::load_config(d.write(std::string(R"({"server": {"io_threads": 0}, )") + keys_json + "}"), d.data())
            .server.io_threads == cores);
  CHECK(config::load_config(d.write(std::string(R"({"server": {"io_threads": 3}, )") + keys_json + "}"), d.data())
            .server.io_threads == 3);
}

TEST_CASE("defaults the README promises: console timeouts, reply windows, report period", "[config]") {
  ConfigDir d;
  ::setenv("TIPLINE_TEST_OA_SECRET", "oa-secret", 1);
  ::setenv("TIPLINE_TEST_APP_SECRET", "s3cret-value", 1);
  ::setenv("TIPLINE_TEST_VERIFY", "verify-me", 1);
  std::ofstream(d.dir / "data" / "keys" / "zalo-app-id") << "4230012345678901234\n";
  auto f = d.write(std::string(R"({"channels": {"zalo": {"app_id": {"file": "keys/zalo-app-id"},
      "oa_secret": {"env": "TIPLINE_TEST_OA_SECRET"}}, "messenger": {"app_secret": {"env": "TIPLINE_TEST_APP_SECRET"},
      "verify_token": {"env": "TIPLINE_TEST_VERIFY"}}}, )") + keys_json + "}");
  auto config = config::load_config(f, d.data());
  CHECK(config.admin.idle_timeout == std::chrono::minutes(30));
  CHECK(config.admin.absolute_timeout == std::chrono::hours(12));
  CHECK(config.admin.report_start_day == 16);
  CHECK(config.channels.zalo->reply_window == std::chrono::hours(7 * 24));
  CHECK(config.channels.messenger->reply_window == std::chrono::hours(24));
  CHECK(config.channels.quiet_window == std::chrono::minutes(30));
}
