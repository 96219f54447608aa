#include <catch2/catch.hpp>

#include "handlers/tips/ward_clock.hpp"
#include "handlers/webform/receipt_code.hpp"
#include "handlers/webform/web_form.hpp"
#include "handlers/webform/web_intake.hpp"

using namespace tipline::handlers;

TEST_CASE("receipt codes: 20 uniform digits, typed loosely, hashed under a key", "[receipt]") {
  auto code = new_receipt_code();
  REQUIRE(code.digits.size() == 20);
  REQUIRE(code.digits.find_first_not_of("0123456789") == std::string::npos);
  REQUIRE(code.display().size() == 24);
  REQUIRE(normalise_receipt_code(code.display()) == code.digits);
  REQUIRE(normalise_receipt_code("1234-5678-9012-3456-7890") == std::string("12345678901234567890"));
  REQUIRE_FALSE(normalise_receipt_code("1234"));
  REQUIRE_FALSE(normalise_receipt_code("12345678901234567890 1"));
  REQUIRE_FALSE(normalise_receipt_code("' OR 1=1 --"));
  REQUIRE(new_receipt_code().digits != code.digits);
  ReceiptHasher a(std::string(32, 'a'), {1024, 8, 1});
  ReceiptHasher b(std::string(32, 'b'), {1024, 8, 1});
  REQUIRE(a.hash(code.digits) == a.hash(code.digits));
  REQUIRE(a.hash(code.digits) != b.hash(code.digits));
  REQUIRE(a.hash(code.digits).find(code.digits) == std::string::npos);
}

TEST_CASE("tip form rules", "[web_form]") {
  std::vector<AreaOption> areas{{"tdp-1", "Tổ dân phố 1"}, {"thon-dong-ha", "Thôn Đông Hà"}};
  SubmittedForm form;
  form.fields = {{"what", "  Có người bán ma túy ở hẻm 12  "}, {"where", "hẻm 12"}, {"when", ""}, {"area", "tdp-1"}};
  auto ok = validate_tip_form(form, areas, 100, 42);
  REQUIRE(std::holds_alternative<WebTip>(ok));
  REQUIRE(std::get<WebTip>(ok).what == "Có người bán ma túy ở hẻm 12");
  REQUIRE(std::get<WebTip>(ok).area_id == std::string("tdp-1"));
  REQUIRE(std::get<WebTip>(ok).now == 42);

  SECTION("what is required") {
    form.fields["what"] = " \n ";
    REQUIRE(std::holds_alternative<std::string>(validate_tip_form(form, areas, 100, 0)));
  }
  SECTION("area must be one of the ward's") {
    form.fields["area"] = "tdp-99";
    REQUIRE(std::holds_alternative<std::string>(validate_tip_form(form, areas, 100, 0)));
  }
  SECTION("length counted in characters, not bytes") {
    form.fields["what"] = std::string(100, 'a');
    REQUIRE(std::holds_alternative<WebTip>(validate_tip_form(form, areas, 100, 0)));
    std::string vietnamese;
    for (int i = 0; i < 100; ++i) vietnamese += "ệ";  // 3 bytes each
    form.fields["what"] = vietnamese;
    REQUIRE(std::holds_alternative<WebTip>(validate_tip_form(form, areas, 100, 0)));
    form.fields["what"] = vietnamese + "x";
    REQUIRE(std::holds_alternative<std::string>(validate_tip_form(form, areas, 100, 0)));
  }
}

TEST_CASE("reference months and dates use the ward's clock", "[intake]") {
  // 2025-11-30 18:30 UTC is 2025-12-01 01:30 in Vietnam.
  REQUIRE(reference_month(1764527400, 420) == "2512");
  REQUIRE(reference_month(1764527400, 0) == "2511");
  REQUIRE(local_time_text(1764527400, 420) == "01/12/2025 01:30");
}
