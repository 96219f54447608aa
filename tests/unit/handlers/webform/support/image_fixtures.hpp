#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

// Byte-level builders for tiny JPEG and PNG files. They are written independently of
// the sanitizer (bitwise CRC, no shared tables) so a bug in one does not hide in both.
namespace tipline::test {

std::uint32_t reference_crc32(std::string_view bytes);
bool contains(std::string_view haystack, std::string_view needle);
std::string be32(std::uint32_t value);
std::string be16(std::uint16_t value);

// --- PNG --------------------------------------------------------------------------
inline constexpr std::string_view png_signature{"\x89PNG\r\n\x1a\n", 8};

std::string png_chunk(std::string_view type, std::string_view data);
std::string png_ihdr(std::uint32_t width, std::uint32_t height, std::uint8_t bit_depth = 8,
                     std::uint8_t colour_type = 2);
// A zlib stream (stored block) of one black RGB pixel row per line: a real, decodable
// image data payload for a width x height 8-bit RGB image (small sizes only).
std::string png_idat_rgb_black(std::uint32_t width, std::uint32_t height);
// signature + IHDR(1x1 RGB) + `middle` chunks + IDAT + IEND
std::string minimal_png(const std::vector<std::string>& middle = {});

struct PngChunkView {
  std::string type;
  std::string data;
  bool crc_ok;
};
// Splits a PNG after its signature; stops at the end of the buffer.
std::vector<PngChunkView> png_chunks(std::string_view png);

// --- JPEG -------------------------------------------------------------------------
std::string jpeg_segment(std::uint8_t marker, std::string_view payload);
std::string jfif_app0(std::uint8_t thumb_w = 0, std::uint8_t thumb_h = 0);
std::string jpeg_dqt();
std::string jpeg_sof0(std::uint16_t width = 8, std::uint16_t height = 8);
std::string jpeg_dht();
std::string jpeg_sos_header();
// Entropy-coded bytes with a stuffed 0xFF00 and a restart marker inside, to prove the
// scan is copied byte for byte and not cut at the first 0xFF.
std::string jpeg_scan_data();
inline constexpr std::string_view jpeg_soi{"\xff\xd8", 2};
inline constexpr std::string_view jpeg_eoi{"\xff\xd9", 2};
// SOI + `before_tables` + DQT + SOF0 + DHT + SOS + scan + EOI
std::string minimal_jpeg(std::string_view before_tables = {});

std::string bytes(std::initializer_list<int> values);

}  // namespace tipline::test
