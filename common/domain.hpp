#pragma once
// The product's words, each said once: what a tip, a message, an officer or a session
// can be, the name each value is stored under (database rows, forms, configuration)
// and what officers read for it in Vietnamese and English. Lookups run over small
// constant tables, at compile time where the caller likes, and allocate nothing.
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace tipline::domain {

// Each enum is declared in the order the console lists it; the tables below follow it.
enum class Channel { web, zalo, messenger };
enum class Priority { urgent, high, normal, low };
enum class Category {
  dealing,
  use_den,
  use,
  post_rehab,
  trafficking,
  cultivation,
  youth,
  disguised,
  online,
  wanted,
  other,
  spam
};
enum class Status { new_, verifying, actioned, transferred, unfounded, spam, closed };
enum class Outcome { arrested, administrative, rehab, transferred, monitoring, no_evidence, duplicate, spam, other };
enum class Role { admin, leader, officer, viewer };
enum class Author { reporter, officer, system };
enum class MessageKind { text, question, answer, note, reply_failed };
enum class OutboxKind { ack, received, prompt, officer };
enum class SessionStage { second_factor, change_password, full };
enum class Language { vi, en };

template <class E>
struct Term {
  E value;
  std::string_view stored;  // a plain lower-case word: safe in SQL quotes, URLs and JSON
  std::string_view vi;
  std::string_view en;
};

// Specialised below for every enum above: `what` names the vocabulary in messages,
// `terms` holds one Term per value, in declaration order.
template <class E>
struct Vocabulary;

template <class E>
concept vocabulary_enum = std::is_enum_v<E> && requires { Vocabulary<E>::terms; };

template <vocabulary_enum E>
constexpr std::span<const Term<E>> terms() {
  return Vocabulary<E>::terms;
}

namespace detail {

// Tables are in declaration order (domain.cpp checks it), so a value is its own index.
template <vocabulary_enum E>
constexpr const Term<E>* term_of(E value) {
  const auto index = static_cast<std::size_t>(value);
  return index < std::size(Vocabulary<E>::terms) ? &Vocabulary<E>::terms[index] : nullptr;
}

template <vocabulary_enum E, std::size_t... I>
constexpr std::array<E, sizeof...(I)> values_of(std::index_sequence<I...>) {
  return {Vocabulary<E>::terms[I].value...};
}

template <vocabulary_enum E>
inline constexpr auto all_values = values_of<E>(std::make_index_sequence<std::size(Vocabulary<E>::terms)>());

}  // namespace detail

// Every value, in the order the console lists them.
template <vocabulary_enum E>
constexpr std::span<const E> all() {
  return detail::all_values<E>;
}

// Empty for a value outside the enum (a cast from a bad integer).
template <vocabulary_enum E>
constexpr std::string_view stored_name(E value) {
  const auto* term = detail::term_of(value);
  return term ? term->stored : std::string_view();
}

template <vocabulary_enum E>
constexpr std::string_view label(E value, Language language) {
  const auto* term = detail::term_of(value);
  if (!term) return {};
  return language == Language::en ? term->en : term->vi;
}

// Exact match only: no case folding or trimming, so what is stored is what was checked.
template <vocabulary_enum E>
constexpr std::optional<E> parse(std::string_view stored) {
  for (const auto& term : Vocabulary<E>::terms)
    if (term.stored == stored) return term.value;
  return std::nullopt;
}

// The stored names of the values `keep` accepts, quoted for an SQL `IN (...)` list:
// "'urgent', 'high', 'normal', 'low'". Stored names are plain words, so nothing needs escaping.
template <vocabulary_enum E, class Keep>
std::string sql_list(Keep keep) {
  std::string list;
  for (const auto& term : Vocabulary<E>::terms) {
    if (!keep(term.value)) continue;
    if (!list.empty()) list += ", ";
    list += '\'';
    list += term.stored;
    list += '\'';
  }
  return list;
}

template <vocabulary_enum E>
std::string sql_list() {
  return sql_list<E>([](E) { return true; });
}

// Channels a reporter chats on: their replies go out through the platform's send API,
// and their webhooks are kept as deliveries until filed.
constexpr bool is_chat(Channel channel) { return channel != Channel::web; }

// ---- The tables ------------------------------------------------------------------------

template <>
struct Vocabulary<Channel> {
  static constexpr std::string_view what = "channel";
  static constexpr Term<Channel> terms[] = {
      {Channel::web, "web", "Biểu mẫu web", "Web form"},
      {Channel::zalo, "zalo", "Zalo", "Zalo"},
      {Channel::messenger, "messenger", "Messenger (Facebook)", "Messenger (Facebook)"},
  };
};

template <>
struct Vocabulary<Priority> {
  static constexpr std::string_view what = "priority";
  static constexpr Term<Priority> terms[] = {
      {Priority::urgent, "urgent", "Khẩn", "Urgent"},
      {Priority::high, "high", "Cao", "High"},
      {Priority::normal, "normal", "Thường", "Normal"},
      {Priority::low, "low", "Thấp", "Low"},
  };
};

template <>
struct Vocabulary<Category> {
  static constexpr std::string_view what = "category";
  static constexpr Term<Category> terms[] = {
      {Category::dealing, "dealing", "Mua bán", "Dealing"},
      {Category::use_den, "use_den", "Tụ điểm sử dụng", "Place of use"},
      {Category::use, "use", "Sử dụng", "Use"},
      {Category::post_rehab, "post_rehab", "Sau cai nghiện", "After rehab"},
      {Category::trafficking, "trafficking", "Vận chuyển", "Trafficking"},
      {Category::cultivation, "cultivation", "Trồng cây", "Cultivation"},
      {Category::youth, "youth", "Học sinh, thanh thiếu niên", "Youth"},
      {Category::disguised, "disguised", "Trá hình (vape, nước uống)", "Disguised"},
      {Category::online, "online", "Trên mạng", "Online"},
      {Category::wanted, "wanted", "Đối tượng truy nã", "Wanted"},
      {Category::other, "other", "Khác", "Other"},
      {Category::spam, "spam", "Tin rác", "Spam"},
  };
};

template <>
struct Vocabulary<Status> {
  static constexpr std::string_view what = "status";
  static constexpr Term<Status> terms[] = {
      {Status::new_, "new", "Mới", "New"},
      {Status::verifying, "verifying", "Đang xác minh", "Verifying"},
      {Status::actioned, "actioned", "Đã xử lý", "Actioned"},
      {Status::transferred, "transferred", "Đã chuyển", "Transferred"},
      {Status::unfounded, "unfounded", "Không có cơ sở", "Unfounded"},
      {Status::spam, "spam", "Tin rác", "Spam"},
      {Status::closed, "closed", "Đã đóng", "Closed"},
  };
};

template <>
struct Vocabulary<Outcome> {
  static constexpr std::string_view what = "outcome";
  static constexpr Term<Outcome> terms[] = {
      {Outcome::arrested, "arrested", "Đã bắt giữ, xử lý hình sự", "Arrest, criminal case"},
      {Outcome::administrative, "administrative", "Xử phạt hành chính", "Administrative penalty"},
      {Outcome::rehab, "rehab", "Đưa đi cai nghiện", "Sent to rehabilitation"},
      {Outcome::transferred, "transferred", "Chuyển cơ quan khác", "Transferred to another agency"},
      {Outcome::monitoring, "monitoring", "Đưa vào diện theo dõi", "Placed under watch"},
      {Outcome::no_evidence, "no_evidence", "Không đủ căn cứ", "No evidence"},
      {Outcome::duplicate, "duplicate", "Trùng tin khác", "Duplicate"},
      {Outcome::spam, "spam", "Tin rác", "Spam"},
      {Outcome::other, "other", "Khác", "Other"},
  };
};

template <>
struct Vocabulary<Role> {
  static constexpr std::string_view what = "role";
  static constexpr Term<Role> terms[] = {
      {Role::admin, "admin", "Quản trị", "Administrator"},
      {Role::leader, "leader", "Chỉ huy", "Leader"},
      {Role::officer, "officer", "Cán bộ", "Officer"},
      {Role::viewer, "viewer", "Chỉ xem báo cáo", "Reports only"},
  };
};

template <>
struct Vocabulary<Author> {
  static constexpr std::string_view what = "message author";
  static constexpr Term<Author> terms[] = {
      {Author::reporter, "reporter", "Người báo tin", "Reporter"},
      {Author::officer, "officer", "Cán bộ", "Officer"},
      {Author::system, "system", "Hệ thống", "System"},
  };
};

// Officers' questions and answers are what the reporter's status page shows.
template <>
struct Vocabulary<MessageKind> {
  static constexpr std::string_view what = "message kind";
  static constexpr Term<MessageKind> terms[] = {
      {MessageKind::text, "text", "Tin nhắn", "Message"},
      {MessageKind::question, "question", "Gửi người báo tin", "To the reporter"},
      {MessageKind::answer, "answer", "Trả lời", "Answer"},
      {MessageKind::note, "note", "Ghi chú nội bộ", "Internal note"},
      {MessageKind::reply_failed, "reply_failed", "Không gửi được trả lời", "Reply not delivered"},
  };
};

// Why a chat reply was queued: a new tip's acknowledgement (with its reference), a
// later message's, an answer to a tap or a word that filed nothing, an officer's reply.
template <>
struct Vocabulary<OutboxKind> {
  static constexpr std::string_view what = "outbox kind";
  static constexpr Term<OutboxKind> terms[] = {
      {OutboxKind::ack, "ack", "Xác nhận tin mới", "New tip acknowledged"},
      {OutboxKind::received, "received", "Xác nhận tin bổ sung", "Addition acknowledged"},
      {OutboxKind::prompt, "prompt", "Hướng dẫn", "Prompt"},
      {OutboxKind::officer, "officer", "Cán bộ trả lời", "Officer's reply"},
  };
};

template <>
struct Vocabulary<SessionStage> {
  static constexpr std::string_view what = "session stage";
  static constexpr Term<SessionStage> terms[] = {
      {SessionStage::second_factor, "second_factor", "Chờ mã xác thực hai lớp", "Waiting for the two-factor code"},
      {SessionStage::change_password, "change_password", "Phải đổi mật khẩu", "Must change the password"},
      {SessionStage::full, "full", "Đã đăng nhập", "Signed in"},
  };
};

// A language is named in itself, as the console's language switch shows it.
template <>
struct Vocabulary<Language> {
  static constexpr std::string_view what = "language";
  static constexpr Term<Language> terms[] = {
      {Language::vi, "vi", "Tiếng Việt", "Tiếng Việt"},
      {Language::en, "en", "English", "English"},
  };
};

}  // namespace tipline::domain
