#include "handlers/console/catalogue.hpp"

#include <stdexcept>

#include "common/domain.hpp"
#include "web/embedded_files.hpp"

namespace tipline::handlers {

namespace {

bool key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

Messages parse_messages(std::string_view text) {
  Messages messages;
  int number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    const auto content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    auto problem = [&](const char* what) {
      return std::invalid_argument("message catalogue line " + std::to_string(number) + ": " + what);
    };
    const auto equals = content.find('=');
    if (equals == std::string_view::npos) throw problem("no '=' between key and text");
    const auto key = trim(content.substr(0, equals));
    const auto message = trim(content.substr(equals + 1));
    if (key.empty() || key.front() == '.' || key.back() == '.') throw problem("malformed key");
    for (char c : key)
      if (!key_char(c)) throw problem("a key has a-z, 0-9, '_' and '.' only");
    if (message.empty()) throw problem("empty text");
    if (!messages.emplace(std::string(key), std::string(message)).second) throw problem("repeated key");
  }
  return messages;
}

const std::string& Catalogue::get(std::string_view key, std::string_view lang) const {
  auto messages = by_lang_.find(lang);
  if (messages == by_lang_.end()) throw std::out_of_range("no message catalogue for " + std::string(lang));
  auto it = messages->second.find(key);
  if (it == messages->second.end())
    throw std::out_of_range("no message " + std::string(key) + " in the " + std::string(lang) + " catalogue");
  return it->second;
}

const std::string* Catalogue::find(std::string_view key, std::string_view lang) const {
  auto messages = by_lang_.find(lang);
  if (messages == by_lang_.end()) return nullptr;
  auto it = messages->second.find(key);
  return it == messages->second.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalogue::keys(std::string_view lang) const {
  std::vector<std::string> keys;
  if (auto messages = by_lang_.find(lang); messages != by_lang_.end())
    for (const auto& [key, text] : messages->second) keys.push_back(key);
  return keys;
}

const Catalogue& console_catalogue() {
  static const Catalogue catalogue = [] {
    Catalogue c;
    for (const auto language : domain::all<domain::Language>()) {
      const std::string lang(domain::stored_name(language));
      c.add(lang, parse_messages(web::asset("i18n/" + lang + ".txt")));
    }
    return c;
  }();
  return catalogue;
}

}  // namespace tipline::handlers
