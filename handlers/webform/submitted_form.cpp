#include "handlers/webform/submitted_form.hpp"

#include "handlers/http/form_fields.hpp"
#include "handlers/webform/image_sanitizer.hpp"
#include "handlers/http/multipart.hpp"

namespace tipline::handlers {
namespace {

constexpr const char* malformed_message = "Biểu mẫu gửi lên không hợp lệ. Vui lòng mở lại trang và gửi lại.";

FormReadResult refuse(int status, std::string message) {
  FormReadResult r;
  r.status = status;
  r.message = std::move(message);
  return r;
}

std::string media_type_of(std::string_view content_type) {
  std::string out(content_type.substr(0, content_type.find(';')));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

FormReadResult read_submitted_form(const Request& request, std::size_t max_photo_bytes) {
  std::string media_type = media_type_of(request.header("content-type"));
  SubmittedForm form;
  if (media_type == "application/x-www-form-urlencoded") {
    auto parsed = parse_form_fields(request.body);
    if (!parsed.ok()) return refuse(400, malformed_message);
    form.fields = std::move(parsed.fields);
    return {std::move(form), 200, {}};
  }
  if (media_type != "multipart/form-data") return refuse(415, malformed_message);

  auto boundary = boundary_from_content_type(request.header("content-type"));
  if (!boundary.ok()) return refuse(400, malformed_message);
  // The body limit already caps the whole upload; the photo's own cap is checked
  // below so that an oversized photo gets its own answer.
  MultipartLimits limits;
  limits.max_file_bytes = request.body.size();
  auto parsed = parse_multipart(request.body, boundary.boundary, limits);
  if (!parsed.ok()) return refuse(400, malformed_message);
  form.fields = std::move(parsed.fields);
  for (auto& file : parsed.files) {
    // Browsers send an empty part when no file was chosen.
    if (file.field_name != "photo" || file.bytes.empty()) continue;
    if (max_photo_bytes == 0) return refuse(400, malformed_message);
    if (file.bytes.size() > max_photo_bytes)
      return refuse(413, "Ảnh quá lớn. Vui lòng chọn ảnh nhỏ hơn " + std::to_string(max_photo_bytes >> 20) + " MB.");
    auto image = sanitize_image(file.bytes);
    if (!image.ok()) return refuse(415, "Chỉ nhận ảnh JPEG hoặc PNG còn nguyên vẹn.");
    form.photo = Photo{image.media_type, std::move(image.bytes)};
  }
  return {std::move(form), 200, {}};
}

}  // namespace tipline::handlers
