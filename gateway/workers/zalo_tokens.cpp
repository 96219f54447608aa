#include "gateway/workers/zalo_tokens.hpp"

#include <nlohmann/json.hpp>

#include "common/log.hpp"

namespace tipline::gateway {

namespace {
constexpr char secret_name[] = "zalo_tokens";
}

ZaloTokens::ZaloTokens(storage::OutboxStore& store, const config::ZaloChannelConfig& zalo,
                       const channels::Endpoints& endpoints, HttpsClient& client)
    : store_(store), zalo_(zalo), endpoints_(endpoints), client_(client) {
  load();
}

void ZaloTokens::load() {
  // A pair the gateway refreshed itself is newer than the one in the config.
  if (auto saved = store_.load_channel_secret(secret_name)) {
    auto doc = nlohmann::json::parse(*saved, nullptr, false);
    if (doc.is_object()) {
      access_token_ = doc.value("access_token", "");
      refresh_token_ = doc.value("refresh_token", "");
      refresh_due_at_ = doc.value("refresh_due_at", std::int64_t{0});
      return;
    }
  }
  access_token_ = zalo_.access_token;
  refresh_token_ = zalo_.refresh_token;
}

void ZaloTokens::save(std::int64_t now) {
  nlohmann::json doc{{"access_token", access_token_}, {"refresh_token", refresh_token_},
                     {"refresh_due_at", refresh_due_at_}};
  store_.save_channel_secret(secret_name, doc.dump(), now);
}

std::string ZaloTokens::access_token(std::int64_t now) {
  if (refresh_due_at_ != 0 && now >= refresh_due_at_) refresh(now);
  return access_token_;
}

bool ZaloTokens::refresh(std::int64_t now) {
  if (refresh_token_.empty() || zalo_.app_secret.empty()) {
    log::error("zalo.token_refresh_failed", {{"reason", "no refresh token or app secret configured"}});
    return false;
  }
  std::string reason;
  std::optional<channels::ZaloTokens> tokens;
  try {
    auto answer = client_.send(
        channels::zalo_token_refresh_request(endpoints_, zalo_.app_id, zalo_.app_secret, refresh_token_));
    tokens = channels::parse_zalo_token_refresh(answer.status, answer.body, reason);
  } catch (const TransportError& e) {
    reason = e.what();
  }
  if (!tokens) {
    log::error("zalo.token_refresh_failed", {{"reason", reason}});
    return false;
  }
  access_token_ = tokens->access_token;
  refresh_token_ = tokens->refresh_token;
  refresh_due_at_ = now + tokens->expires_in.count() * 8 / 10;
  save(now);  // durable before first use: the old refresh token is spent
  log::info("zalo.token_refreshed", {{"expires_in", static_cast<long long>(tokens->expires_in.count())}});
  return true;
}

}  // namespace tipline::gateway
