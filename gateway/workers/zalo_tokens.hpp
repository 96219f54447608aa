#pragma once
// The Zalo OA access token. It lives 25 hours and its refresh token is single use,
// so the pair is refreshed by one owner, at 80% of its lifetime or when Zalo says it
// is invalid, and the new pair is committed (sealed) before it is used: a crash
// between the refresh and its use cannot lose the only valid refresh token.
#include <cstdint>
#include <string>

#include "gateway/https_client.hpp"
#include "storage/outbox_store.hpp"
#include "webhook-config/config.hpp"

namespace tipline::gateway {

class ZaloTokens final {
 public:
  ZaloTokens(storage::OutboxStore& store, const config::ZaloChannelConfig& zalo, const channels::Endpoints& endpoints,
             HttpsClient& client);

  // The token to send with; refreshed first when it is due. Empty when none is known.
  std::string access_token(std::int64_t now);

  // Refreshes now (Zalo answered -216/-220). False when the refresh failed; the
  // reason has been logged for the operators.
  bool refresh(std::int64_t now);

 private:
  void load();
  void save(std::int64_t now);

  storage::OutboxStore& store_;
  const config::ZaloChannelConfig& zalo_;
  const channels::Endpoints& endpoints_;
  HttpsClient& client_;
  std::string access_token_;
  std::string refresh_token_;
  std::int64_t refresh_due_at_ = 0;  // 0: unknown (a token from the config), refresh only when refused
};

}  // namespace tipline::gateway
