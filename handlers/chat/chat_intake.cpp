#include "handlers/chat/chat_intake.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/crypto.hpp"
#include "common/encoding.hpp"
#include "handlers/channels/routing.hpp"
#include "handlers/tips/labels.hpp"
#include "handlers/tips/message_body.hpp"
#include "handlers/tips/ward_clock.hpp"
#include "triage/normalise.hpp"

namespace tipline::handlers {

namespace {

constexpr char payload_new_report[] = "TIP_NEW_REPORT";
constexpr char payload_add_information[] = "TIP_ADD_INFO";

std::string platform_name(channels::Channel channel) {
  return channel == channels::Channel::zalo ? "Zalo" : "Facebook";
}

std::string with_platform(std::string text, channels::Channel channel) {
  static constexpr std::string_view placeholder = "{platform}";
  const std::string name = platform_name(channel);
  for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + name.size()))
    text.replace(at, placeholder.size(), name);
  return text;
}

// The platform's time for the message when it is plausible, else our own clock: a
// redelivered or reordered message keeps its place in the conversation.
std::int64_t message_time(const channels::InboundEvent& event, std::int64_t now) {
  const std::int64_t at = event.timestamp_ms / 1000;
  if (at <= 0 || at > now + 300) return now;
  return at;
}

std::vector<AttachmentNote> attachment_notes(const channels::InboundEvent& event) {
  std::vector<AttachmentNote> notes;
  for (const auto& a : event.attachments) {
    AttachmentNote note{a.type, a.url, a.name, a.size, std::nullopt, std::nullopt};
    if (a.coordinates) {
      note.latitude = a.coordinates->latitude;
      note.longitude = a.coordinates->longitude;
    }
    notes.push_back(std::move(note));
  }
  return notes;
}

// What the web form would accept of a chat text: control characters other than newline
// and tab (a NUL included) become spaces, and the text is cut, on a character boundary,
// at `max_chars`. Sets `cut` when it had to cut.
std::string form_text(std::string_view text, std::size_t max_chars, bool& cut) {
  std::string out;
  out.reserve(std::min(text.size(), max_chars * 4));
  std::size_t chars = 0;
  cut = false;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (chars == max_chars) {
      cut = true;
      break;
    }
    if ((lead < 0x20 && lead != '\n' && lead != '\t') || lead == 0x7f)
      out.push_back(' ');
    else
      out.append(text.substr(i, width));
    i += width;
    ++chars;
  }
  return out;
}

// A sticker on its own says nothing about drugs; it neither starts nor extends a tip.
bool carries_content(const channels::InboundEvent& event) {
  if (!event.text.empty()) return true;
  for (const auto& a : event.attachments)
    if (a.type != "sticker") return true;
  return false;
}

}  // namespace

ChatSettings ChatSettings::from(const config::Config& config) {
  ChatSettings s;
  s.pseudonym_key = config.keys.pseudonym_key;
  s.quiet_window = config.channels.quiet_window;
  s.closing_words = config.channels.closing_words;
  s.replies = config.channels.replies;
  if (config.channels.zalo) s.zalo_reply_window = config.channels.zalo->reply_window;
  if (config.channels.messenger) s.messenger_reply_window = config.channels.messenger->reply_window;
  s.max_text_chars = config.form.max_text_chars;
  s.utc_offset_minutes = config.form.utc_offset_minutes;
  return s;
}

std::string reporter_pseudonym(std::string_view key, channels::Channel channel, std::string_view raw_id) {
  std::string message(domain::stored_name(channel));
  message += ':';
  message.append(raw_id);
  return encoding::to_base32(crypto::hmac_sha256(key, message)).substr(0, 26);
}

ChatIntake::ChatIntake(storage::ChatStore& chats, storage::TipStore& tips, const triage::Engine& engine, TipGrouping& grouping,
                       ChatSettings settings)
    : chats_(chats), tips_(tips), engine_(engine), grouping_(grouping), settings_(std::move(settings)) {
  for (const auto& word : settings_.closing_words) folded_closing_words_.push_back(triage::fold(word));
  for (auto channel : {channels::Channel::zalo, channels::Channel::messenger})
    replies_[static_cast<std::size_t>(channel)] = {with_platform(settings_.replies.first, channel),
                                                    with_platform(settings_.replies.later, channel)};
}

std::mutex& ChatIntake::stripe_for(const std::string& reporter) {
  return stripes_[std::hash<std::string>{}(reporter) % stripes_.size()];
}

bool ChatIntake::is_closing_word(std::string_view text) const {
  const std::string folded = triage::fold(text);
  if (folded.empty()) return false;
  for (const auto& word : folded_closing_words_)
    if (folded == word) return true;
  return false;
}

bool ChatIntake::may_file(const channels::InboundEvent& event) {
  using channels::EventKind;
  if (event.sender_id.empty() || event.sender_id.size() > ChatSettings::max_sender_id_bytes) return false;
  switch (event.kind) {
    case EventKind::withdraw:
      return true;
    case EventKind::postback:
      return event.payload == payload_new_report || event.payload == payload_add_information;
    case EventKind::message:
      return carries_content(event);
    default:
      return false;
  }
}

ChatOutcome ChatIntake::ingest(const channels::InboundEvent& event, std::int64_t now) {
  using channels::EventKind;
  ChatOutcome outcome;
  if (!may_file(event)) return outcome;
  storage::ChatIngest record;
  record.dedupe_hash = crypto::hmac_sha256(settings_.pseudonym_key, "dedupe:" + event.dedupe_key);
  record.reporter = reporter_pseudonym(settings_.pseudonym_key, event.channel, event.sender_id);
  if (event.kind == EventKind::withdraw) {
    std::lock_guard lock(stripe_for(record.reporter));
    outcome.kind = chats_.forget_reporter(record.reporter, record.dedupe_hash, now) ? ChatOutcome::Kind::stored
                                                                                    : ChatOutcome::Kind::duplicate;
    return outcome;
  }
  const bool postback = event.kind == EventKind::postback;

  record.channel = event.channel;
  record.received_at = now;
  record.message_at = message_time(event, now);
  record.quiet_window = settings_.quiet_window.count();
  record.reference_month = reference_month(now, settings_.utc_offset_minutes);
  record.reply_handle = channels::encode_routing({event.sender_id, event.conversation_id, event.anonymous_sender});
  const auto window =
      event.channel == channels::Channel::zalo ? settings_.zalo_reply_window : settings_.messenger_reply_window;
  // Counted from arrival: a platform clock that is off (or a long-delayed redelivery)
  // must not expire the handle before the first reply was tried; a reply the platform
  // finds outside its window comes back as a permanent error and is recorded.
  record.reply_handle_expires_at = now + window.count();

  std::lock_guard lock(stripe_for(record.reporter));
  if (chats_.inbound_seen(record.dedupe_hash)) {
    outcome.kind = ChatOutcome::Kind::duplicate;
    return outcome;
  }
  if (postback) {
    if (event.payload == payload_new_report) {
      record.close_thread = true;
      record.reply_without_message = settings_.replies.new_report;
    } else {
      record.reply_without_message = settings_.replies.add_information;
    }
  } else if (event.attachments.empty() && is_closing_word(event.text)) {
    record.close_thread = true;  // the word itself says nothing worth filing
  } else {
    bool cut = false;
    const std::string text = form_text(event.text, settings_.max_text_chars, cut);
    auto alone = engine_.classify(text, record.message_at);
    storage::NewMessage message;
    message.author = domain::Author::reporter;
    message.kind = domain::MessageKind::text;
    message.created_at = record.message_at;
    MessageBody body;
    body.text = text;
    body.attachments = attachment_notes(event);
    body.pii = pii_spans(alone);
    message.body = encode_message_body(body);
    record.message = std::move(message);
    if (auto thread = chats_.open_thread(record.reporter, record.message_at, record.quiet_window)) {
      if (auto tip = tips_.reporter_words(thread->tip_id)) {
        auto all = engine_.classify(reporter_text(tip->bodies) + "\n" + text, record.message_at);
        auto labels = labels_of(all, tip->labels.area);
        labels.group = tip->labels.group;  // suggested once; officers confirm or split
        record.thread_tip = thread->tip_id;
        record.labels_if_joined = std::move(labels);
      }
    }
    record.labels_if_new = labels_of(alone, std::nullopt);
    if (!record.thread_tip) record.labels_if_new.group = grouping_.assign(alone, record.message_at);
    const auto& replies = replies_[static_cast<std::size_t>(event.channel)];
    record.reply_if_new = replies.first;
    record.reply_if_joined = replies.later;
    if (cut) {
      // Said to the reporter at once, so nothing they wrote is lost without them knowing.
      std::string note = settings_.replies.cut;
      if (auto at = note.find("{max}"); at != std::string::npos)
        note.replace(at, 5, std::to_string(settings_.max_text_chars));
      record.reply_if_new += " " + note;
      record.reply_if_joined += " " + note;
    }
  }

  auto result = chats_.ingest_chat(record);
  if (result.duplicate) {
    outcome.kind = ChatOutcome::Kind::duplicate;
    return outcome;
  }
  outcome.kind = ChatOutcome::Kind::stored;
  outcome.reference = result.reference;
  outcome.new_tip = result.new_tip;
  outcome.reply_queued = result.outbox_id.has_value();
  if (outcome.reply_queued && reply_queued_) reply_queued_();
  return outcome;
}

}  // namespace tipline::handlers
