#include "handlers/application.hpp"

#include <memory>
#include <typeinfo>

#include "common/log.hpp"
#include "handlers/health.hpp"
#include "handlers/chat_intake.hpp"
#include "handlers/console.hpp"
#include "handlers/intake.hpp"
#include "handlers/pages.hpp"
#include "handlers/receipt_code.hpp"
#include "handlers/router.hpp"
#include "handlers/static_files.hpp"
#include "handlers/web_form.hpp"
#include "handlers/webhooks.hpp"

namespace tipline::handlers {

struct Application::Parts {
  Parts(const config::Config& config, storage::Store& store, const triage::Engine& engine, Metrics& metrics)
      : hasher(config.keys.receipt_key),
        grouping(engine),
        intake(store, hasher, engine, grouping, config.form.utc_offset_minutes),
        chat_intake(store, engine, grouping, ChatSettings::from(config)),
        form(intake, store, config.form, config.keys.form_token_key, area_options(engine.ward()), metrics),
        webhooks(config.channels, store, chat_intake, metrics),
        console(config, store, engine.ward(), metrics) {
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
    router.add("GET", "/healthz", [&store](const Request&) { return health(store); });
    router.add("GET", "/metrics", [&metrics](const Request&) { return metrics_page(metrics); });
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

Webhooks& Application::webhooks() { return parts_->webhooks; }

void Application::on_reply_queued(std::function<void()> listener) {
  parts_->chat_intake.on_reply_queued(listener);
  parts_->console.on_reply_queued(std::move(listener));
}

TipGrouping& Application::grouping() { return parts_->grouping; }

std::string Application::route_name(const Request& request) const { return parts_->router.route_name(request); }

void add_security_headers(Response& response) {
  response.with_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
      .with_header("X-Content-Type-Options", "nosniff")
      .with_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                   "frame-ancestors 'none'; base-uri 'none'")
      .with_header("X-Frame-Options", "DENY")
      .with_header("Referrer-Policy", "no-referrer")
      .with_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
      .with_header("Cache-Control", response.cacheable ? "public, max-age=3600" : "no-store");
}

}  // namespace tipline::handlers
