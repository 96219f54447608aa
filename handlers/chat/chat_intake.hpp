#pragma once
// The intake use case for chats: a verified platform event becomes part of an
// anonymous tip. The sender's id is turned into a keyed pseudonym at once; the raw id
// only travels on, sealed, as the reply handle the outbox needs to answer.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/channels/inbound_event.hpp"
#include "handlers/tips/tip_grouping.hpp"
#include "storage/chat_store.hpp"
#include "triage/triage.hpp"
#include "webhook-config/config.hpp"

namespace tipline::handlers {

struct ChatSettings {
  std::string pseudonym_key;
  std::chrono::seconds quiet_window{30 * 60};
  std::vector<std::string> closing_words;
  config::ReplyTexts replies;
  std::chrono::seconds zalo_reply_window{7 * 24 * 60 * 60};
  std::chrono::seconds messenger_reply_window{24 * 60 * 60};
  int utc_offset_minutes = 7 * 60;
  // Chat text is held to the web form's rules: this many characters at most.
  std::size_t max_text_chars = 5000;
  // Longer sender ids are no platform's: such events are not filed.
  static constexpr std::size_t max_sender_id_bytes = 256;

  static ChatSettings from(const config::Config& config);
};

struct ChatOutcome {
  enum class Kind { stored, duplicate, ignored };
  Kind kind = Kind::ignored;
  std::string reference;  // the tip the event went to, if any (safe to log)
  bool new_tip = false;
  bool reply_queued = false;
};

class ChatIntake final {
 public:
  ChatIntake(storage::ChatStore& chats, storage::TipStore& tips, const triage::Engine& engine, TipGrouping& grouping, ChatSettings settings);

  // Files one event; returns once everything it wrote is committed. Events that carry
  // nothing for a tip (receipts, echoes, follows, stickers, user_submit_info) write
  // nothing at all.
  ChatOutcome ingest(const channels::InboundEvent& event, std::int64_t now);
  // False for events ingest() ignores whatever the store holds (receipts, echoes,
  // follows, stickers alone, buttons that are not ours): nothing to keep for them.
  static bool may_file(const channels::InboundEvent& event);

  // Called after a commit that queued a reply, so the outbox dispatcher can wake.
  void on_reply_queued(std::function<void()> listener) { reply_queued_ = std::move(listener); }

 private:
  std::mutex& stripe_for(const std::string& reporter);
  bool is_closing_word(std::string_view text) const;

  storage::ChatStore& chats_;
  storage::TipStore& tips_;
  const triage::Engine& engine_;
  TipGrouping& grouping_;
  ChatSettings settings_;
  std::vector<std::string> folded_closing_words_;
  struct Replies {
    std::string first;  // acknowledgement of a new tip
    std::string later;  // note for a message joining one
  };
  // By Channel, {platform} filled in; the web form's slot stays empty.
  std::array<Replies, domain::all<domain::Channel>().size()> replies_;
  std::function<void()> reply_queued_;
  // One reporter's events are filed one at a time (threading reads, then writes);
  // different reporters' run in parallel.
  std::array<std::mutex, 64> stripes_;
};

// HMAC-SHA256(key, channel ":" raw_id), base32, 26 characters (130 bits).
std::string reporter_pseudonym(std::string_view key, channels::Channel channel, std::string_view raw_id);

}  // namespace tipline::handlers
