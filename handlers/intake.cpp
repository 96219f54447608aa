#include "handlers/intake.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace tipline::handlers {

std::string reference_month(std::int64_t unix_seconds, int utc_offset_minutes) {
  std::time_t local = static_cast<std::time_t>(unix_seconds + std::int64_t{utc_offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d", (tm.tm_year + 1900) % 100, tm.tm_mon + 1);
  return buf;
}

namespace {

storage::NewMessage reporter_message(std::string body, const std::optional<Photo>& photo, std::int64_t now) {
  storage::NewMessage m;
  m.author = "reporter";
  m.kind = "text";
  m.created_at = now;
  m.body = std::move(body);
  if (photo) {
    m.attachment = photo->bytes;
    m.attachment_type = photo->media_type;
  }
  return m;
}

}  // namespace

WebTipReceipt Intake::submit_web_tip(const WebTip& tip) {
  WebTipReceipt receipt{{}, new_receipt_code()};
  storage::NewTip record;
  record.channel = "web";
  record.received_at = tip.now;
  record.reference_month = reference_month(tip.now, utc_offset_minutes_);
  record.receipt_hash = hasher_.hash(receipt.code.digits);
  record.labels.area = tip.area_id;
  // The three answers travel together, sealed as one JSON document.
  nlohmann::json body{{"what", tip.what}, {"where", tip.where}, {"when", tip.when}};
  record.first_message = reporter_message(body.dump(), tip.photo, tip.now);
  receipt.reference = store_.create_tip(record).reference;
  return receipt;
}

std::optional<std::int64_t> Intake::find_by_receipt(const std::string& digits) {
  return store_.find_by_receipt(hasher_.hash(digits));
}

void Intake::add_information(std::int64_t tip_id, const AddedInformation& info) {
  nlohmann::json body{{"text", info.text}};
  store_.add_message(tip_id, reporter_message(body.dump(), info.photo, info.now));
}

}  // namespace tipline::handlers
