#pragma once
// The running gateway assembled from its configuration: triage engine, store,
// metrics, application and HTTPS server. `tipline serve` and the integration tests
// build exactly this, so the tests exercise the real wiring.
#include <cstdint>
#include <memory>

#include "webhook-config/config.hpp"

namespace tipline::storage {
class SqliteStore;
}

namespace tipline::gateway {

class Service final {
 public:
  // Reads the ward and rules files and opens the store. Throws config::ConfigError
  // or triage::DataFileError for a bad file, storage::StoreError for the database.
  explicit Service(config::Config config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  std::uint16_t start();    // binds and serves; returns the bound port
  void stop_on_signals();   // SIGTERM and SIGINT start a graceful stop
  void stop();              // graceful stop; returns at once
  void wait();              // until the server stopped, then drains the store's writes

  const config::Config& config() const;
  storage::SqliteStore& store();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace tipline::gateway
