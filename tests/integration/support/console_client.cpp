#include "support/console_client.hpp"

#include <memory>

#include "storage/sqlite_handle.hpp"

namespace tipline::testing {

namespace {

ConsoleBrowser::Send over(std::shared_ptr<TlsClient> client) {
  return [client](const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_type, const HeaderList& headers) {
    return client->request(method, target, body, content_type, headers);
  };
}

}  // namespace

ConsoleClient::ConsoleClient(std::uint16_t port, const std::string& bind_address)
    : ConsoleBrowser(over(std::make_shared<TlsClient>(port, bind_address))) {}

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
