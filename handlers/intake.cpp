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

std::string triage_text(const WebTip& tip) { return tip.what + "\n" + tip.where + "\n" + tip.when; }

nlohmann::json pii_json(const triage::Result& result) {
  auto spans = nlohmann::json::array();
  for (const auto& span : result.pii)
    spans.push_back({{"type", span.type}, {"owner", span.owner}, {"start", span.start}, {"end", span.end}});
  return spans;
}

storage::Labels labels_of(const triage::Result& result, const std::optional<std::string>& chosen_area) {
  storage::Labels labels;
  labels.drug_related = result.drug_related;
  labels.categories = result.categories;
  labels.priority = result.priority;
  // The reporter's own choice from the list beats what the text suggests.
  labels.area = chosen_area ? chosen_area : result.area;
  return labels;
}

WebTipReceipt Intake::submit_web_tip(const WebTip& tip) {
  WebTipReceipt receipt{{}, new_receipt_code()};
  auto result = engine_.classify(triage_text(tip), tip.now);
  storage::NewTip record;
  record.channel = "web";
  record.received_at = tip.now;
  record.reference_month = reference_month(tip.now, utc_offset_minutes_);
  record.receipt_hash = hasher_.hash(receipt.code.digits);
  record.labels = labels_of(result, tip.area_id);
  record.labels.group = grouping_.assign(result, tip.now);
  // The three answers travel together, sealed as one JSON document.
  nlohmann::json body{{"what", tip.what}, {"where", tip.where}, {"when", tip.when}, {"pii", pii_json(result)}};
  record.first_message = reporter_message(body.dump(), tip.photo, tip.now);
  receipt.reference = store_.create_tip(record).reference;
  return receipt;
}

std::optional<std::int64_t> Intake::find_by_receipt(const std::string& digits) {
  return store_.find_by_receipt(hasher_.hash(digits));
}

void Intake::add_information(std::int64_t tip_id, const AddedInformation& info) {
  auto tip = store_.reporter_words(tip_id);
  if (!tip) throw storage::StoreError("tip to add information to does not exist");
  auto added = engine_.classify(info.text, info.now);
  nlohmann::json body{{"text", info.text}, {"pii", pii_json(added)}};

  auto result = engine_.classify(reporter_text(tip->bodies) + "\n" + info.text, info.now);
  // An area the tip already has (the reporter's choice, or found earlier) stays;
  // text added later only fills a gap.
  auto labels = labels_of(result, tip->labels.area);
  labels.group = tip->labels.group;  // grouping is suggested once; officers confirm or split it
  store_.add_message_with_labels(tip_id, reporter_message(body.dump(), info.photo, info.now), labels);
}

}  // namespace tipline::handlers
