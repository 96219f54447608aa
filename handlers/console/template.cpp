#include "handlers/console/template.hpp"

#include <stdexcept>

#include "web/embedded_files.hpp"

namespace tipline::handlers {

namespace {

constexpr std::string_view message_prefix = "t.";

// One tag: the text between "{{" and "}}", and where the tag begins and ends.
struct Tag {
  std::string_view text;
  std::size_t open = std::string_view::npos;
  std::size_t end = std::string_view::npos;
};

Tag next_tag(std::string_view tmpl, std::size_t from) {
  const auto open = tmpl.find("{{", from);
  if (open == std::string_view::npos) return {};
  const auto close = tmpl.find("}}", open + 2);
  if (close == std::string_view::npos) throw std::logic_error("unterminated placeholder in template");
  return {tmpl.substr(open + 2, close - open - 2), open, close + 2};
}

// The names visible where a template is being filled: an item's own, then its page's.
struct Scope {
  const View& view;
  const Scope* outer;
};

const ViewValue& lookup(const Scope* scope, std::string_view name) {
  for (; scope; scope = scope->outer)
    if (const auto* value = scope->view.find(name)) return *value;
  throw std::logic_error("template placeholder without a value: " + std::string(name));
}

bool shown(const ViewValue& value) {
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  if (const auto* text = std::get_if<std::string>(&value)) return !text->empty();
  if (const auto* html = std::get_if<Html>(&value)) return !html->str().empty();
  return !std::get<ViewList>(value).empty();
}

// The "{{/name}}" closing the section whose body starts at `from`.
Tag section_end(std::string_view tmpl, std::size_t from, std::string_view name) {
  int depth = 0;
  for (auto tag = next_tag(tmpl, from); tag.open != std::string_view::npos; tag = next_tag(tmpl, tag.end)) {
    if (tag.text.size() < 2 || tag.text.substr(1) != name) continue;
    if (tag.text[0] == '#' || tag.text[0] == '^') ++depth;
    if (tag.text[0] == '/' && depth-- == 0) return tag;
  }
  throw std::logic_error("template section without its end: " + std::string(name));
}

void fill(std::string& out, std::string_view tmpl, const Scope* scope) {
  std::size_t pos = 0;
  for (auto tag = next_tag(tmpl, pos); tag.open != std::string_view::npos; tag = next_tag(tmpl, pos)) {
    out.append(tmpl.substr(pos, tag.open - pos));
    pos = tag.end;
    const char kind = tag.text.empty() ? '\0' : tag.text[0];
    if (kind == '!') continue;
    if (kind == '/') throw std::logic_error("template section end without its start: " + std::string(tag.text));
    if (kind != '#' && kind != '^') {
      const auto& value = lookup(scope, tag.text);
      if (const auto* text = std::get_if<std::string>(&value))
        out += escape_html(*text);
      else if (const auto* html = std::get_if<Html>(&value))
        out += html->str();
      else
        throw std::logic_error("template placeholder for a section's value: " + std::string(tag.text));
      continue;
    }
    const auto name = tag.text.substr(1);
    const auto end = section_end(tmpl, tag.end, name);
    const auto body = tmpl.substr(tag.end, end.open - tag.end);
    pos = end.end;
    const auto& value = lookup(scope, name);
    if (kind == '^') {
      if (!shown(value)) fill(out, body, scope);
    } else if (const auto* items = std::get_if<ViewList>(&value)) {
      for (const auto& item : *items) {
        const Scope inner{item, scope};
        fill(out, body, &inner);
      }
    } else if (shown(value)) {
      fill(out, body, scope);
    }
  }
  out.append(tmpl.substr(pos));
}

}  // namespace

Html render_view(std::string_view template_text, const View& view) {
  std::string out;
  out.reserve(template_text.size() * 2);
  const Scope page{view, nullptr};
  fill(out, template_text, &page);
  return Html::trusted(std::move(out));
}

std::string with_messages(std::string_view template_text, const Catalogue& catalogue, std::string_view lang) {
  std::string out;
  std::size_t pos = 0;
  for (auto tag = next_tag(template_text, pos); tag.open != std::string_view::npos; tag = next_tag(template_text, pos)) {
    if (!tag.text.starts_with(message_prefix)) {
      out.append(template_text.substr(pos, tag.end - pos));
    } else {
      out.append(template_text.substr(pos, tag.open - pos));
      out += escape_html(catalogue.get(tag.text.substr(message_prefix.size()), lang));
    }
    pos = tag.end;
  }
  out.append(template_text.substr(pos));
  return out;
}

std::vector<std::string> message_keys(std::string_view template_text) {
  std::vector<std::string> keys;
  for (auto tag = next_tag(template_text, 0); tag.open != std::string_view::npos; tag = next_tag(template_text, tag.end))
    if (tag.text.starts_with(message_prefix)) keys.emplace_back(tag.text.substr(message_prefix.size()));
  return keys;
}

Html render_console(std::string_view name, domain::Language lang, const View& view) {
  auto tmpl = web::asset("templates/console/" + std::string(name));
  // The file's last line break ends the file, not the part of a page it holds.
  if (tmpl.ends_with('\n')) tmpl.remove_suffix(1);
  return render_view(with_messages(tmpl, console_catalogue(), domain::stored_name(lang)), view);
}

}  // namespace tipline::handlers
