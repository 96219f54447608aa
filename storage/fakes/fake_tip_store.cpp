#include "storage/fakes/fake_tip_store.hpp"

#include <algorithm>
#include <cstdio>

#include "storage/fakes/unsupported.hpp"

namespace tipline::storage::fakes {

FakeTipStore::Kept& FakeTipStore::kept(std::int64_t tip_id) {
  auto it = tips_.find(tip_id);
  if (it == tips_.end()) throw StoreError("storage fake: no tip " + std::to_string(tip_id));
  return it->second;
}

CreatedTip FakeTipStore::create_tip(const NewTip& tip) {
  Kept k;
  k.tip.id = tips_.empty() ? 1 : tips_.rbegin()->first + 1;
  char reference[32];
  std::snprintf(reference, sizeof reference, "TL-%s-%04lld", tip.reference_month.c_str(),
                static_cast<long long>(++last_in_month_[tip.reference_month]));
  k.tip.reference = reference;
  k.tip.channel = tip.channel;
  k.tip.status = domain::Status::new_;
  k.tip.created_at = tip.received_at;
  k.tip.updated_at = tip.received_at;
  k.tip.labels = tip.labels;
  k.tip.from_chat = tip.reporter.has_value();
  k.tip.has_receipt = tip.receipt_hash.has_value();
  k.receipt_hash = tip.receipt_hash;
  k.reporter = tip.reporter;
  const CreatedTip created{k.tip.id, k.tip.reference};
  tips_.emplace(created.id, std::move(k));
  add_message(created.id, tip.first_message);
  return created;
}

std::int64_t FakeTipStore::add_message(std::int64_t tip_id, const NewMessage& message) {
  auto& tip = kept(tip_id).tip;
  StoredMessage stored;
  stored.id = ++last_message_id_;
  stored.author = message.author;
  stored.kind = message.kind;
  stored.created_at = message.created_at;
  stored.body = message.body;
  stored.attachment = message.attachment;
  stored.attachment_type = message.attachment_type;
  tip.messages.push_back(std::move(stored));
  tip.updated_at = std::max(tip.updated_at, message.created_at);
  return last_message_id_;
}

std::int64_t FakeTipStore::add_message_with_labels(std::int64_t tip_id, const NewMessage& message,
                                                   const Labels& labels) {
  const auto id = add_message(tip_id, message);
  update_labels(tip_id, labels);
  return id;
}

void FakeTipStore::update_labels(std::int64_t tip_id, const Labels& labels) {
  auto& tip = kept(tip_id).tip;
  // Triage fills a missing group but never replaces one: officers merge and split.
  const auto group = tip.labels.group ? tip.labels.group : labels.group;
  tip.labels = labels;
  tip.labels.group = group;
}

std::vector<std::int64_t> FakeTipStore::recent_tip_ids(std::int64_t, std::size_t) { unsupported("recent_tip_ids"); }

std::vector<std::int64_t> FakeTipStore::corrected_tip_ids() {
  std::vector<std::int64_t> ids;
  for (const auto& [id, k] : tips_)
    if (k.tip.correction) ids.push_back(id);
  return ids;
}

std::optional<std::int64_t> FakeTipStore::find_by_receipt(const std::string& receipt_hash) {
  for (const auto& [id, k] : tips_)
    if (k.receipt_hash == receipt_hash) return id;
  return std::nullopt;
}

std::optional<std::int64_t> FakeTipStore::find_by_reference(const std::string& reference) {
  for (const auto& [id, k] : tips_)
    if (k.tip.reference == reference) return id;
  return std::nullopt;
}

std::optional<ReporterWords> FakeTipStore::reporter_words(std::int64_t) { unsupported("reporter_words"); }

std::optional<StoredTip> FakeTipStore::load_tip(std::int64_t tip_id) {
  auto it = tips_.find(tip_id);
  if (it == tips_.end()) return std::nullopt;
  return it->second.tip;
}

std::int64_t FakeTipStore::count_tips() { return static_cast<std::int64_t>(tips_.size()); }

}  // namespace tipline::storage::fakes
