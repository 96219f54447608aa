#include <catch2/catch.hpp>

#include "support_engine.hpp"

using namespace tipline::triage;
using namespace tipline::triage::testing;

namespace {
std::optional<std::string> area(const std::string& text) { return shipped_engine().classify(text, kNow).area; }
}  // namespace

TEST_CASE("area aliases with and without diacritics and abbreviated") {
  CHECK(area("bán đá ở tổ 4") == "tdp-4");
  CHECK(area("ban da o to 4") == "tdp-4");
  CHECK(area("nó về nhà mẹ ở tdp 10") == "tdp-10");
  CHECK(area("ở thon dong ha có người chơi đá") == "thon-dong-ha");
  CHECK(area("ở tổ 12 có người chơi đá") == "tdp-12");  // not tổ 1
}

TEST_CASE("landmark-only areas") {
  CHECK(area("mấy đứa hút đá cạnh sân bóng thành công") == "tdp-10");
  CHECK(area("bán hàng trắng ở cho HB") == "tdp-1");
  CHECK(area("ct chung cư hbx có người bán đá") == "tdp-9");
  CHECK(area("gầm cầu Suối Cát có người chích") == "thon-suoi-cat");
}

TEST_CASE("generic nouns and ambiguous streets give no area") {
  CHECK_FALSE(area("ban da o cho"));
  CHECK_FALSE(area("gần bến xe có người bán đồ"));
  CHECK_FALSE(area("hẻm 7 đường Hùng Vương có người lạ mua đồ"));
  CHECK_FALSE(area("nhóm Hội mua bán Phố Núi bán nước vui"));
  CHECK(area("số 15 hẻm 3 Hùng Vương, tổ 1 cho chơi đồ") == "tdp-1");
}

TEST_CASE("two places: the one where the activity is") {
  CHECK(area("bà con tổ 2 ai cũng biết thằng Tí, chiều nào cũng ra công viên hồ sen chích") == "tdp-4");
  CHECK(area("lớp 8 trường Nguyễn Du có 3 đứa tối nào cũng ra công viên hồ sen hút cỏ") == "tdp-4");
  CHECK_FALSE(area("nó chạy giao hàng khắp tổ 5 với tổ 6"));
}
