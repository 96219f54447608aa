#include "unit/handlers/webform/support/image_fixtures.hpp"

namespace tipline::test {

std::uint32_t reference_crc32(std::string_view bytes) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xffffffffu;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string be16(std::uint16_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string png_chunk(std::string_view type, std::string_view data) {
  std::string typed = std::string(type) + std::string(data);
  return be32(static_cast<std::uint32_t>(data.size())) + typed + be32(reference_crc32(typed));
}

std::string png_ihdr(std::uint32_t width, std::uint32_t height, std::uint8_t bit_depth,
                     std::uint8_t colour_type) {
  std::string data = be32(width) + be32(height);
  data += static_cast<char>(bit_depth);
  data += static_cast<char>(colour_type);
  data += std::string(3, '\0');  // compression, filter, interlace
  return png_chunk("IHDR", data);
}

static std::uint32_t adler32(std::string_view bytes) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : bytes) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

std::string png_idat_rgb_black(std::uint32_t width, std::uint32_t height) {
  std::string raw;
  for (std::uint32_t y = 0; y < height; ++y) {
    raw += '\0';  // filter type None
    raw += std::string(width * 3, '\0');
  }
  auto len = static_cast<std::uint16_t>(raw.size());
  std::string z = bytes({0x78, 0x01, 0x01});  // zlib header; final stored block
  z += static_cast<char>(len & 0xff);
  z += static_cast<char>(len >> 8);
  z += static_cast<char>(~len & 0xff);
  z += static_cast<char>((~len >> 8) & 0xff);
  z += raw;
  z += be32(adler32(raw));
  return png_chunk("IDAT", z);
}

std::string minimal_png(const std::vector<std::string>& middle) {
  std::string png(png_signature);
  png += png_ihdr(1, 1);
  for (const auto& chunk : middle) png += chunk;
  png += png_idat_rgb_black(1, 1);
  png += png_chunk("IEND", "");
  return png;
}

std::vector<PngChunkView> png_chunks(std::string_view png) {
  std::vector<PngChunkView> out;
  std::size_t pos = png_signature.size();
  auto u32 = [&](std::size_t at) {
    return (std::uint32_t{static_cast<unsigned char>(png[at])} << 24) |
           (std::uint32_t{static_cast<unsigned char>(png[at + 1])} << 16) |
           (std::uint32_t{static_cast<unsigned char>(png[at + 2])} << 8) |
           std::uint32_t{static_cast<unsigned char>(png[at + 3])};
  };
  while (pos + 12 <= png.size()) {
    std::uint32_t len = u32(pos);
    if (pos + 12 + len > png.size()) break;
    std::string_view typed = png.substr(pos + 4, 4 + len);
    out.push_back({std::string(typed.substr(0, 4)), std::string(typed.substr(4)),
                   reference_crc32(typed) == u32(pos + 8 + len)});
    pos += 12 + len;
  }
  return out;
}

std::string jpeg_segment(std::uint8_t marker, std::string_view payload) {
  std::string seg = bytes({0xff, marker});
  seg += be16(static_cast<std::uint16_t>(payload.size() + 2));
  seg += payload;
  return seg;
}

std::string jfif_app0(std::uint8_t thumb_w, std::uint8_t thumb_h) {
  std::string p("JFIF\0", 5);
  p += bytes({1, 2, 1, 0, 72, 0, 72, thumb_w, thumb_h});
  p += std::string(std::size_t{thumb_w} * thumb_h * 3, '\x7f');
  return jpeg_segment(0xe0, p);
}

std::string jpeg_dqt() {
  std::string p = bytes({0x00});  // 8-bit table 0
  for (int i = 0; i < 64; ++i) p += static_cast<char>(1 + i);
  return jpeg_segment(0xdb, p);
}

std::string jpeg_sof0(std::uint16_t width, std::uint16_t height) {
  std::string p = bytes({8});
  p += be16(height) + be16(width);
  p += bytes({1, 1, 0x11, 0});  // one component, 1x1 sampling, table 0
  return jpeg_segment(0xc0, p);
}

std::string jpeg_dht() {
  std::string p = bytes({0x00, 0, 1});  // DC table 0: one code of length 2
  p += std::string(14, '\0');
  p += bytes({0});
  return jpeg_segment(0xc4, p);
}

std::string jpeg_sos_header() { return jpeg_segment(0xda, bytes({1, 1, 0x00, 0, 63, 0})); }

std::string jpeg_scan_data() {
  return bytes({0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a, 0xff, 0x00, 0xbc});
}

std::string minimal_jpeg(std::string_view before_tables) {
  std::string jpeg(jpeg_soi);
  jpeg += before_tables;
  jpeg += jpeg_dqt() + jpeg_sof0() + jpeg_dht() + jpeg_sos_header() + jpeg_scan_data();
  jpeg += jpeg_eoi;
  return jpeg;
}

}  // namespace tipline::test
