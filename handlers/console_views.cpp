#include "handlers/console_views.hpp"

#include "handlers/console_template.hpp"

namespace tipline::handlers {

Html render(const LayoutView& view) {
  View values{{"lang", view.lang}, {"title", view.title}, {"content", view.content}, {"menu", view.menu.has_value()}};
  if (view.menu) {
    values.set("officer", view.menu->rank >= 1);
    values.set("leader", view.menu->rank >= 2);
    values.set("admin", view.menu->rank >= 3);
    values.set("csrf", view.menu->csrf);
    values.set("other_lang", std::string(view.lang == "en" ? "vi" : "en"));
    values.set("name", view.menu->display_name);
  }
  return render_console("layout.html", view.lang, values);
}

Html render(const LoginView& view, std::string_view lang) {
  return render_console("login.html", lang, View{{"token", view.form_token}, {"error", view.error}});
}

Html render(const SecondFactorView& view, std::string_view lang) {
  return render_console("second_factor.html", lang, View{{"csrf", view.csrf}, {"error", view.error}});
}

Html render(const PasswordView& view, std::string_view lang) {
  return render_console("password.html", lang, View{{"csrf", view.csrf}, {"error", view.error}});
}

Html render(const TotpView& view, std::string_view lang) {
  return render_console("totp.html", lang,
                        View{{"csrf", view.csrf},
                             {"enrolled", view.enrolled},
                             {"display", view.display},
                             {"uri", view.uri},
                             {"secret", view.secret}});
}

Html render(const ProblemView& view, std::string_view lang) {
  return render_console("problem.html", lang,
                        View{{"message", view.message}, {"back", view.back}, {"back_label", view.back_label}});
}

Html forbidden_content(std::string_view lang) { return render_console("forbidden.html", lang, {}); }

}  // namespace tipline::handlers
