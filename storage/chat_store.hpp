#pragma once
// Chat reporters' threads, inbound deduplication and reply handles: filing one
// event writes its tip or message, thread state, handle and reply in one commit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.hpp"
#include "storage/errors.hpp"
#include "storage/tip_store.hpp"

namespace tipline::storage {

// One inbound chat event for ingest_chat(): deduplicated, threaded into a tip and
// answered, all in one transaction, so the webhook's 200 means all of it is durable.
struct ChatIngest {
  domain::Channel channel = domain::Channel::zalo;  // a chat channel (domain::is_chat)
  std::string dedupe_hash;  // keyed hash of the platform's message key
  std::string reporter;     // keyed pseudonym
  std::int64_t received_at = 0;  // server clock, unix seconds
  std::int64_t message_at = 0;   // the platform's time of the message, unix seconds
  std::int64_t quiet_window = 30 * 60;
  // The message to file. Without one (a button tap, a closing word with no open tip)
  // only the thread state, the reply handle and the reply are written.
  std::optional<NewMessage> message;
  // Triage of the message alone (used when it starts a tip), and of the thread's
  // text with it (used when it joins `thread_tip`, the thread the caller read; if the
  // thread changed meanwhile the message starts a tip instead).
  Labels labels_if_new;
  std::optional<std::int64_t> thread_tip;
  std::optional<Labels> labels_if_joined;
  bool close_thread = false;  // after this event, the next message starts a new tip
  std::string reference_month;
  // The raw platform routing data (sealed here) and when the platform's reply window closes.
  std::string reply_handle;
  std::int64_t reply_handle_expires_at = 0;
  // Reply texts; "{reference}" becomes the tip's reference. Empty: no reply. A
  // reply to a joined message is skipped while an earlier reply to the tip is pending,
  // so a burst of messages gets one answer.
  std::string reply_if_new;
  std::string reply_if_joined;
  std::string reply_without_message;
};

struct ChatIngestResult {
  bool duplicate = false;  // seen before: nothing was written
  std::optional<std::int64_t> tip_id;
  std::string reference;
  bool new_tip = false;
  std::optional<std::int64_t> outbox_id;
};

// The tip a reporter's next message would join, as the caller reads it before triage.
struct OpenThread {
  std::int64_t tip_id = 0;
  std::string reference;
  std::int64_t last_message_at = 0;
};

struct ReplyHandle {
  domain::Channel channel = domain::Channel::zalo;
  std::string routing;  // decrypted routing data, as given to ingest_chat
  std::int64_t expires_at = 0;
};

class ChatStore {
 public:
  virtual ~ChatStore() = default;

  // Runs as background work: it yields to writes someone is waiting on (see WriteQueue).
  virtual ChatIngestResult ingest_chat(const ChatIngest& event) = 0;
  // True when this dedupe hash has been ingested (a cheap pre-check; ingest_chat decides).
  virtual bool inbound_seen(const std::string& dedupe_hash) = 0;
  // The reporter's thread if its tip is still open and it has not been closed, and its
  // last message is within `quiet_window` of `at`.
  virtual std::optional<OpenThread> open_thread(const std::string& reporter, std::int64_t at,
                                                std::int64_t quiet_window) = 0;
  virtual std::optional<ReplyHandle> reply_handle(const std::string& reporter, std::int64_t now) = 0;
  // A reporter asked the platform to have us forget them: their reply handle and thread
  // go, their tips lose the pseudonym that linked them, and replies still waiting for
  // them are recorded as failed. The tips' content stays (it names no reporter).
  // Returns the number of tips unlinked.
  // `dedupe_hash` marks the request itself, so one filed twice (redelivered, or in a batch
  // filed again after a crash) is carried out once: nullopt the second time, when it
  // would otherwise forget messages that came after it.
  virtual std::optional<std::int64_t> forget_reporter(const std::string& reporter, const std::string& dedupe_hash,
                                                      std::int64_t now) = 0;
  // Deletes reply handles whose window has closed and dedupe records older than
  // `dedupe_before`. Returns the number of reply handles deleted.
  virtual std::size_t purge_expired(std::int64_t now, std::int64_t dedupe_before) = 0;
};

}  // namespace tipline::storage
