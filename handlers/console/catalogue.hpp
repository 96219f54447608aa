#pragma once
// The console's words in Vietnamese and English, keyed by message id, from
// web/i18n/vi.txt and web/i18n/en.txt (embedded at build time). A line is
// `key = text`; blank lines and lines starting with '#' are skipped. The text is
// plain (templates escape it) and may hold `{{name}}` for a page's value.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tipline::handlers {

using Messages = std::map<std::string, std::string, std::less<>>;

// One catalogue file read; throws std::invalid_argument naming the line of a malformed
// or repeated entry.
Messages parse_messages(std::string_view text);

class Catalogue final {
 public:
  void add(std::string lang, Messages messages) { by_lang_[std::move(lang)] = std::move(messages); }

  // The message `key` in `lang`; throws std::out_of_range when either is unknown, so a
  // page never shows a hole where a word belongs.
  const std::string& get(std::string_view key, std::string_view lang) const;
  // The message, or nullptr when there is none (for words a ward's own files may add).
  const std::string* find(std::string_view key, std::string_view lang) const;
  // Every key of `lang`, sorted (empty for an unknown language).
  std::vector<std::string> keys(std::string_view lang) const;

 private:
  std::map<std::string, Messages, std::less<>> by_lang_;
};

// The console's catalogue, read from the embedded files on first use: one file for
// every domain::Language, named by its stored name.
const Catalogue& console_catalogue();

}  // namespace tipline::handlers
