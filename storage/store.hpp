#pragma once
// The one storage interface. Handlers and the intake use case talk to a Store; the
// SQLite implementation lives in sqlite_store.hpp (PostgreSQL may follow).
//
// Every write method returns only after its transaction is durably committed, so a
// caller may acknowledge the reporter as soon as it returns. Message bodies and
// attachments are plaintext here and encrypted inside the store; triage labels,
// status and timestamps stay in clear so the officers' queue can be queried.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tipline::storage {

// Machine triage labels kept in clear on the tip row.
struct Labels {
  bool drug_related = true;
  std::vector<std::string> categories;  // e.g. {"dealing", "youth"}
  std::string priority = "normal";      // "urgent" | "high" | "normal" | "low"
  std::optional<std::string> area;      // ward area id such as "tdp-3"
  std::optional<std::string> group;     // duplicate-group key suggested by triage
};

struct NewMessage {
  std::string author = "reporter";  // "reporter" | "officer" | "system"
  std::string kind = "text";        // "text" | "question" | "answer" | "note"
  std::int64_t created_at = 0;      // unix seconds
  std::string body;                 // plaintext; sealed with the active data key
  std::optional<std::string> attachment;       // plaintext bytes (a stripped photo)
  std::optional<std::string> attachment_type;  // "image/jpeg" | "image/png"
};

struct NewTip {
  std::string channel = "web";      // "web" | "zalo" | "messenger"
  std::int64_t received_at = 0;     // unix seconds
  std::string reference_month;      // "YYMM" in the ward's local time, e.g. "2511"
  std::optional<std::string> receipt_hash;  // slow hash of the receipt code (web tips)
  Labels labels;
  NewMessage first_message;
};

struct CreatedTip {
  std::int64_t id = 0;
  std::string reference;  // "TL-2511-0042"
};

struct StoredMessage {
  std::int64_t id = 0;
  std::string author;
  std::string kind;
  std::int64_t created_at = 0;
  std::string body;
  std::optional<std::string> attachment;
  std::optional<std::string> attachment_type;
};

struct StoredTip {
  std::int64_t id = 0;
  std::string reference;
  std::string channel;
  std::string status;  // "new" on creation
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  Labels labels;
  std::vector<StoredMessage> messages;  // oldest first
};

// Thrown when the database cannot be opened, migrated or written. what() is an
// internal message for the operator's log; it never contains tip content.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when a write collides with a unique key (e.g. a receipt hash already in
// use). Writes whose collisions are expected report them as a result instead.
class DuplicateError : public StoreError {
 public:
  using StoreError::StoreError;
};

// Thrown when a sealed value cannot be opened: wrong or missing key, or tampering.
class DecryptError : public StoreError {
 public:
  using StoreError::StoreError;
};

class Store {
 public:
  virtual ~Store() = default;

  // Creates a tip with its first message and assigns the next reference of its month.
  virtual CreatedTip create_tip(const NewTip& tip) = 0;

  // Appends a message to an existing tip and bumps its updated_at. Returns the id.
  virtual std::int64_t add_message(std::int64_t tip_id, const NewMessage& message) = 0;

  // Replaces the machine labels (triage re-run after the reporter added information).
  virtual void update_labels(std::int64_t tip_id, const Labels& labels) = 0;

  // The tip whose receipt hash matches exactly, if any.
  virtual std::optional<std::int64_t> find_by_receipt(const std::string& receipt_hash) = 0;

  // The tip with its messages decrypted, if it exists.
  virtual std::optional<StoredTip> load_tip(std::int64_t tip_id) = 0;

  virtual std::int64_t count_tips() = 0;

  // True when the database answers a trivial query.
  virtual bool healthy() = 0;
};

}  // namespace tipline::storage
