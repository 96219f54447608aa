#include "handlers/tips/message_body.hpp"

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace tipline::handlers {

namespace {

using nlohmann::json;

std::string string_field(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json attachment_json(const AttachmentNote& a) {
  json item{{"type", a.type}};
  if (!a.url.empty()) item["url"] = a.url;
  if (!a.name.empty()) item["name"] = a.name;
  if (a.size) item["size"] = a.size;
  if (a.latitude && a.longitude) {
    item["latitude"] = *a.latitude;
    item["longitude"] = *a.longitude;
  }
  return item;
}

AttachmentNote attachment_of(const json& item) {
  AttachmentNote a;
  a.type = string_field(item, "type");
  if (a.type.empty()) a.type = "attachment";
  a.url = string_field(item, "url");
  a.name = string_field(item, "name");
  if (auto it = item.find("size"); it != item.end() && it->is_number_unsigned()) a.size = it->get<std::uint64_t>();
  auto lat = item.find("latitude");
  auto lon = item.find("longitude");
  if (lat != item.end() && lat->is_number() && lon != item.end() && lon->is_number()) {
    a.latitude = lat->get<double>();
    a.longitude = lon->get<double>();
  }
  return a;
}

}  // namespace

std::string MessageBody::spanned_text() const {
  if (answers) return answers->what + "\n" + answers->where + "\n" + answers->when;
  return text;
}

std::vector<std::string> MessageBody::pieces() const {
  std::vector<std::string> out;
  auto add = [&out](const std::string& piece) {
    if (!piece.empty()) out.push_back(piece);
  };
  if (answers) {
    add(answers->what);
    add(answers->where);
    add(answers->when);
  }
  add(text);
  return out;
}

std::string encode_message_body(const MessageBody& body) {
  // Keys as the store has always held them: a web tip's answers, or text (with the
  // attachments of a chat message), and the spans.
  json doc = json::object();
  if (body.answers) {
    doc["what"] = body.answers->what;
    doc["where"] = body.answers->where;
    doc["when"] = body.answers->when;
  } else {
    doc["text"] = body.text;
  }
  if (!body.attachments.empty()) {
    auto list = json::array();
    for (const auto& a : body.attachments) list.push_back(attachment_json(a));
    doc["attachments"] = std::move(list);
  }
  auto spans = json::array();
  for (const auto& s : body.pii) spans.push_back({{"type", s.type}, {"owner", s.owner}, {"start", s.start}, {"end", s.end}});
  doc["pii"] = std::move(spans);
  return doc.dump();
}

std::optional<MessageBody> decode_message_record(std::string_view stored) {
  auto doc = json::parse(stored, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  MessageBody body;
  if (doc.contains("what")) {
    body.answers = WebAnswers{string_field(doc, "what"), string_field(doc, "where"), string_field(doc, "when")};
  } else {
    body.text = string_field(doc, "text");
  }
  if (auto it = doc.find("attachments"); it != doc.end() && it->is_array())
    for (const auto& item : *it)
      if (item.is_object()) body.attachments.push_back(attachment_of(item));
  if (auto it = doc.find("pii"); it != doc.end() && it->is_array()) {
    for (const auto& s : *it) {
      if (!s.is_object()) continue;
      auto start = s.find("start");
      auto end = s.find("end");
      if (start == s.end() || end == s.end() || !start->is_number_unsigned() || !end->is_number_unsigned()) continue;
      PiiSpan span;
      span.type = s.value("type", json()).is_string() ? s["type"].get<std::string>() : "other";
      span.owner = string_field(s, "owner");
      span.start = start->get<std::size_t>();
      span.end = end->get<std::size_t>();
      body.pii.push_back(std::move(span));
    }
  }
  return body;
}

MessageBody decode_message_body(std::string_view stored) {
  if (auto record = decode_message_record(stored)) return std::move(*record);
  MessageBody body;
  if (utf8::is_valid(stored)) body.text = std::string(stored);
  return body;
}

std::vector<PiiSpan> pii_spans(const triage::Result& result) {
  std::vector<PiiSpan> out;
  for (const auto& s : result.pii) out.push_back({s.type, s.owner, s.start, s.end});
  return out;
}

std::string reporter_text(const std::vector<std::string>& stored_bodies) {
  std::string text;
  for (const auto& stored : stored_bodies) {
    auto record = decode_message_record(stored);
    if (!record) continue;
    for (const auto& piece : record->pieces()) {
      if (!text.empty()) text += '\n';
      text += piece;
    }
  }
  return text;
}

}  // namespace tipline::handlers
