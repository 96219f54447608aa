#include <catch2/catch.hpp>

#include "support_engine.hpp"

using namespace tipline::triage;
using namespace tipline::triage::testing;

namespace {
std::vector<std::string> cats(const std::string& text) { return shipped_engine().classify(text, kNow).categories; }
}  // namespace

TEST_CASE("dealing cues, with and without diacritics and in teencode") {
  CHECK(has(cats("Có thằng bán đá ở đầu hẻm tối nào cũng có"), "dealing"));
  CHECK(has(cats("co thang ban da o dau hem"), "dealing"));
  CHECK(has(cats("ng lạ đứng đầu hẻm trao tay gói nhỏ r đi"), "dealing"));
}

TEST_CASE("use and use_den") {
  CHECK(has(cats("thằng con nhà bên ngáo đá la hét cả đêm"), "use"));
  CHECK(has(cats("căn nhà cuối hẻm tối nào cũng có mấy thanh niên tụ tập hút đá"), "use_den"));
  CHECK_FALSE(has(cats("căn nhà cuối hẻm tối nào cũng có mấy thanh niên tụ tập hút đá"), "use"));
}

TEST_CASE("post_rehab adds use only for a stated relapse") {
  auto relapse = cats("anh ấy đi cai về được 2 tháng giờ lại nghiện rồi");
  CHECK(has(relapse, "post_rehab"));
  CHECK(has(relapse, "use"));
  auto fear = cats("chồng tôi ở trung tâm cai nghiện về, tôi sợ anh ấy tái nghiện");
  CHECK(has(fear, "post_rehab"));
  CHECK_FALSE(has(fear, "use"));
}

TEST_CASE("trafficking, cultivation, wanted") {
  CHECK(has(cats("có cái kho tôn đêm nào cũng có xe tải chở thùng carton hàng vào"), "trafficking"));
  CHECK(has(cats("nhà bên cạnh trồng mấy chậu cần sa trên sân thượng"), "cultivation"));
  CHECK(cats("thằng đó đang bị truy nã, tôi thấy nó ở quán cà phê") == std::vector<std::string>{"wanted"});
}

TEST_CASE("youth needs a minor involved, disguised needs a consumer product") {
  auto y = cats("mấy đứa học sinh lớp 8 hút pod có hàng ở cổng trường");
  CHECK(has(y, "youth"));
  CHECK(has(y, "disguised"));
  CHECK_FALSE(has(cats("ck e ngáo đá nhốt e với 2 đứa nhỏ trong phòng"), "youth"));
  CHECK_FALSE(has(cats("nhân viên quán mang thuốc lắc lên bán cho khách"), "disguised"));
}

TEST_CASE("online means social media or a shipper, not a phone call") {
  CHECK(has(cats("kênh telegram rao bán nước vui, ship tận nơi"), "online"));
  CHECK_FALSE(has(cats("gọi số 0912 345 678 là có người chạy xe tới giao đá"), "online"));
}

TEST_CASE("innocent uses of slang are not drug-related") {
  for (const char* text : {"Chiều nào tụi nhỏ cũng đá bóng ở sân, ồn quá", "cho em hỏi mua kẹo cho cháu ở đâu",
                           "quán nước mía dùng nước đá bẩn", "Mai em bay ra Hà Nội công tác, khai tạm vắng ở đâu",
                           "bò nhà tôi ăn cỏ lạc vào rẫy hàng xóm", "trạm y tế có chích ngừa cho bé không"}) {
    INFO(text);
    auto r = shipped_engine().classify(text, kNow);
    CHECK_FALSE(r.drug_related);
    CHECK(r.priority == "low");
  }
}

TEST_CASE("spam and procedural questions") {
  CHECK(cats("alo") == std::vector<std::string>{"spam"});
  CHECK(cats("VAY TIỀN NHANH GIẢI NGÂN 15 PHÚT") == std::vector<std::string>{"spam"});
  CHECK(cats("Tôi muốn hỏi nếu tố giác người bán ma túy thì có được giữ bí mật không") ==
        std::vector<std::string>{"other"});
}

TEST_CASE("priority") {
  auto p = [](const char* t) { return shipped_engine().classify(t, kNow).priority; };
  CHECK(p("NHÀ NGHỈ THANH TÂM ĐANG CÓ ĐÁM CHƠI ĐÁ, 1 ĐỨA NẰM CO GIẬT") == "urgent");
  CHECK(p("ở số 27 hẻm 12 Lê Lợi tối nào cũng có người tới mua đá") == "high");
  CHECK(p("nhà thằng Tuấn Sẹo tổ 3 ae ra vào suốt, chơi đồ ở trong") == "normal");
  CHECK(p("Hồi năm 2012 nghe nói ông chủ tiệm vàng ở tổ 3 từng buôn heroin") == "low");
}

TEST_CASE("a sale happening now is urgent; a post offering goods is not") {
  auto p = [](const char* t) { return shipped_engine().classify(t, kNow).priority; };
  CHECK(p("Đang có người bán ma túy đá ngay trước cổng trường THCS") == "urgent");
  CHECK(p("thằng Tí đang bán đá ở đầu hẻm 5") == "urgent");
  // "đăng bán" (posted for sale) folds to the same letters as "đang bán": marks decide.
  CHECK(p("có tài khoản đăng bán kẹo vui trên mạng") != "urgent");
  CHECK(p("nó đang tìm mua đá") != "urgent");
}
