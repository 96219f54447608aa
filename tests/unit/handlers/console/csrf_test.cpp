// The console's CSRF refusals, in process: every state-changing POST without the
// session's own token is refused with 403 and changes nothing in the store.
#include <catch2/catch.hpp>

#include "common/totp.hpp"
#include "support/console_in_process.hpp"

using namespace tipline::testing;
namespace domain = tipline::domain;
namespace totp = tipline::totp;

namespace {

using Posts = std::vector<std::pair<std::string, FormList>>;

// The tokens a forged or stale form might carry instead of the session's `csrf`.
std::vector<std::pair<std::string, std::optional<std::string>>> wrong_tokens(const std::string& csrf,
                                                                             const std::string& others) {
  return {
      {"none", std::nullopt},
      {"empty", std::string()},
      {"wrong", std::string(43, 'A')},
      {"another session's", others},
      {"truncated", csrf.substr(0, csrf.size() - 1)},
  };
}

// Posts each form with each wrong token; every answer must be a 403 that sets no cookie.
void refused_with_every_wrong_token(ConsoleBrowser& client, const Posts& posts, const std::string& csrf,
                                    const std::string& others) {
  for (const auto& [path, fields] : posts) {
    for (const auto& [label, token] : wrong_tokens(csrf, others)) {
      INFO(path << " with " << label << " token");
      FormList body = fields;
      if (token) body.emplace_back("csrf", *token);
      auto r = client.post(path, body);
      CHECK(r.status == 403);
      CHECK(r.header("set-cookie").empty());
    }
  }
}

}  // namespace

TEST_CASE("console CSRF: every officer's state-changing POST needs the session's own token", "[console][csrf]") {
  ConsoleInProcess site;
  const auto id = site.officer("tuan", domain::Role::officer);
  site.officer("khac", domain::Role::officer);
  const auto tip = site.tip("Có người bán ma túy ở hẻm 12, số 0912 345 678",
                            [](auto& t) { t.receipt_hash = "receipt"; });
  const auto other_tip = site.tip("Tin khác");
  const std::string tip_id = std::to_string(tip.id);

  auto client = site.signed_in("tuan");
  REQUIRE(client.get("/admin/tip?id=" + tip_id).status == 200);
  const std::string csrf = client.csrf();
  REQUIRE_FALSE(csrf.empty());
  auto other = site.signed_in("khac");
  const std::string others_csrf = other.fresh_csrf("/admin/queue");
  REQUIRE_FALSE(others_csrf.empty());
  REQUIRE(others_csrf != csrf);

  const auto hash_before = site.officers.officer(id)->password_hash;
  const auto audited_before = site.audit.entries().size();
  const Posts posts{
      {"/admin/tip/assign", {{"id", tip_id}, {"officer", std::to_string(id)}, {"deadline", "2030-01-01"}}},
      {"/admin/tip/status", {{"id", tip_id}, {"status", "closed"}, {"outcome", "arrested"}}},
      {"/admin/tip/note", {{"id", tip_id}, {"text", "ghi chú"}}},
      {"/admin/tip/reveal", {{"id", tip_id}}},
      {"/admin/tip/reply", {{"id", tip_id}, {"text", "Bạn còn ở đó không?"}}},
      {"/admin/tip/labels", {{"id", tip_id}, {"priority", "low"}, {"cat_other", "1"}}},
      {"/admin/tip/merge", {{"id", tip_id}, {"other", other_tip.reference}}},
      {"/admin/tip/split", {{"id", tip_id}}},
      {"/admin/language", {{"lang", "en"}}},
      {"/admin/password", {{"current", password}, {"new", "mot-mat-khau-moi-2025"}, {"again", "mot-mat-khau-moi-2025"}}},
      {"/admin/totp", {{"secret", totp::secret_to_base32(totp::new_secret())}, {"code", "123456"}}},
      {"/admin/logout", {}},
  };
  refused_with_every_wrong_token(client, posts, csrf, others_csrf);
  // A token in the query string does not count either.
  CHECK(client.post("/admin/tip/note?csrf=" + url_encode(csrf), {{"id", tip_id}, {"text", "x"}}).status == 403);

  // Nothing changed.
  auto after = site.tips.load_tip(tip.id);
  REQUIRE(after);
  CHECK(after->status == domain::Status::new_);
  CHECK_FALSE(after->workflow.assignee_id);
  CHECK_FALSE(after->workflow.deadline);
  CHECK_FALSE(after->workflow.outcome);
  CHECK_FALSE(after->workflow.first_action_at);
  CHECK_FALSE(after->correction);
  CHECK_FALSE(after->labels.group);
  CHECK(after->messages.size() == 1);
  CHECK(site.workflow.chat_replies().empty());
  auto officer = site.officers.officer(id);
  CHECK(officer->language == domain::Language::vi);
  CHECK(officer->password_hash == hash_before);
  CHECK(officer->failed_logins == 0);
  CHECK_FALSE(officer->totp_secret);
  CHECK(site.audit.entries().size() == audited_before);
  // Counted and logged, by route only.
  CHECK_THAT(site.metrics.render(), Catch::Contains("reason=\"console_csrf\"} 56"));
  CHECK(site.logged("console.csrf_refused") == 56);
  // Still signed in (neither logged out nor ended by a password change), and so is the other.
  CHECK(site.officers.sessions().size() == 2);
  CHECK(client.get("/admin/queue").status == 200);

  // The right token works (the check is not refusing everything).
  CHECK(outcome(client.post("/admin/tip/note", {{"csrf", csrf}, {"id", tip_id}, {"text", "ghi chú"}})) ==
        "303 /admin/tip?id=" + tip_id + "&done=1");
  CHECK(site.tips.load_tip(tip.id)->messages.size() == 2);
}

TEST_CASE("console CSRF: every admin's POST needs the session's own token", "[console][csrf]") {
  ConsoleInProcess site;
  site.officer("quantri", domain::Role::admin);
  site.officer("phu", domain::Role::admin);
  const auto target = site.officer("tuan", domain::Role::officer);
  auto client = site.signed_in("quantri");
  const auto csrf = client.fresh_csrf("/admin/accounts");
  const auto others = site.signed_in("phu").fresh_csrf("/admin/accounts");
  const auto audited_before = site.audit.entries().size();
  const Posts posts{
      {"/admin/accounts", {{"username", "moi"}, {"display_name", "Cán bộ mới"}, {"role", "admin"}}},
      {"/admin/accounts/update", {{"id", std::to_string(target)}, {"action", "disable"}}},
      {"/admin/accounts/update", {{"id", std::to_string(target)}, {"action", "role"}, {"role", "admin"}}},
      {"/admin/accounts/update", {{"id", std::to_string(target)}, {"action", "reset_password"}}},
      {"/admin/settings", {{"totp_required", "1"}}},
  };
  refused_with_every_wrong_token(client, posts, csrf, others);

  CHECK(site.officers.list_officers().size() == 3);
  CHECK_FALSE(site.officers.find_officer("moi"));
  const auto tuan = site.officers.officer(target);
  CHECK_FALSE(tuan->disabled);
  CHECK(tuan->role == domain::Role::officer);
  CHECK_FALSE(tuan->must_change_password);
  CHECK_FALSE(site.officers.setting("totp_required"));
  CHECK(site.audit.entries().size() == audited_before);
  CHECK(site.officers.sessions().size() == 2);

  CHECK(outcome(client.post("/admin/settings", {{"csrf", csrf}, {"totp_required", "1"}})) == "303 /admin/accounts");
  CHECK(site.officers.setting("totp_required") == std::optional<std::string>("1"));
}
