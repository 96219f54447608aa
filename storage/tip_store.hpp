#pragma once
// Tips and their messages, as every intake path writes them and the status page and
// the console read them. Every write returns only after its transaction is durably
// committed, so a caller may acknowledge the reporter as soon as it returns. Bodies
// and attachments are plaintext here and sealed inside the store; labels, status and
// timestamps stay in clear so the queue can be queried.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/errors.hpp"

namespace tipline::storage {

struct Workflow {
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> deadline;
  std::optional<domain::Outcome> outcome;
  std::optional<std::int64_t> first_action_at;
  std::optional<std::int64_t> closed_at;
};

// Machine triage labels kept in clear on the tip row.
struct Labels {
  bool drug_related = true;
  std::vector<domain::Category> categories;
  domain::Priority priority = domain::Priority::normal;
  std::optional<std::string> area;      // ward area id such as "tdp-3"
  std::optional<std::string> group;     // duplicate-group key suggested by triage
};

struct NewMessage {
  domain::Author author = domain::Author::reporter;
  domain::MessageKind kind = domain::MessageKind::text;
  std::int64_t created_at = 0;      // unix seconds
  std::string body;                 // plaintext; sealed with the active data key
  std::optional<std::string> attachment;       // plaintext bytes (a stripped photo)
  std::optional<std::string> attachment_type;  // "image/jpeg" | "image/png"
};

struct NewTip {
  domain::Channel channel = domain::Channel::web;
  std::int64_t received_at = 0;     // unix seconds
  std::string reference_month;      // "YYMM" in the ward's local time, e.g. "2511"
  std::optional<std::string> receipt_hash;  // slow hash of the receipt code (web tips)
  std::optional<std::string> reporter;      // keyed pseudonym of a chat reporter
  Labels labels;
  NewMessage first_message;
};

struct CreatedTip {
  std::int64_t id = 0;
  std::string reference;  // "TL-2511-0042"
};

struct StoredMessage {
  std::int64_t id = 0;
  domain::Author author = domain::Author::reporter;
  domain::MessageKind kind = domain::MessageKind::text;
  std::int64_t created_at = 0;
  std::string body;
  std::optional<std::string> attachment;
  std::optional<std::string> attachment_type;
};

// An officer's view of what a tip is about, kept apart from the machine's labels so
// the triage can be measured against it.
struct LabelCorrection {
  std::string officer;
  std::int64_t created_at = 0;
  Labels labels;  // group is not corrected here: merging and splitting is its own action
};

struct StoredTip {
  std::int64_t id = 0;
  std::string reference;
  domain::Channel channel = domain::Channel::web;
  domain::Status status = domain::Status::new_;  // new on creation
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  Labels labels;                              // the machine's
  std::optional<LabelCorrection> correction;  // the latest officer's, if any
  Workflow workflow;
  bool from_chat = false;     // a chat reporter (replies go through the outbox)
  bool has_receipt = false;   // a web reporter (replies wait on the status page)
  std::vector<StoredMessage> messages;        // oldest first
};

// What triage re-reads of a tip when more is added or the grouping index is rebuilt:
// the machine's labels and the reporter's own messages, without officers' notes,
// system messages or attachments.
struct ReporterWords {
  std::int64_t id = 0;
  std::int64_t created_at = 0;
  Labels labels;
  std::vector<std::string> bodies;  // the reporter's message bodies, decrypted, oldest first
};

class TipStore {
 public:
  virtual ~TipStore() = default;

  // Creates a tip with its first message and assigns the next reference of its month.
  virtual CreatedTip create_tip(const NewTip& tip) = 0;

  // Appends a message to an existing tip and bumps its updated_at. Returns the id.
  virtual std::int64_t add_message(std::int64_t tip_id, const NewMessage& message) = 0;

  // Appends a message and replaces the machine labels in one commit (the reporter
  // added information and triage re-ran over everything).
  virtual std::int64_t add_message_with_labels(std::int64_t tip_id, const NewMessage& message,
                                               const Labels& labels) = 0;

  // Replaces the machine labels (triage re-run after the reporter added information).
  virtual void update_labels(std::int64_t tip_id, const Labels& labels) = 0;

  // Ids of tips created at or after `since`, oldest first (rebuilding the grouping index).
  virtual std::vector<std::int64_t> recent_tip_ids(std::int64_t since, std::size_t limit) = 0;

  // Ids of tips an officer has corrected the labels of, oldest first (retraining triage).
  virtual std::vector<std::int64_t> corrected_tip_ids() = 0;

  // The tip whose receipt hash matches exactly, if any.
  virtual std::optional<std::int64_t> find_by_receipt(const std::string& receipt_hash) = 0;

  // The tip with this reference ("TL-2511-0042"), if any.
  virtual std::optional<std::int64_t> find_by_reference(const std::string& reference) = 0;

  // The tip's labels and the reporter's messages only (no attachment is opened).
  virtual std::optional<ReporterWords> reporter_words(std::int64_t tip_id) = 0;

  // The tip with its messages decrypted, if it exists.
  virtual std::optional<StoredTip> load_tip(std::int64_t tip_id) = 0;

  virtual std::int64_t count_tips() = 0;
};

}  // namespace tipline::storage
