#include "handlers/webform/web_intake.hpp"

#include "handlers/tips/labels.hpp"
#include "handlers/tips/message_body.hpp"
#include "handlers/tips/ward_clock.hpp"

namespace tipline::handlers {

namespace {

storage::NewMessage reporter_message(std::string body, const std::optional<Photo>& photo, std::int64_t now) {
  storage::NewMessage m;
  m.author = domain::Author::reporter;
  m.kind = domain::MessageKind::text;
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

WebTipReceipt Intake::submit_web_tip(const WebTip& tip) {
  WebTipReceipt receipt{{}, new_receipt_code()};
  auto result = engine_.classify(triage_text(tip), tip.now);
  storage::NewTip record;
  record.channel = domain::Channel::web;
  record.received_at = tip.now;
  record.reference_month = reference_month(tip.now, utc_offset_minutes_);
  record.receipt_hash = hasher_.hash(receipt.code.digits);
  record.labels = labels_of(result, tip.area_id);
  record.labels.group = grouping_.assign(result, tip.now);
  // The three answers travel together, sealed as one record.
  MessageBody body;
  body.answers = WebAnswers{tip.what, tip.where, tip.when};
  body.pii = pii_spans(result);
  record.first_message = reporter_message(encode_message_body(body), tip.photo, tip.now);
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
  MessageBody body;
  body.text = info.text;
  body.pii = pii_spans(added);

  auto result = engine_.classify(reporter_text(tip->bodies) + "\n" + info.text, info.now);
  // An area the tip already has (the reporter's choice, or found earlier) stays;
  // text added later only fills a gap.
  auto labels = labels_of(result, tip->labels.area);
  labels.group = tip->labels.group;  // grouping is suggested once; officers confirm or split it
  store_.add_message_with_labels(tip_id, reporter_message(encode_message_body(body), info.photo, info.now), labels);
}

}  // namespace tipline::handlers
