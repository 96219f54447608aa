#include "storage/tip_rows.hpp"

#include <cstdio>
#include <stdexcept>

#include "storage/keyring.hpp"
#include "storage/row_support.hpp"
#include "storage/sqlite_handle.hpp"
#include "storage/statements.hpp"

namespace tipline::storage::tip_rows {

namespace {

constexpr char body_field[] = "body";
constexpr char attachment_field[] = "attachment";

bool is_month(const std::string& month) {
  if (month.size() != 4) return false;
  for (char c : month) {
    if (c < '0' || c > '9') return false;
  }
  const int mm = (month[2] - '0') * 10 + (month[3] - '0');
  return mm >= 1 && mm <= 12;
}

std::string format_reference(const std::string& month, std::int64_t sequence) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%04lld", static_cast<long long>(sequence));
  return "TL-" + month + "-" + digits;
}

bool tip_exists(Connection& db, std::int64_t tip_id) {
  Statement query(db, sql::tip_exists);
  query.bind_int(1, tip_id);
  return query.step();
}

std::int64_t insert_message_row(Connection& db, const Keyring& keys, std::int64_t tip_id,
                                const NewMessage& message, std::int64_t created_at) {
  std::int64_t seq = 0;
  {
    Statement next(db, sql::next_message_seq);
    next.bind_int(1, tip_id);
    next.step();
    seq = next.column_int(0);
  }
  const std::uint32_t key_id = keys.active_id();
  const SealedValue body = keys.seal(message.body, message_aad(body_field, tip_id, seq, key_id));
  std::optional<std::string> attachment;
  if (message.attachment) {
    attachment = keys.seal(*message.attachment,
                           message_aad(attachment_field, tip_id, seq, key_id)).bytes;
  }
  Statement insert(db, sql::insert_message);
  insert.bind_int(1, tip_id);
  insert.bind_int(2, seq);
  bind_word(insert, 3, message.author);
  bind_word(insert, 4, message.kind);
  insert.bind_int(5, created_at);
  insert.bind_int(6, key_id);
  insert.bind_blob(7, body.bytes);
  insert.bind_blob(8, attachment);
  insert.bind_text(9, message.attachment_type);
  insert.run();
  return db.last_insert_rowid();
}

}  // namespace

// Stored names are plain words without commas, so joining them cannot blur two.
std::string join_categories(const std::vector<domain::Category>& categories) {
  std::string joined;
  for (const auto category : categories) {
    if (!joined.empty()) joined += ',';
    joined += stored_word(category);
  }
  return joined;
}

std::vector<domain::Category> split_categories(const std::string& joined) {
  std::vector<domain::Category> categories;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    categories.push_back(word_from_row<domain::Category>(std::string_view(joined).substr(start, comma - start)));
    start = comma + 1;
  }
  return categories;
}

std::string message_aad(std::string_view field, std::int64_t tip_id, std::int64_t seq,
                        std::uint32_t key_id) {
  std::string aad = "tipline/tip_messages/";
  aad.append(field);
  aad += "/v1:" + std::to_string(tip_id) + ":" + std::to_string(seq) + ":" +
         std::to_string(key_id);
  return aad;
}

void validate(const NewMessage& message) {
  if (message.attachment.has_value() != message.attachment_type.has_value()) {
    throw std::invalid_argument("storage: attachment and attachment_type go together");
  }
}

void validate(const NewTip& tip) {
  if (!is_month(tip.reference_month)) {
    throw std::invalid_argument("storage: reference_month must be YYMM");
  }
  if (tip.receipt_hash && tip.receipt_hash->empty()) {
    throw std::invalid_argument("storage: empty receipt hash");
  }
  validate(tip.first_message);
}

CreatedTip insert_tip(Connection& db, const Keyring& keys, const NewTip& tip) {
  std::int64_t sequence = 0;
  {
    Statement next(db, sql::next_reference);
    next.bind_text(1, tip.reference_month);
    if (!next.step()) throw StoreError("storage: reference counter returned no row");
    sequence = next.column_int(0);
  }
  CreatedTip created;
  created.reference = format_reference(tip.reference_month, sequence);
  const std::string categories = join_categories(tip.labels.categories);
  {
    Statement insert(db, sql::insert_tip);
    insert.bind_text(1, created.reference);
    bind_word(insert, 2, tip.channel);
    insert.bind_int(3, tip.received_at);
    insert.bind_int(4, tip.labels.drug_related ? 1 : 0);
    insert.bind_text(5, categories);
    bind_word(insert, 6, tip.labels.priority);
    insert.bind_text(7, tip.labels.area);
    insert.bind_text(8, tip.labels.group);
    insert.bind_blob(9, tip.receipt_hash);
    insert.bind_text(10, tip.reporter);
    insert.run();
  }
  created.id = db.last_insert_rowid();
  const std::int64_t message_time =
      tip.first_message.created_at != 0 ? tip.first_message.created_at : tip.received_at;
  insert_message_row(db, keys, created.id, tip.first_message, message_time);
  return created;
}

std::int64_t insert_message(Connection& db, const Keyring& keys, std::int64_t tip_id,
                            const NewMessage& message) {
  if (!tip_exists(db, tip_id)) throw StoreError("storage: no tip " + std::to_string(tip_id));
  const std::int64_t id = insert_message_row(db, keys, tip_id, message, message.created_at);
  Statement touch(db, sql::touch_tip);
  touch.bind_int(1, tip_id);
  touch.bind_int(2, message.created_at);
  touch.run();
  return id;
}

void update_labels(Connection& db, std::int64_t tip_id, const Labels& labels) {
  const std::string categories = join_categories(labels.categories);
  Statement update(db, sql::update_labels);
  update.bind_int(1, tip_id);
  update.bind_int(2, labels.drug_related ? 1 : 0);
  update.bind_text(3, categories);
  bind_word(update, 4, labels.priority);
  update.bind_text(5, labels.area);
  update.bind_text(6, labels.group);
  update.run();
  if (db.changes() == 0) throw StoreError("storage: no tip " + std::to_string(tip_id));
}

std::optional<std::int64_t> find_by_receipt(Connection& db, const std::string& receipt_hash) {
  Statement query(db, sql::find_by_receipt);
  query.bind_blob(1, receipt_hash);
  if (!query.step()) return std::nullopt;
  return query.column_int(0);
}

std::optional<StoredTip> load_tip(Connection& db, const Keyring& keys, std::int64_t tip_id) {
  // One snapshot for the tip and its messages, so a message committed in between
  // cannot appear without the updated_at that came with it.
  Transaction snapshot(db, Transaction::Kind::deferred);
  StoredTip tip;
  {
    Statement query(db, sql::select_tip);
    query.bind_int(1, tip_id);
    if (!query.step()) return std::nullopt;
    tip.id = query.column_int(0);
    tip.reference = query.column_text(1);
    tip.channel = column_word<domain::Channel>(query, 2);
    tip.status = column_word<domain::Status>(query, 3);
    tip.created_at = query.column_int(4);
    tip.updated_at = query.column_int(5);
    tip.labels.drug_related = query.column_int(6) != 0;
    tip.labels.categories = split_categories(query.column_text(7));
    tip.labels.priority = column_word<domain::Priority>(query, 8);
    tip.labels.area = query.column_optional_text(9);
    tip.labels.group = query.column_optional_text(10);
    if (!query.column_is_null(11)) tip.workflow.assignee_id = query.column_int(11);
    if (!query.column_is_null(12)) tip.workflow.deadline = query.column_int(12);
    tip.workflow.outcome = column_optional_word<domain::Outcome>(query, 13);
    if (!query.column_is_null(14)) tip.workflow.first_action_at = query.column_int(14);
    if (!query.column_is_null(15)) tip.workflow.closed_at = query.column_int(15);
    tip.from_chat = query.column_int(16) != 0;
    tip.has_receipt = query.column_int(17) != 0;
  }
  {
    Statement correction(db, sql::latest_correction);
    correction.bind_int(1, tip_id);
    if (correction.step()) {
      LabelCorrection c;
      c.officer = correction.column_text(0);
      c.created_at = correction.column_int(1);
      c.labels.drug_related = correction.column_int(2) != 0;
      c.labels.categories = split_categories(correction.column_text(3));
      c.labels.priority = column_word<domain::Priority>(correction, 4);
      c.labels.area = correction.column_optional_text(5);
      tip.correction = std::move(c);
    }
  }
  Statement query(db, sql::select_messages);
  query.bind_int(1, tip_id);
  while (query.step()) {
    StoredMessage message;
    message.id = query.column_int(0);
    const std::int64_t seq = query.column_int(1);
    message.author = column_word<domain::Author>(query, 2);
    message.kind = column_word<domain::MessageKind>(query, 3);
    message.created_at = query.column_int(4);
    const auto key_id = static_cast<std::uint32_t>(query.column_int(5));
    message.body = keys.open(key_id, query.column_blob(6),
                             message_aad(body_field, tip_id, seq, key_id));
    if (auto sealed = query.column_optional_blob(7)) {
      message.attachment =
          keys.open(key_id, *sealed, message_aad(attachment_field, tip_id, seq, key_id));
    }
    message.attachment_type = query.column_optional_text(8);
    tip.messages.push_back(std::move(message));
  }
  return tip;
}

void insert_correction(Connection& db, std::int64_t tip_id, const LabelCorrection& correction) {
  if (!tip_exists(db, tip_id)) throw StoreError("storage: no tip " + std::to_string(tip_id));
  const std::string categories = join_categories(correction.labels.categories);
  Statement insert(db, sql::insert_correction);
  insert.bind_int(1, tip_id);
  insert.bind_text(2, correction.officer);
  insert.bind_int(3, correction.created_at);
  insert.bind_int(4, correction.labels.drug_related ? 1 : 0);
  insert.bind_text(5, categories);
  bind_word(insert, 6, correction.labels.priority);
  insert.bind_text(7, correction.labels.area);
  insert.run();
}

std::vector<std::int64_t> recent_tip_ids(Connection& db, std::int64_t since, std::size_t limit) {
  Statement query(db, sql::recent_tip_ids);
  query.bind_int(1, since);
  query.bind_int(2, static_cast<std::int64_t>(limit));
  std::vector<std::int64_t> ids;
  while (query.step()) ids.push_back(query.column_int(0));
  return ids;
}

std::vector<std::int64_t> corrected_tip_ids(Connection& db) {
  Statement query(db, sql::corrected_tip_ids);
  std::vector<std::int64_t> ids;
  while (query.step()) ids.push_back(query.column_int(0));
  return ids;
}

std::optional<ReporterWords> reporter_words(Connection& db, const Keyring& keys, std::int64_t tip_id) {
  Transaction snapshot(db, Transaction::Kind::deferred);
  ReporterWords words;
  {
    Statement query(db, sql::select_tip_labels);
    query.bind_int(1, tip_id);
    if (!query.step()) return std::nullopt;
    words.id = query.column_int(0);
    words.created_at = query.column_int(1);
    words.labels.drug_related = query.column_int(2) != 0;
    words.labels.categories = split_categories(query.column_text(3));
    words.labels.priority = column_word<domain::Priority>(query, 4);
    words.labels.area = query.column_optional_text(5);
    words.labels.group = query.column_optional_text(6);
  }
  Statement query(db, sql::select_reporter_bodies);
  query.bind_int(1, tip_id);
  while (query.step()) {
    const std::int64_t seq = query.column_int(0);
    const auto key_id = static_cast<std::uint32_t>(query.column_int(1));
    words.bodies.push_back(keys.open(key_id, query.column_blob(2), message_aad(body_field, tip_id, seq, key_id)));
  }
  return words;
}

std::int64_t count_tips(Connection& db) {
  Statement query(db, sql::count_tips);
  query.step();
  return query.column_int(0);
}

}  // namespace tipline::storage::tip_rows
