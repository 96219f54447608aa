#include <catch2/catch.hpp>

#include "support_engine.hpp"

using namespace tipline::triage;
using namespace tipline::triage::testing;

namespace {
std::vector<PiiSpan> pii(const std::string& text) { return shipped_engine().classify(text, kNow).pii; }

bool found(const std::vector<PiiSpan>& spans, const std::string& type, const std::string& text,
           const std::string& owner = "") {
  for (const auto& s : spans)
    if (s.type == type && s.text == text && (owner.empty() || s.owner == owner)) return true;
  return false;
}
}  // namespace

TEST_CASE("phone numbers in every written form, with byte offsets") {
  for (const char* phone : {"0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "0912-345-678"}) {
    std::string text = std::string("sđt nó ") + phone + " bán đá";
    auto spans = pii(text);
    INFO(phone);
    REQUIRE(found(spans, "phone", phone, "subject"));
    CHECK(text.substr(spans[0].start, spans[0].end - spans[0].start) == phone);
  }
  CHECK(pii("số 09123456789 dài quá").empty());
}

TEST_CASE("owners: reporter, subject, other") {
  CHECK(found(pii("có người bán đá ở tổ 4. Số tôi 0934 217 885"), "phone", "0934 217 885", "reporter"));
  CHECK(found(pii("cần thì gọi chị Tư tổ trưởng 0905 667 201, nó nghiện lại"), "phone", "0905 667 201", "other"));
  CHECK(found(pii("VAY TIỀN NHANH LH ZALO 0868 777 212"), "phone", "0868 777 212", "other"));
}

TEST_CASE("citizen id, plates, emails, links and handles") {
  CHECK(found(pii("Tôi đánh rơi ví có CCCD số 064198004567"), "id_number", "064198004567", "reporter"));
  CHECK(found(pii("xe tải biển 47C-186.09 chở hàng trắng"), "plate", "47C-186.09"));
  CHECK(found(pii("xe 81B1-567.23 tới nhà nghỉ chơi đá"), "plate", "81B1-567.23"));
  CHECK(found(pii("liên hệ email tranminhkhoa.hb@gmail.com, có người bán đá"), "email", "tranminhkhoa.hb@gmail.com",
              "reporter"));
  CHECK(found(pii("trang facebook.com/meou.shop.hb bán kẹo vui."), "social_link", "facebook.com/meou.shop.hb"));
  CHECK(found(pii("kênh Telegram @nuocvui_gialai bán nước vui"), "social_link", "@nuocvui_gialai"));
  CHECK_FALSE(found(pii("email a.b@gmail.com"), "social_link", "@gmail.com"));
}

TEST_CASE("full names are personal data, nicknames and streets are not") {
  CHECK(found(pii("ông Tran Van Hai đi cai về lại nghiện"), "person_name", "Tran Van Hai"));
  CHECK(found(pii("Đối tượng Rơ Mah Thuận đang bị truy nã"), "person_name", "Rơ Mah Thuận"));
  CHECK(found(pii("Anh Y Bhim Niê bỏ quản lý sau cai"), "person_name", "Y Bhim Niê"));
  auto spans = pii("thằng Tuấn Sẹo bán đá ở cổng Trường THCS Nguyễn Du, đường Lê Lợi");
  CHECK(spans.empty());
}

TEST_CASE("house addresses need a number and a street") {
  CHECK(found(pii("Trên sân thượng nhà số 19 đường Trần Phú trồng cần sa"), "address", "số 19 đường Trần Phú"));
  CHECK(found(pii("co nguoi ban ma tuy o so 27 hem 12 le loi"), "address", "so 27 hem 12 le loi"));
  CHECK(found(pii("nhà trọ số 15 hẻm 3 Hùng Vương cho chơi đồ"), "address", "số 15 hẻm 3 Hùng Vương"));
  CHECK(pii("nhà thứ 3 từ đầu hẻm 30 Phạm Văn Đồng chơi đá").empty());
  CHECK(pii("phòng số 3 đang có người chơi đá").empty());
}
