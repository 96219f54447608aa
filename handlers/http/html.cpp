#include "handlers/http/html.hpp"

#include "common/markup.hpp"
#include "web/embedded_files.hpp"

namespace tipline::handlers {

std::string escape_html(std::string_view text) { return markup::escape(text); }

Html escaped(std::string_view text) { return Html::trusted(escape_html(text)); }

Html render(std::string_view tmpl, const TemplateValues& values) {
  std::string out;
  out.reserve(tmpl.size() * 2);
  std::size_t pos = 0;
  while (true) {
    auto open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    auto close = tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) throw std::logic_error("unterminated placeholder in template");
    out.append(tmpl.substr(pos, open - pos));
    auto name = tmpl.substr(open + 2, close - open - 2);
    auto it = values.find(name);
    if (it == values.end()) throw std::logic_error("template placeholder without a value: " + std::string(name));
    if (const auto* text = std::get_if<std::string>(&it->second))
      out += escape_html(*text);
    else
      out += std::get<Html>(it->second).str();
    pos = close + 2;
  }
  out.append(tmpl.substr(pos));
  return Html::trusted(std::move(out));
}

Html render_template(std::string_view name, const TemplateValues& values) {
  return render(web::asset("templates/" + std::string(name)), values);
}

}  // namespace tipline::handlers
