#include "handlers/webform/image_sanitizer.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace tipline::handlers {
namespace {

// --- shared helpers -----------------------------------------------------------------

std::uint8_t byte_at(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

std::uint16_t be16_at(std::string_view s, std::size_t i) {
  return static_cast<std::uint16_t>((byte_at(s, i) << 8) | byte_at(s, i + 1));
}

std::uint32_t be32_at(std::string_view s, std::size_t i) {
  return (std::uint32_t{byte_at(s, i)} << 24) | (std::uint32_t{byte_at(s, i + 1)} << 16) |
         (std::uint32_t{byte_at(s, i + 2)} << 8) | std::uint32_t{byte_at(s, i + 3)};
}

bool dimensions_ok(std::uint32_t width, std::uint32_t height) {
  return width != 0 && height != 0 && width <= max_image_dimension && height <= max_image_dimension;
}

SanitizedImage failure(std::string_view error) {
  SanitizedImage result;
  result.error = error;
  return result;
}

SanitizedImage success(std::string_view media_type, std::string bytes) {
  SanitizedImage result;
  result.media_type = media_type;
  result.bytes = std::move(bytes);
  return result;
}

// --- JPEG ---------------------------------------------------------------------------

constexpr std::uint8_t soi = 0xd8, eoi = 0xd9, sos = 0xda, dqt = 0xdb, dnl = 0xdc, dri = 0xdd, dht = 0xc4,
                       dac = 0xcc, app0 = 0xe0, app14 = 0xee, tem = 0x01;

bool is_sof(std::uint8_t m) { return m >= 0xc0 && m <= 0xcf && m != dht && m != 0xc8 && m != dac; }
bool is_rst(std::uint8_t m) { return m >= 0xd0 && m <= 0xd7; }

void append_segment(std::string& out, std::uint8_t marker, std::string_view payload) {
  std::size_t length = payload.size() + 2;
  out += '\xff';
  out += static_cast<char>(marker);
  out += static_cast<char>(length >> 8);
  out += static_cast<char>(length & 0xff);
  out += payload;
}

// Returns the end of the entropy-coded data starting at `pos`: the first 0xFF that is
// neither byte stuffing (FF00) nor a restart marker (FFD0..FFD7). npos if the data runs
// out first.
std::size_t scan_end(std::string_view in, std::size_t pos) {
  while (true) {
    const void* ff = std::memchr(in.data() + pos, 0xff, in.size() - pos);
    if (!ff) return std::string_view::npos;
    std::size_t i = static_cast<std::size_t>(static_cast<const char*>(ff) - in.data());
    if (i + 1 >= in.size()) return std::string_view::npos;
    std::uint8_t next = byte_at(in, i + 1);
    if (next != 0x00 && !is_rst(next)) return i;
    pos = i + 2;
  }
}

// Rebuilds the file from an allow-list of segments. Everything not needed to decode the
// pixels — APP1..APP13 and APP15 (EXIF with GPS and serial numbers, XMP, ICC profiles,
// Photoshop IRB), COM, JFIF extension thumbnails, bytes after EOI — is never copied.
SanitizedImage sanitize_jpeg(std::string_view in) {
  std::string out(in.substr(0, 2));  // SOI, checked by the caller
  std::size_t pos = 2;
  bool seen_sof = false, seen_sos = false, seen_jfif = false;

  while (true) {
    if (pos >= in.size()) return failure(image_error::truncated);
    if (byte_at(in, pos) != 0xff) return failure(image_error::corrupt);
    while (pos < in.size() && byte_at(in, pos) == 0xff) ++pos;  // fill bytes
    if (pos >= in.size()) return failure(image_error::truncated);
    std::uint8_t marker = byte_at(in, pos++);

    if (marker == eoi) {
      if (!seen_sos) return failure(image_error::corrupt);
      out += "\xff\xd9";
      return success("image/jpeg", std::move(out));
    }
    if (marker == tem) continue;
    if (marker == 0x00 || marker == soi || is_rst(marker)) return failure(image_error::corrupt);

    if (in.size() - pos < 2) return failure(image_error::truncated);
    std::size_t length = be16_at(in, pos);
    if (length < 2) return failure(image_error::corrupt);
    if (in.size() - pos < length) return failure(image_error::truncated);
    std::string_view payload = in.substr(pos + 2, length - 2);
    std::string_view segment = in.substr(pos - 2, length + 2);
    pos += length;

    if (marker == app0) {
      // Only the fixed JFIF header survives, with the thumbnail size forced to 0x0: a
      // thumbnail can show what the reporter cropped out of the photo.
      if (!seen_jfif && payload.size() >= 14 && payload.substr(0, 5) == std::string_view("JFIF\0", 5)) {
        std::string header(payload.substr(0, 12));
        header += std::string(2, '\0');
        append_segment(out, marker, header);
        seen_jfif = true;
      }
    } else if (marker == app14) {
      // Adobe's colour-transform flag decides how CMYK/YCCK data decodes; nothing after
      // its 12 fixed bytes is needed.
      if (payload.size() >= 12 && payload.substr(0, 5) == "Adobe")
        append_segment(out, marker, payload.substr(0, 12));
    } else if ((marker >= 0xe1 && marker <= 0xef) || marker == 0xfe) {
      // APP1..APP13, APP15, COM: metadata, dropped.
    } else if (is_sof(marker)) {
      if (payload.size() < 9 || payload.size() != 6 + 3 * std::size_t{byte_at(payload, 5)})
        return failure(image_error::corrupt);
      if (!dimensions_ok(be16_at(payload, 3), be16_at(payload, 1)))
        return failure(image_error::bad_dimensions);
      seen_sof = true;
      out += segment;
    } else if (marker == sos) {
      if (!seen_sof) return failure(image_error::corrupt);
      std::size_t components = payload.empty() ? 0 : byte_at(payload, 0);
      if (components < 1 || components > 4 || payload.size() != 4 + 2 * components)
        return failure(image_error::corrupt);
      std::size_t end = scan_end(in, pos);
      if (end == std::string_view::npos) return failure(image_error::truncated);
      out += segment;
      out += in.substr(pos, end - pos);
      pos = end;
      seen_sos = true;
    } else if (marker == dqt || marker == dht || marker == dri || marker == dac || marker == dnl) {
      out += segment;
    } else if (marker == 0xc8 || marker == 0xde || marker == 0xdf) {
      // Reserved JPG marker and hierarchical-mode DHP/EXP: never written by phones or
      // browsers, and without them the pixels could not be reproduced.
      return failure(image_error::unsupported);
    }
    // Reserved markers (RESn, JPGn) carry nothing needed to decode: dropped.
  }
}

// --- PNG ----------------------------------------------------------------------------

constexpr std::string_view png_signature{"\x89PNG\r\n\x1a\n", 8};

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

constexpr auto crc_table = make_crc_table();

// CRC-32 as used by PNG and zlib; written out to avoid a library dependency for 10 lines.
std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xffffffffu;
  for (char ch : bytes) c = crc_table[(c ^ static_cast<unsigned char>(ch)) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool valid_depth(std::uint8_t colour_type, std::uint8_t depth) {
  switch (colour_type) {
    case 0:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2:
    case 4:
    case 6:
      return depth == 8 || depth == 16;
    default:
      return false;
  }
}

// Ancillary chunks that only affect how pixels are displayed. Everything else
// ancillary (tEXt, zTXt, iTXt, eXIf, tIME, iCCP, private chunks) may carry metadata.
bool is_kept_ancillary(std::string_view type) {
  for (std::string_view kept : {"tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs"})
    if (type == kept) return true;
  return false;
}

// Copies kept chunks verbatim, so their CRCs stay valid without being recomputed.
SanitizedImage sanitize_png(std::string_view in) {
  std::string out(png_signature);
  std::size_t pos = png_signature.size();
  bool seen_ihdr = false, seen_plte = false, seen_idat = false;
  std::uint8_t colour_type = 0;

  while (true) {
    if (in.size() - pos < 8) return failure(image_error::truncated);
    std::uint32_t length = be32_at(in, pos);
    if (length > 0x7fffffffu) return failure(image_error::corrupt);
    std::string_view type = in.substr(pos + 4, 4);
    for (char c : type)
      if (!is_ascii_letter(c)) return failure(image_error::corrupt);
    if (in.size() - pos - 8 < std::size_t{length} + 4) return failure(image_error::truncated);
    std::string_view data = in.substr(pos + 8, length);
    if (crc32(in.substr(pos + 4, 4 + std::size_t{length})) != be32_at(in, pos + 8 + length))
      return failure(image_error::corrupt);
    std::string_view chunk = in.substr(pos, 12 + std::size_t{length});
    pos += chunk.size();

    if (!seen_ihdr && type != "IHDR") return failure(image_error::corrupt);
    if (type == "IHDR") {
      if (seen_ihdr || length != 13) return failure(image_error::corrupt);
      if (!dimensions_ok(be32_at(data, 0), be32_at(data, 4))) return failure(image_error::bad_dimensions);
      colour_type = byte_at(data, 9);
      if (!valid_depth(colour_type, byte_at(data, 8)) || byte_at(data, 10) != 0 || byte_at(data, 11) != 0 ||
          byte_at(data, 12) > 1)
        return failure(image_error::corrupt);
      seen_ihdr = true;
      out += chunk;
    } else if (type == "PLTE") {
      if (length == 0 || length % 3 != 0 || length > 256 * 3) return failure(image_error::corrupt);
      seen_plte = true;
      out += chunk;
    } else if (type == "IDAT") {
      seen_idat = true;
      out += chunk;
    } else if (type == "IEND") {
      if (length != 0 || !seen_idat || (colour_type == 3 && !seen_plte)) return failure(image_error::corrupt);
      out += chunk;
      return success("image/png", std::move(out));  // anything after IEND is dropped
    } else if (is_kept_ancillary(type)) {
      out += chunk;
    } else if ((static_cast<unsigned char>(type[0]) & 0x20) == 0) {
      return failure(image_error::unsupported);  // unknown critical chunk
    }
  }
}

}  // namespace

SanitizedImage sanitize_image(std::string_view bytes) {
  if (bytes.starts_with(png_signature)) return sanitize_png(bytes);
  if (bytes.starts_with(std::string_view("\xff\xd8", 2))) return sanitize_jpeg(bytes);
  return failure(image_error::not_image);
}

}  // namespace tipline::handlers
