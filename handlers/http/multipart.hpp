#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tipline::handlers {

struct BoundaryResult {
  std::string boundary;  // without the leading "--"
  std::string error;

  bool ok() const { return error.empty(); }
};

// Extracts the boundary parameter from a Content-Type header value. The media type
// must be multipart/form-data (case-insensitive); the parameter name is matched
// case-insensitively and its value may be a token or a quoted string. The boundary
// must be 1..70 characters from RFC 2046's bchars and must not end in a space.
BoundaryResult boundary_from_content_type(std::string_view content_type);

struct MultipartLimits {
  std::size_t max_parts = 16;
  std::size_t max_part_header_bytes = 8 * 1024;  // one part's header block incl. CRLFs
  std::size_t max_name_bytes = 64;
  std::size_t max_field_bytes = 64 * 1024;
  std::size_t max_file_bytes = 10 * 1024 * 1024;
};

struct MultipartFile {
  std::string field_name;
  // As sent by the client. It can name the reporter ("C:\Users\Nguyen Van A\..."), so
  // callers must drop it and never store or log it.
  std::string filename;
  std::string content_type;  // as declared, possibly empty; never trust it for the format
  std::string bytes;
};

struct MultipartResult {
  std::map<std::string, std::string> fields;  // text parts, valid UTF-8, no NUL
  std::vector<MultipartFile> files;           // parts with a filename, in body order
  std::string error;                          // short English, never echoes the body

  bool ok() const { return error.empty(); }
};

// Parses a multipart/form-data body (RFC 7578 / RFC 2046), strictly:
// - Lines end in CRLF; a bare LF where a line end is required is an error.
// - A delimiter counts only at the very start of the body or right after CRLF;
//   "--boundary" anywhere else is content. A delimiter line followed by anything but
//   optional spaces/tabs and CRLF (or "--" for the close delimiter) is an error.
// - No close delimiter is an error; preamble and epilogue are ignored.
// - Each part needs Content-Disposition: form-data with a non-empty name. A part with
//   a filename parameter is a file; anything else is a text field.
// - Repeated text field names are an error; repeated file field names are allowed
//   (<input type=file multiple>).
// - A file part with an empty filename and no bytes — what browsers send for an
//   unused file input — is skipped rather than reported as an empty file.
// - Content-Transfer-Encoding other than 7bit/8bit/binary is an error.
MultipartResult parse_multipart(std::string_view body, std::string_view boundary,
                                const MultipartLimits& limits = {});

}  // namespace tipline::handlers
