#pragma once
#include <string>
#include <string_view>

namespace tipline::handlers {

// Error strings of SanitizedImage, fixed so callers can map them to public messages.
namespace image_error {
inline constexpr std::string_view not_image = "not a JPEG or PNG";
inline constexpr std::string_view truncated = "truncated";
inline constexpr std::string_view corrupt = "corrupt";
inline constexpr std::string_view unsupported = "unsupported";
inline constexpr std::string_view bad_dimensions = "dimensions out of range";
}  // namespace image_error

inline constexpr unsigned max_image_dimension = 20000;

struct SanitizedImage {
  std::string media_type;  // "image/jpeg" or "image/png" when ok()
  std::string bytes;       // the cleaned file
  std::string error;       // one of image_error::*

  bool ok() const { return error.empty(); }
};

// Rewrites an uploaded JPEG or PNG keeping only what is needed to display it, so no
// metadata (EXIF GPS, camera serials, XMP, ICC profiles, comments, embedded thumbnails)
// reaches storage — anonymity invariant 6. The format is taken from the magic bytes,
// never from the declared content type. Pixels are not decoded or re-encoded: the
// entropy-coded JPEG scans and the PNG IDAT chunks are copied byte for byte.
SanitizedImage sanitize_image(std::string_view bytes);

}  // namespace tipline::handlers
