#pragma once
// The console's pages as view models: plain values a handler fills from the store,
// each rendered by its template under web/templates/console/ in the officer's
// language. The words are the catalogue's; the values here are names, numbers and
// times already in the officer's language where the workflow's tables name them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "handlers/html.hpp"

namespace tipline::handlers {

// ---- the frame and small pages -------------------------------------------------------

// The page around every console page; `menu` is absent before signing in.
struct LayoutView {
  struct Menu {
    int rank = 0;  // 0 viewer, 1 officer, 2 leader, 3 admin: which links it offers
    std::string csrf;
    std::string display_name;
  };
  std::string lang;
  std::string title;
  Html content;
  std::optional<Menu> menu;
};

struct LoginView {
  std::string form_token;
  std::string error;
};

struct SecondFactorView {
  std::string csrf;
  std::string error;
};

struct PasswordView {
  std::string csrf;
  std::string error;
};

struct TotpView {
  std::string csrf;
  bool enrolled = false;  // a key is set already: replacing it takes its code
  std::string display;    // the new key, grouped for reading
  std::string uri;        // otpauth://
  std::string secret;     // base32, sent back with the code
};

// A refusal that says why and where to go back to.
struct ProblemView {
  std::string message;
  std::string back;
  std::string back_label;
};

Html render(const LayoutView& view);
Html render(const LoginView& view, std::string_view lang);
Html render(const SecondFactorView& view, std::string_view lang);
Html render(const PasswordView& view, std::string_view lang);
Html render(const TotpView& view, std::string_view lang);
Html render(const ProblemView& view, std::string_view lang);

// The pages without a view of their own: a title and the status alone, or a refusal.
Html forbidden_content(std::string_view lang);

}  // namespace tipline::handlers
