#include "handlers/http/multipart.hpp"

#include <optional>

#include "common/utf8.hpp"

namespace tipline::handlers {
namespace {

constexpr std::size_t max_boundary_chars = 70;  // RFC 2046 section 5.1.1

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// RFC 2046 bchars.
bool is_bchar(char c) {
  return is_alnum(c) || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// RFC 9110 tchar.
bool is_tchar(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > max_boundary_chars || b.back() == ' ') return false;
  for (char c : b)
    if (!is_bchar(c)) return false;
  return true;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// Header text may carry UTF-8 (filenames) but no control characters other than tab.
bool is_ctl(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

struct Param {
  std::string name;  // lower-cased
  std::string value;
};

// Parses `*( OWS ";" OWS [ token "=" ( token / quoted-string ) ] ) OWS`, the parameter
// list after a media type or disposition type. Quoted strings honour backslash escapes
// so a '"' or ';' inside a filename cannot end the parameter early. Repeated names
// are refused: which copy wins differs between parsers.
std::optional<std::vector<Param>> parse_params(std::string_view s) {
  std::vector<Param> params;
  std::size_t i = 0;
  auto skip_ows = [&] {
    while (i < s.size() && is_ows(s[i])) ++i;
  };
  while (true) {
    skip_ows();
    if (i == s.size()) return params;
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_ows();
    if (i == s.size() || s[i] == ';') continue;

    std::size_t name_start = i;
    while (i < s.size() && is_tchar(s[i])) ++i;
    if (i == name_start || i == s.size() || s[i] != '=') return std::nullopt;
    Param param{to_lower(s.substr(name_start, i - name_start)), {}};
    ++i;

    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i == s.size()) return std::nullopt;
          c = s[i++];
        }
        if (is_ctl(c)) return std::nullopt;
        param.value.push_back(c);
      }
      if (!closed) return std::nullopt;
    } else {
      std::size_t value_start = i;
      while (i < s.size() && is_tchar(s[i])) ++i;
      if (i == value_start) return std::nullopt;
      param.value = s.substr(value_start, i - value_start);
    }
    for (const auto& p : params)
      if (p.name == param.name) return std::nullopt;
    params.push_back(std::move(param));
  }
}

const Param* find_param(const std::vector<Param>& params, std::string_view name) {
  for (const auto& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

struct PartHeaders {
  std::optional<std::string> disposition;
  std::string content_type;
  std::optional<std::string> transfer_encoding;
};

// `block` is the header lines, each ending in CRLF, without the blank line.
std::optional<std::string_view> parse_part_headers(std::string_view block, PartHeaders& out) {
  while (!block.empty()) {
    std::size_t eol = block.find("\r\n");
    if (eol == std::string_view::npos) return "malformed part header";
    std::string_view line = block.substr(0, eol);
    block.remove_prefix(eol + 2);

    if (line.empty()) return "malformed part header";
    // Obsolete line folding would let one header hide inside another.
    if (is_ows(line.front())) return "folded part header";
    for (char c : line) {
      if (c == '\r' || c == '\n') return "bare CR or LF in part headers";
      if (is_ctl(c)) return "control character in part headers";
    }

    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return "malformed part header";
    std::string_view name = line.substr(0, colon);
    for (char c : name)
      if (!is_tchar(c)) return "malformed part header";
    std::string_view value = trim_ows(line.substr(colon + 1));

    if (iequals(name, "content-disposition")) {
      if (out.disposition) return "repeated content disposition";
      out.disposition = std::string(value);
    } else if (iequals(name, "content-type")) {
      if (!out.content_type.empty()) return "repeated part content type";
      out.content_type = value;
    } else if (iequals(name, "content-transfer-encoding")) {
      if (out.transfer_encoding) return "repeated transfer encoding";
      out.transfer_encoding = std::string(value);
    }
  }
  return std::nullopt;
}

}  // namespace

BoundaryResult boundary_from_content_type(std::string_view content_type) {
  BoundaryResult result;
  std::size_t semi = content_type.find(';');
  std::string_view media_type = trim_ows(content_type.substr(0, semi));
  if (!iequals(media_type, "multipart/form-data")) {
    result.error = "not multipart/form-data";
    return result;
  }
  auto params = parse_params(semi == std::string_view::npos ? std::string_view{} : content_type.substr(semi));
  if (!params) {
    result.error = "malformed content type";
    return result;
  }
  const Param* boundary = find_param(*params, "boundary");
  if (!boundary || boundary->value.empty()) {
    result.error = "missing boundary";
  } else if (boundary->value.size() > max_boundary_chars) {
    result.error = "boundary too long";
  } else if (!valid_boundary(boundary->value)) {
    result.error = "invalid boundary";
  } else {
    result.boundary = boundary->value;
  }
  return result;
}

MultipartResult parse_multipart(std::string_view body, std::string_view boundary,
                                const MultipartLimits& limits) {
  MultipartResult result;
  auto fail = [&result](std::string_view message) {
    result.fields.clear();
    result.files.clear();
    result.error = message;
    return result;
  };
  if (!valid_boundary(boundary)) return fail("invalid boundary");

  const std::string dash_boundary = "--" + std::string(boundary);
  const std::string delimiter = "\r\n" + dash_boundary;

  // `pos` always points at a "--boundary" that starts the body or follows CRLF.
  std::size_t pos;
  if (body.starts_with(dash_boundary)) {
    pos = 0;
  } else {
    pos = body.find(delimiter);
    if (pos == std::string_view::npos) return fail("missing boundary");
    pos += 2;
  }

  std::size_t part_count = 0;
  while (true) {
    std::size_t i = pos + dash_boundary.size();
    if (body.substr(i, 2) == "--") return result;  // close delimiter; epilogue ignored

    while (i < body.size() && is_ows(body[i])) ++i;  // transport padding
    if (i >= body.size()) return fail("missing closing boundary");
    if (body.substr(i, 2) != "\r\n") return fail("malformed boundary line");
    std::size_t part_start = i + 2;

    if (++part_count > limits.max_parts) return fail("too many parts");

    std::string_view header_block;
    std::size_t content_start;
    if (body.substr(part_start, 2) == "\r\n") {
      content_start = part_start + 2;
    } else {
      // Search only within the cap so a huge header block costs no more than the cap.
      std::string_view window = body.substr(part_start, limits.max_part_header_bytes);
      std::size_t end = window.find("\r\n\r\n");
      if (end == std::string_view::npos)
        return fail(body.size() - part_start <= limits.max_part_header_bytes ? "unterminated part headers"
                                                                             : "part headers too large");
      header_block = window.substr(0, end + 2);
      content_start = part_start + end + 4;
    }

    std::size_t next = body.find(delimiter, content_start);
    if (next == std::string_view::npos) return fail("missing closing boundary");
    std::string_view content = body.substr(content_start, next - content_start);
    pos = next + 2;

    PartHeaders headers;
    if (auto err = parse_part_headers(header_block, headers)) return fail(*err);
    if (!headers.disposition) return fail("part without content disposition");
    if (headers.transfer_encoding && !iequals(*headers.transfer_encoding, "binary") &&
        !iequals(*headers.transfer_encoding, "8bit") && !iequals(*headers.transfer_encoding, "7bit"))
      return fail("unsupported transfer encoding");

    std::string_view disposition = *headers.disposition;
    std::size_t semi = disposition.find(';');
    if (!iequals(trim_ows(disposition.substr(0, semi)), "form-data")) return fail("part is not form-data");
    auto params =
        parse_params(semi == std::string_view::npos ? std::string_view{} : disposition.substr(semi));
    if (!params) return fail("malformed content disposition");

    const Param* name = find_param(*params, "name");
    if (!name || name->value.empty()) return fail("part without a name");
    if (name->value.size() > limits.max_name_bytes) return fail("field name too long");
    if (name->value.find('\0') != std::string::npos || !utf8::is_valid(name->value))
      return fail("field name not UTF-8");

    const Param* filename = find_param(*params, "filename");
    if (filename || find_param(*params, "filename*")) {
      if (content.size() > limits.max_file_bytes) return fail("file too large");
      std::string given = filename ? filename->value : std::string();
      if (given.empty() && content.empty()) continue;  // an unused <input type=file>
      result.files.push_back({name->value, std::move(given), headers.content_type, std::string(content)});
      continue;
    }

    if (content.size() > limits.max_field_bytes) return fail("field too large");
    if (content.find('\0') != std::string_view::npos) return fail("NUL byte in field");
    if (!utf8::is_valid(content)) return fail("field value not UTF-8");
    if (!result.fields.try_emplace(name->value, content).second) return fail("duplicate field");
  }
}

}  // namespace tipline::handlers
