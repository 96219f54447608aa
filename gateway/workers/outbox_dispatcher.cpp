#include "gateway/workers/outbox_dispatcher.hpp"

#include <algorithm>
#include <random>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "gateway/workers/background_priority.hpp"
#include "gateway/workers/zalo_tokens.hpp"
#include "handlers/channels/routing.hpp"

namespace tipline::gateway {

namespace {

struct StoreUnavailable {};

constexpr std::size_t batch_size = 32;
constexpr std::int64_t purge_every_seconds = 60;
// Platforms redeliver for up to 36 hours; message keys are kept well beyond that.
constexpr std::int64_t dedupe_retention_seconds = 14 * 24 * 60 * 60;
constexpr auto idle_poll = std::chrono::seconds(30);

channels::Endpoints endpoints_of(const config::ChannelsConfig& channels) {
  channels::Endpoints endpoints;
  if (channels.zalo) {
    endpoints.zalo_api_base = channels.zalo->api_base;
    endpoints.zalo_oauth_base = channels.zalo->oauth_base;
  }
  if (channels.messenger) endpoints.messenger_api_base = channels.messenger->api_base;
  return endpoints;
}

HttpsClient::Options client_options(const config::ChannelsConfig& channels) {
  HttpsClient::Options options;
  options.timeout = channels.send_timeout;
  options.extra_ca_file = channels.outbound_ca_file;
  return options;
}

channels::SendOutcome failure(channels::SendClass kind, std::string reason) {
  channels::SendOutcome outcome;
  outcome.kind = kind;
  outcome.reason = std::move(reason);
  return outcome;
}

}  // namespace

std::chrono::seconds backoff_delay(int attempts, std::chrono::seconds base, std::chrono::seconds max) {
  const int doublings = std::clamp(attempts, 0, 30);
  const auto full = std::min<std::int64_t>(max.count(), base.count() << doublings);
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> upper_half((full + 1) / 2, std::max<std::int64_t>(1, full));
  return std::chrono::seconds(std::max<std::int64_t>(1, upper_half(random)));
}

OutboxDispatcher::OutboxDispatcher(storage::OutboxStore& outbox, storage::ChatStore& chats,
                                   const config::ChannelsConfig& channels)
    : outbox_(outbox), chats_(chats), channels_(channels), endpoints_(endpoints_of(channels)), client_(client_options(channels)) {
  if (channels_.zalo) zalo_tokens_ = std::make_unique<ZaloTokens>(outbox_, *channels_.zalo, endpoints_, client_);
}

OutboxDispatcher::~OutboxDispatcher() { stop(); }

void OutboxDispatcher::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void OutboxDispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void OutboxDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void OutboxDispatcher::run() {
  run_this_thread_in_background("tipline-outbox");
  std::int64_t next_purge = 0;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      woken_ = false;
    }
    std::optional<std::int64_t> next_due;
    bool busy = false;
    try {
      const auto now = unix_now();
      // Sends the platform accepted but the store could not record yet come first:
      // until they are recorded nothing is sent, so none can go out twice.
      if (!record_unrecorded_sends()) throw StoreUnavailable();
      if (!settle_interrupted_sends()) throw StoreUnavailable();
      if (now >= next_purge) {
        next_purge = now + purge_every_seconds;  // even if the purge fails: no busy loop
        const auto purged = chats_.purge_expired(now, now - dedupe_retention_seconds);
        if (purged) log::info("reply_handles.purged", {{"count", static_cast<unsigned long>(purged)}});
        if (maintenance_) maintenance_(now);
      }
      auto due = outbox_.due_outbox(now, batch_size);
      busy = due.size() == batch_size;
      for (const auto& entry : due) {
        {
          std::lock_guard lock(mutex_);
          if (stopping_) return;
        }
        try {
          dispatch(entry, unix_now());
        } catch (const std::exception& e) {
          log::error("outbox.entry_failed", {{"outbox_id", static_cast<long long>(entry.id)}, {"error", e.what()}});
          try {
            // One entry the store cannot read must not hold up the others.
            if (!sent_unrecorded_.count(entry.id) && !begun_unrecorded_.count(entry.id))
              outbox_.outbox_failed(entry.id, unix_now(), "internal error");
          } catch (const std::exception&) {
            // Nor may a store that refuses writes make this loop spin through the batch.
            ++store_failures_;
            busy = false;
            break;
          }
        }
      }
      if (!sent_unrecorded_.empty()) busy = false;
      next_due = outbox_.next_outbox_due();
      if (sent_unrecorded_.empty()) store_failures_ = 0;
    } catch (const StoreUnavailable&) {
      busy = false;
    } catch (const std::exception& e) {
      // The store refused (shutting down, disk full): try again after a while.
      log::error("outbox.loop_failed", {{"error", e.what()}});
      busy = false;
      ++store_failures_;
    }
    if (store_failures_ > 0) {
      // Neither new entries nor the clock hurry a store that refuses writes: wait it out.
      const auto pause = store_backoff();
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, pause, [this] { return stopping_; });
      continue;
    }
    if (busy) continue;
    std::unique_lock lock(mutex_);
    auto deadline = std::chrono::system_clock::now() + idle_poll;
    if (next_due) {
      const auto due_at = std::chrono::system_clock::time_point(std::chrono::seconds(*next_due));
      deadline = std::min(deadline, std::max(due_at, std::chrono::system_clock::now()));
    }
    deadline = std::min(deadline, std::chrono::system_clock::time_point(std::chrono::seconds(next_purge)));
    wake_.wait_until(lock, deadline, [this] { return stopping_ || woken_; });
  }
}

bool OutboxDispatcher::record_unrecorded_sends() {
  // Begun, not taken by the platform, and the store refused the result: due again.
  for (auto it = begun_unrecorded_.begin(); it != begun_unrecorded_.end();) {
    try {
      const auto now = unix_now();
      outbox_.outbox_retry(*it, now, "the store could not record the last attempt");
      it = begun_unrecorded_.erase(it);
    } catch (const std::exception& e) {
      log::error("outbox.record_result_failed", {{"outbox_id", static_cast<long long>(*it)}, {"error", e.what()}});
      ++store_failures_;
      return false;
    }
  }
  for (auto it = sent_unrecorded_.begin(); it != sent_unrecorded_.end();) {
    try {
      outbox_.outbox_sent(it->first, it->second);
      it = sent_unrecorded_.erase(it);
    } catch (const std::exception& e) {
      log::error("outbox.record_sent_failed", {{"outbox_id", static_cast<long long>(it->first)}, {"error", e.what()}});
      ++store_failures_;
      return false;
    }
  }
  return true;
}

bool OutboxDispatcher::settle_interrupted_sends() {
  if (interrupted_settled_) return true;
  try {
    const auto settled = outbox_.outbox_settle_interrupted(
        unix_now(),
        "may or may not have reached the reporter: the server stopped while the platform had it; not sent again");
    interrupted_settled_ = true;
    if (settled) log::warn("outbox.interrupted_sends", {{"count", static_cast<unsigned long>(settled)}});
    return true;
  } catch (const std::exception& e) {
    log::error("outbox.settle_failed", {{"error", e.what()}});
    ++store_failures_;
    return false;
  }
}

std::chrono::seconds OutboxDispatcher::store_backoff() {
  const int doublings = std::clamp(store_failures_ - 1, 0, 6);
  return std::min(std::chrono::seconds(60), std::chrono::seconds(std::int64_t{1} << doublings));
}

channels::SendOutcome OutboxDispatcher::send_once(const channels::OutboundText& text) {
  try {
    if (text.channel == channels::Channel::zalo) {
      const auto token = zalo_tokens_->access_token(unix_now());
      if (token.empty()) return failure(channels::SendClass::configuration, "zalo no access token configured");
      auto answer = client_.send(channels::zalo_send_request(endpoints_, token, text));
      return channels::classify_zalo_send(answer.status, answer.body);
    }
    const auto& token = channels_.messenger->page_access_token;
    if (token.empty()) return failure(channels::SendClass::configuration, "messenger no page access token configured");
    auto answer = client_.send(channels::messenger_send_request(endpoints_, token, text));
    return channels::classify_messenger_send(answer.status, answer.body);
  } catch (const TransportError& e) {
    return failure(channels::SendClass::transient, std::string("transport: ") + e.what());
  }
}

channels::SendOutcome OutboxDispatcher::send(const channels::OutboundText& text) {
  auto outcome = send_once(text);
  if (outcome.kind == channels::SendClass::token_expired) {
    // Zalo's documented recovery: refresh once, then retry the send once.
    if (!zalo_tokens_->refresh(unix_now())) return failure(channels::SendClass::transient, outcome.reason);
    outcome = send_once(text);
    if (outcome.kind == channels::SendClass::token_expired) outcome.kind = channels::SendClass::configuration;
  }
  return outcome;
}

std::int64_t OutboxDispatcher::retry_at(int attempts, std::int64_t now,
                                        std::optional<std::chrono::seconds> hint) const {
  auto delay = backoff_delay(attempts, channels_.retry_base, channels_.retry_max);
  if (hint) delay = std::max(delay, *hint);
  return now + delay.count();
}

void OutboxDispatcher::dispatch(const storage::OutboxEntry& entry, std::int64_t now) {
  if (sent_unrecorded_.count(entry.id)) return;  // already accepted by the platform
  if (entry.unreadable) {
    outbox_.outbox_failed(entry.id, now, "reply could not be read (data key missing, or a damaged row)");
    log::error("outbox.unreadable", {{"outbox_id", static_cast<long long>(entry.id)}});
    return;
  }
  const bool zalo = entry.channel == domain::Channel::zalo;
  const std::string channel(domain::stored_name(entry.channel));
  if ((zalo && !channels_.zalo) || (!zalo && !channels_.messenger)) {
    outbox_.outbox_failed(entry.id, now, channel + " channel is not configured");
    log::warn("outbox.failed", {{"outbox_id", static_cast<long long>(entry.id)}, {"reason", "channel not configured"}});
    return;
  }
  auto handle = chats_.reply_handle(entry.reporter, now);
  if (!handle) {
    outbox_.outbox_failed(entry.id, now, channel + " reply window closed");
    log::info("outbox.failed", {{"outbox_id", static_cast<long long>(entry.id)}, {"reason", "reply window closed"}});
    return;
  }
  channels::ReplyRouting routing;
  try {
    routing = channels::decode_routing(handle->routing);
  } catch (const std::invalid_argument&) {
    outbox_.outbox_failed(entry.id, now, channel + " reply handle unreadable");
    return;
  }
  channels::OutboundText text;
  text.channel = entry.channel;
  text.recipient_id = routing.recipient_id;
  text.conversation_id = routing.conversation_id;
  text.anonymous = routing.anonymous;
  text.text = entry.text;
  text.metadata = "tipline:" + std::to_string(entry.id);

  // Committed before the call: if the process dies while the platform has the reply,
  // the next start finds it begun and does not send it again.
  if (!outbox_.outbox_begin_send(entry.id, now)) return;  // no longer waiting
  const auto outcome = send(text);
  const auto after = unix_now();
  if (outcome.kind != channels::SendClass::sent) begun_unrecorded_.insert(entry.id);  // until recorded below
  record_outcome(entry, outcome, after);
  begun_unrecorded_.erase(entry.id);
}

void OutboxDispatcher::record_outcome(const storage::OutboxEntry& entry, const channels::SendOutcome& outcome,
                                      std::int64_t after) {
  const long long id = entry.id;
  const std::string channel(domain::stored_name(entry.channel));
  switch (outcome.kind) {
    case channels::SendClass::sent:
      log::info("outbox.sent", {{"outbox_id", id}, {"channel", channel}, {"kind", domain::stored_name(entry.kind)}});
      sent_unrecorded_[entry.id] = after;
      record_unrecorded_sends();
      return;
    case channels::SendClass::transient:
      if (entry.attempts + 1 >= static_cast<int>(channels_.max_send_attempts)) {
        outbox_.outbox_failed(entry.id, after,
                             outcome.reason + " (gave up after " + std::to_string(entry.attempts + 1) + " attempts)");
        log::warn("outbox.failed", {{"outbox_id", id}, {"reason", outcome.reason}, {"gave_up", "yes"}});
      } else {
        const auto at = retry_at(entry.attempts, after, outcome.retry_after);
        outbox_.outbox_retry(entry.id, at, outcome.reason);
        log::info("outbox.retry", {{"outbox_id", id}, {"reason", outcome.reason},
                                   {"in_seconds", static_cast<long long>(at - after)}});
      }
      return;
    case channels::SendClass::permanent:
    case channels::SendClass::token_expired:
      outbox_.outbox_failed(entry.id, after, outcome.reason);
      log::info("outbox.failed", {{"outbox_id", id}, {"reason", outcome.reason}});
      return;
    case channels::SendClass::configuration:
      outbox_.outbox_failed(entry.id, after, outcome.reason);
      log::error("outbox.configuration_error", {{"outbox_id", id}, {"reason", outcome.reason}});
      return;
  }
}

}  // namespace tipline::gateway
