#include <catch2/catch.hpp>

#include "handlers/http/form_token.hpp"
#include "handlers/http/html.hpp"
#include "handlers/http/rate_limiter.hpp"
#include "handlers/http/router.hpp"
#include "handlers/http/security_headers.hpp"

using namespace tipline::handlers;

TEST_CASE("form tokens: accepted once, within their lifetime, under their key", "[form_token]") {
  FormTokens tokens(std::string(32, 'k'), std::chrono::seconds(600));
  auto token = tokens.issue(1000);
  REQUIRE(tokens.redeem(token, 1010) == TokenCheck::ok);
  REQUIRE(tokens.redeem(token, 1020) == TokenCheck::replayed);
  REQUIRE(tokens.redeem(tokens.issue(1000), 1601) == TokenCheck::expired);
  REQUIRE(tokens.redeem(tokens.issue(5000), 1000) == TokenCheck::expired);  // from the future
  REQUIRE(tokens.redeem("", 1000) == TokenCheck::malformed);
  REQUIRE(tokens.redeem("1000.abc", 1000) == TokenCheck::malformed);
  REQUIRE(tokens.redeem(std::string(500, 'a'), 1000) == TokenCheck::malformed);
  FormTokens other(std::string(32, 'x'), std::chrono::seconds(600));
  REQUIRE(tokens.redeem(other.issue(1000), 1000) == TokenCheck::bad_signature);
  // A token re-dated by the client fails its signature.
  auto fresh = tokens.issue(1000);
  REQUIRE(tokens.redeem("2000" + fresh.substr(4), 1000) == TokenCheck::bad_signature);
}

TEST_CASE("rate limiter counts per key within a window", "[rate_limit]") {
  RateLimiter limiter(2, std::chrono::seconds(60));
  REQUIRE(limiter.allow("a", 0));
  REQUIRE(limiter.allow("a", 1));
  REQUIRE_FALSE(limiter.allow("a", 2));
  REQUIRE(limiter.allow("b", 2));
  REQUIRE(limiter.would_allow("b", 3));
  REQUIRE(limiter.allow("a", 61));
  RateLimiter tiny(1, std::chrono::seconds(60), 4);
  for (int i = 0; i < 100; ++i) tiny.allow("k" + std::to_string(i), 0);  // bounded memory, no crash
  REQUIRE(tiny.allow("fresh", 0));
}

TEST_CASE("templates escape every value unless it is an Html fragment", "[html]") {
  auto out = render("<p>{{a}}</p>{{b}}", {{"a", std::string("<script>alert('x')</script>&")},
                                           {"b", Html::trusted("<br>")}});
  REQUIRE(out.str() == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p><br>");
  REQUIRE_THROWS_AS(render("{{missing}}", {}), std::logic_error);
  REQUIRE(escape_html("\" onmouseover=\"x") == "&quot; onmouseover=&quot;x");
}

TEST_CASE("router answers 404, 405 with Allow, and names routes without echoing paths", "[router]") {
  Router router;
  router.add("GET", "/", [](const Request&) { return text_response(200, "form"); });
  router.add("POST", "/tips", [](const Request&) { return text_response(200, "stored"); });
  router.add_prefix("/static/", [](const Request&) { return text_response(200, "css"); });
  Request r;
  r.method = "GET";
  r.path = "/";
  REQUIRE(router.route(r).body == "form");
  r.method = "HEAD";
  REQUIRE(router.route(r).status == 200);
  r.method = "DELETE";
  auto wrong = router.route(r);
  REQUIRE(wrong.status == 405);
  REQUIRE(wrong.headers.at(0).first == "Allow");
  r.path = "/tips";
  r.method = "GET";
  REQUIRE(router.route(r).status == 405);
  r.path = "/admin/../../etc/passwd";
  REQUIRE(router.route(r).status == 404);
  REQUIRE(router.route_name(r) == "other");
  r.path = "/static/x.css";
  REQUIRE(router.route_name(r) == "/static/*");
  r.method = "POST";
  REQUIRE(router.route(r).status == 405);
}

TEST_CASE("every response gets the security headers", "[headers]") {
  Response r;
  add_security_headers(r);
  auto has = [&](const std::string& name, const std::string& part) {
    for (const auto& [n, v] : r.headers)
      if (n == name && v.find(part) != std::string::npos) return true;
    return false;
  };
  REQUIRE(has("Strict-Transport-Security", "max-age="));
  REQUIRE(has("X-Content-Type-Options", "nosniff"));
  REQUIRE(has("Content-Security-Policy", "frame-ancestors 'none'"));
  REQUIRE(has("Content-Security-Policy", "default-src 'none'"));
  REQUIRE_FALSE(has("Content-Security-Policy", "unsafe-inline"));
  REQUIRE(has("Referrer-Policy", "no-referrer"));
  REQUIRE(has("Cache-Control", "no-store"));
}
