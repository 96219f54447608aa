#pragma once
// The console's templates (web/templates/console/) and the values they are filled
// with. On top of render()'s `{{name}}`:
//   {{t.key}}            the catalogue's message `key` in the page's language, put in
//                        (escaped) before the values, so a message may itself hold a
//                        `{{name}}` that the page's values fill
//   {{#name}}…{{/name}}  shown when `name` is true or a non-empty text, and once per
//                        item when it is a list (inside, an item's names come first)
//   {{^name}}…{{/name}}  shown when `name` is false, empty, or an empty list
//   {{! words }}         a note for whoever edits the template, left out of the page
// Text is escaped, only Html goes in as it is, and a name without a value throws
// std::logic_error: one pass over the template, so nothing a value holds is ever
// read as a tag.
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/domain.hpp"
#include "handlers/console/catalogue.hpp"
#include "handlers/http/html.hpp"

namespace tipline::handlers {

class View;
using ViewList = std::vector<View>;
using ViewValue = std::variant<std::string, Html, bool, ViewList>;

// The values of one template, or of one item of a list in it.
class View final {
 public:
  View() = default;
  View(std::initializer_list<std::pair<const std::string, ViewValue>> values) : values_(values) {}

  View& set(std::string name, ViewValue value) {
    values_.insert_or_assign(std::move(name), std::move(value));
    return *this;
  }
  const ViewValue* find(std::string_view name) const {
    auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, ViewValue, std::less<>> values_;
};

// Fills names and sections (no messages) in `template_text`.
Html render_view(std::string_view template_text, const View& view);

// `template_text` with every `{{t.key}}` replaced by the escaped message in `lang`.
std::string with_messages(std::string_view template_text, const Catalogue& catalogue, std::string_view lang);

// The message keys `{{t.key}}` that `template_text` uses, in order of appearance.
std::vector<std::string> message_keys(std::string_view template_text);

// The embedded template web/templates/console/NAME in `lang`, filled from `view`.
Html render_console(std::string_view name, domain::Language lang, const View& view);

}  // namespace tipline::handlers
