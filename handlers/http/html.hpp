#pragma once
// HTML escaped by construction. A template's `{{name}}` takes a value: a plain
// string is always escaped; only an `Html` fragment, itself built from escaped
// parts or template text, is inserted as it is.
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace tipline::handlers {

class Html final {
 public:
  Html() = default;
  // Markup written in our own templates or code, never text from a request.
  static Html trusted(std::string markup) { return Html(std::move(markup)); }
  const std::string& str() const { return markup_; }
  Html& operator+=(const Html& other) {
    markup_ += other.markup_;
    return *this;
  }

 private:
  explicit Html(std::string markup) : markup_(std::move(markup)) {}
  std::string markup_;
};

using TemplateValue = std::variant<std::string, Html>;
using TemplateValues = std::map<std::string, TemplateValue, std::less<>>;

std::string escape_html(std::string_view text);
Html escaped(std::string_view text);

// Fills `{{name}}` placeholders. A placeholder without a value is a programming
// error and throws std::logic_error, so a page never ships with a hole in it.
Html render(std::string_view template_text, const TemplateValues& values);

// The embedded template web/templates/NAME, rendered.
Html render_template(std::string_view name, const TemplateValues& values);

}  // namespace tipline::handlers
