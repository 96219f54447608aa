#include "gateway/cli/service.hpp"

#include <chrono>

#include "common/clock.hpp"
#include "gateway/cli/store_access.hpp"
#include "gateway/cli/triage_files.hpp"
#include "gateway/workers/delivery_filer.hpp"
#include "gateway/workers/outbox_dispatcher.hpp"
#include "gateway/server.hpp"
#include "handlers/application.hpp"
#include "handlers/tips/tip_grouping.hpp"
#include "common/metrics.hpp"
#include "storage/sqlite_store.hpp"
#include "triage/triage.hpp"
#include "webhook-config/config_loader.hpp"

namespace tipline::gateway {

struct Service::Parts {
  explicit Parts(config::Config c)
      : config(std::move(c)),
        engine(commands::load_engine({config.ward_file, config.triage_rules_file, config.triage_model_file})),
        store(config.database_file.string(), commands::keyring_of(config), commands::store_options_of(config)),
        app(config, store, engine, metrics),
        dispatcher(store, store, config.channels),
        filer(store, app.delivery_filing()),
        server(config, app) {
    app.on_reply_queued([this] { dispatcher.wake(); });
    app.on_delivery_kept([this] { filer.wake(); });
    dispatcher.set_maintenance([this](std::int64_t now) {
      store.purge_sessions(now - config.admin.idle_timeout.count(), now - config.admin.absolute_timeout.count());
    });
    metrics.coarsen(config.server.metrics_refresh, config.server.metrics_round_to);
    metrics.set_store_counters([this] {
      const auto deliveries = store.delivery_counts();
      return std::map<std::string, std::uint64_t>{
          {"commits_total", store.commit_count()},
          {"write_jobs_total", store.write_job_count()},
          {"deliveries_waiting", static_cast<std::uint64_t>(deliveries.waiting)},
          {"deliveries_set_aside", static_cast<std::uint64_t>(deliveries.set_aside)}};
    });
  }

  config::Config config;
  triage::Engine engine;
  storage::SqliteStore store;
  Metrics metrics;
  handlers::Application app;
  OutboxDispatcher dispatcher;
  // Declared after what it uses and before the server: the server's graceful stop
  // answers every request first, then the filer drains, then the rest goes.
  DeliveryFiler filer;
  Server server;
};

Service::Service(config::Config config) : parts_(std::make_unique<Parts>(std::move(config))) {}

Service::~Service() = default;

std::uint16_t Service::start() {
  const auto now = unix_now();
  // Tips older than the grouping window can no longer gather new members.
  parts_->app.grouping().rebuild(parts_->store, now, parts_->engine.rules().grouping.window_seconds);
  parts_->dispatcher.start();
  parts_->filer.start();  // deliveries kept before a stop or a crash are filed first
  return parts_->server.start();
}
void Service::stop_on_signals() { parts_->server.stop_on_signals(); }
void Service::stop() { parts_->server.stop(); }

void Service::wait() {
  parts_->server.wait();
  parts_->filer.stop();  // before the dispatcher: its replies go out on the next start
  parts_->dispatcher.stop();
  parts_->store.shutdown();
}

const config::Config& Service::config() const { return parts_->config; }
storage::SqliteStore& Service::store() { return parts_->store; }

}  // namespace tipline::gateway
