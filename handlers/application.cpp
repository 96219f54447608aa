#include "handlers/application.hpp"

#include <memory>
#include <typeinfo>

#include "common/log.hpp"
#include "handlers/chat/chat_intake.hpp"
#include "handlers/console/console.hpp"
#include "handlers/webform/web_intake.hpp"
#include "handlers/http/pages.hpp"
#include "handlers/webform/receipt_code.hpp"
#include "handlers/http/health.hpp"
#include "handlers/http/router.hpp"
#include "handlers/http/security_headers.hpp"
#include "handlers/http/static_files.hpp"
#include "handlers/webform/web_form.hpp"
#include "handlers/chat/delivery_filing.hpp"
#include "handlers/chat/webhooks.hpp"

namespace tipline::handlers {

struct Application::Parts {
  Parts(const config::Config& config, storage::Store& store, const triage::Engine& engine, Metrics& metrics)
      : hasher(config.keys.receipt_key),
        grouping(engine),
        intake(store, hasher, engine, grouping, config.form.utc_offset_minutes),
        chat_intake(store, store, engine, grouping, ChatSettings::from(config)),
        form(intake, store, config.form, config.keys.form_token_key, area_options(engine.ward()), metrics),
        filing(chat_intake, metrics),
        webhooks(config.channels, store, metrics),
        console(config, {.officers = store, .audit = store, .tips = store, .workflow = store}, engine, metrics) {
    console.add_routes(router);
    router.add("GET", "/", [this](const Request& r) { return form.show_form(r); });
    router.add("POST", "/tips", [this](const Request& r) { return form.submit_tip(r); });
    router.add("GET", "/status", [this](const Request& r) { return form.show_status_lookup(r); });
    router.add("POST", "/status", [this](const Request& r) { return form.lookup_status(r); });
    router.add("POST", "/status/add", [this](const Request& r) { return form.add_information(r); });
    // Answered through handle_deferred(), without blocking a thread.
    router.add_deferred("POST", "/webhooks/zalo",
                        [this](const Request& r, const Respond& respond) { webhooks.zalo(r, respond); });
    router.add("GET", "/webhooks/messenger", [this](const Request& r) { return webhooks.messenger_subscribe(r); });
    router.add_deferred("POST", "/webhooks/messenger",
                        [this](const Request& r, const Respond& respond) { webhooks.messenger(r, respond); });
    router.add("GET", "/healthz", [&store](const Request&) { return health([&store] { return store.healthy(); }); });
    router.add("GET", "/metrics", [&metrics, &config](const Request& r) {
      // Counters move with residents' visits: for the operators' scraper only.
      if (!metrics_allowed(r, config.server.metrics_token)) return error_page(404, "Không tìm thấy trang.");
      return metrics_page(metrics);
    });
    router.add_prefix("/static/", [](const Request& r) { return static_file(r.path); });
  }

  static std::vector<AreaOption> area_options(const triage::Ward& ward) {
    std::vector<AreaOption> out;
    for (const auto& area : ward.areas) out.push_back({area.id, area.name});
    return out;
  }

  ReceiptHasher hasher;
  TipGrouping grouping;
  Intake intake;
  ChatIntake chat_intake;
  WebForm form;
  DeliveryFiling filing;
  Webhooks webhooks;
  Console console;
  Router router;
};

Application::Application(const config::Config& config, storage::Store& store, const triage::Engine& engine,
                         Metrics& metrics)
    : parts_(std::make_unique<Parts>(config, store, engine, metrics)), metrics_(metrics) {}

Application::~Application() = default;

Response Application::handle(const Request& request) {
  Response response;
  try {
    response = parts_->router.route(request);
  } catch (const std::exception& e) {
    // what() may quote input (JSON parser messages do), so only the type is logged.
    log::error("handler_failed", {{"route", route_name(request)}, {"exception", typeid(e).name()}});
    response = error_page(500, "Hệ thống đang gặp sự cố, tin báo chưa được lưu. Vui lòng thử lại sau ít phút.");
  }
  add_security_headers(response);
  return response;
}

bool Application::handle_deferred(const Request& request, Respond respond) {
  const auto* handler = parts_->router.deferred(request);
  if (!handler) return false;
  auto finish = [respond = std::move(respond)](Response response) {
    add_security_headers(response);
    respond(std::move(response));
  };
  // Once respond has run, a late exception must not answer a second time.
  auto answered = std::make_shared<bool>(false);
  auto once = [finish, answered](Response response) {
    *answered = true;
    finish(std::move(response));
  };
  try {
    (*handler)(request, once);
  } catch (const std::exception& e) {
    log::error("handler_failed", {{"route", route_name(request)}, {"exception", typeid(e).name()}});
    if (!*answered) finish(text_response(500, "not stored, retry\n"));
  }
  return true;
}

DeliveryFiling& Application::delivery_filing() { return parts_->filing; }

void Application::on_delivery_kept(std::function<void()> listener) {
  parts_->webhooks.on_delivery_kept(std::move(listener));
}

void Application::on_reply_queued(std::function<void()> listener) {
  parts_->chat_intake.on_reply_queued(listener);
  parts_->console.on_reply_queued(std::move(listener));
}

TipGrouping& Application::grouping() { return parts_->grouping; }

std::string Application::route_name(const Request& request) const { return parts_->router.route_name(request); }

}  // namespace tipline::handlers
