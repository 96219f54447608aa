#include "shared/signed_webhooks.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>

#include "common/crypto.hpp"
#include "common/encoding.hpp"

namespace tipline::testing {

std::string channel_fixture(const std::string& name) {
  std::ifstream in(std::string(TIPLINE_SOURCE_DIR) + "/tests/fixtures/channels/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string zalo_signature(const std::string& body) {
  auto doc = nlohmann::json::parse(body);
  std::string timestamp = doc["timestamp"].is_string() ? doc["timestamp"].get<std::string>()
                                                       : std::to_string(doc["timestamp"].get<std::int64_t>());
  return "mac=" + encoding::to_hex(crypto::sha256(zalo_app_id + body + timestamp + zalo_oa_secret));
}

std::string messenger_signature(const std::string& body) {
  return "sha256=" + encoding::to_hex(crypto::hmac_sha256(messenger_app_secret, body));
}

}  // namespace tipline::testing
