#include "handlers/http/multipart.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <string>

using tipline::handlers::boundary_from_content_type;
using tipline::handlers::MultipartLimits;
using tipline::handlers::parse_multipart;

namespace {

constexpr std::string_view secret = "BIMATXYZ";
constexpr std::string_view b = "XyZ123";

std::string text_part(std::string_view name, std::string_view value) {
  return "--" + std::string(b) + "\r\nContent-Disposition: form-data; name=\"" + std::string(name) +
         "\"\r\n\r\n" + std::string(value) + "\r\n";
}

std::string file_part(std::string_view name, std::string_view filename_param, std::string_view content_type,
                      std::string_view data) {
  std::string p = "--" + std::string(b) + "\r\nContent-Disposition: form-data; name=\"" + std::string(name) +
                  "\"; filename=" + std::string(filename_param) + "\r\n";
  if (!content_type.empty()) p += "Content-Type: " + std::string(content_type) + "\r\n";
  return p + "\r\n" + std::string(data) + "\r\n";
}

std::string closing() { return "--" + std::string(b) + "--\r\n"; }

void require_error_without_echo(std::string_view body, const MultipartLimits& limits = {}) {
  auto r = parse_multipart(body, b, limits);
  REQUIRE_FALSE(r.ok());
  CHECK(r.fields.empty());
  CHECK(r.files.empty());
  CHECK(r.error.find(secret) == std::string::npos);
  CHECK(r.error.size() < 64);
}

}  // namespace

// --- boundary_from_content_type --------------------------------------------------

TEST_CASE("multipart boundary: accepted forms", "[multipart]") {
  auto r = boundary_from_content_type("multipart/form-data; boundary=----WebKitFormBoundaryA1b2");
  REQUIRE(r.ok());
  CHECK(r.boundary == "----WebKitFormBoundaryA1b2");

  r = boundary_from_content_type("Multipart/Form-Data;BOUNDARY=abc");
  REQUIRE(r.ok());
  CHECK(r.boundary == "abc");

  r = boundary_from_content_type("multipart/form-data ; charset=utf-8; Boundary=\"a b:c\"");
  REQUIRE(r.ok());
  CHECK(r.boundary == "a b:c");

  r = boundary_from_content_type("multipart/form-data; boundary=\"q\\\"x\"");
  CHECK_FALSE(r.ok());  // '"' is not a bchar even when escaped

  r = boundary_from_content_type("multipart/form-data; boundary=" + std::string(70, 'a'));
  REQUIRE(r.ok());
  CHECK(r.boundary.size() == 70);
}

TEST_CASE("multipart boundary: rejected forms", "[multipart][hostile]") {
  for (std::string ct :
       {"", "text/plain; boundary=abc", "multipart/mixed; boundary=abc", "multipart/form-data",
        "multipart/form-data;", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"abc", "multipart/form-data; boundary=\"ab \"",
        "multipart/form-data; boundary=a;b", "multipart/form-data; boundary=abc; boundary=abd",
        "multipart/form-data; boundary=ab\x01", "multipart/form-data; boundary=a\"b",
        "multipart/form-data-x; boundary=abc", "multipart/form-data boundary=abc",
        "multipart/form-data; boundary=abc junk"}) {
    INFO(ct);
    CHECK_FALSE(boundary_from_content_type(ct).ok());
  }
  CHECK_FALSE(boundary_from_content_type("multipart/form-data; boundary=" + std::string(71, 'a')).ok());
  CHECK_FALSE(
      boundary_from_content_type("multipart/form-data; boundary=\"" + std::string(71, 'a') + "\"").ok());
}

// --- parse_multipart: hostile ------------------------------------------------------

TEST_CASE("multipart: missing closing boundary is an error", "[multipart][hostile]") {
  require_error_without_echo(text_part("note", "BIMATXYZ"));
  require_error_without_echo(text_part("note", "BIMATXYZ") + "--" + std::string(b));
  require_error_without_echo(text_part("note", "BIMATXYZ") + "--" + std::string(b) + "-");
  require_error_without_echo("--" + std::string(b) +
                             "\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nBIMATXYZ");
  require_error_without_echo("");
  require_error_without_echo("BIMATXYZ preamble only");
}

TEST_CASE("multipart: boundary text inside content without a preceding CRLF is content",
          "[multipart][hostile]") {
  std::string value = "a--" + std::string(b) + "--b\n--" + std::string(b) + "\r--" + std::string(b);
  auto r = parse_multipart(text_part("note", value) + closing(), b);
  REQUIRE(r.ok());
  CHECK(r.fields.at("note") == value);

  std::string data = std::string("\0\x01--", 4) + std::string(b) + "\r\n\xff";
  r = parse_multipart(file_part("photo", "\"x.jpg\"", "image/jpeg", data) + closing(), b);
  REQUIRE(r.ok());
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].bytes == data);
}

TEST_CASE("multipart: a delimiter followed by junk is an error", "[multipart][hostile]") {
  // CRLF--boundary must be followed by CRLF (after optional blanks) or "--".
  require_error_without_echo(text_part("note", "BIMATXYZ\r\n--" + std::string(b) + "tail") + closing());
  require_error_without_echo(text_part("note", "BIMATXYZ") + "--" + std::string(b) +
                             "\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n" + closing());
}

TEST_CASE("multipart: huge part headers are rejected", "[multipart][hostile]") {
  std::string body = "--" + std::string(b) +
                     "\r\nContent-Disposition: form-data; name=\"n\"\r\nX-Pad: " + std::string(9000, 'a') +
                     "BIMATXYZ\r\n\r\nv\r\n" + closing();
  require_error_without_echo(body);
  // Unterminated header block that runs to the end of the body.
  require_error_without_echo("--" + std::string(b) + "\r\nContent-Disposition: form-data; name=\"n\"\r\n" +
                             std::string(20000, 'h'));
  // Just under the cap is fine.
  MultipartLimits small;
  small.max_part_header_bytes = 64;
  std::string headers = "Content-Disposition: form-data; name=\"n\"\r\n";  // sized below
  std::string pad = "X: " + std::string(64 - headers.size() - 2 - 5, 'p') + "\r\n";
  std::string fits = "--" + std::string(b) + "\r\n" + headers + pad + "\r\nv\r\n" + closing();
  CHECK(parse_multipart(fits, b, small).ok());
  std::string over = "--" + std::string(b) + "\r\n" + headers +
                     "X: " + std::string(64 - headers.size() - 2 - 5 + 1, 'p') + "\r\n\r\nv\r\n" + closing();
  CHECK_FALSE(parse_multipart(over, b, small).ok());
}

TEST_CASE("multipart: too many parts", "[multipart][hostile]") {
  std::string body;
  for (int i = 0; i < 16; ++i) body += text_part(std::to_string(i), "BIMATXYZ");
  CHECK(parse_multipart(body + closing(), b).ok());
  body += text_part("16", "BIMATXYZ");
  require_error_without_echo(body + closing());
}

TEST_CASE("multipart: size limits", "[multipart][hostile]") {
  MultipartLimits limits;
  limits.max_file_bytes = 10;
  limits.max_field_bytes = 8;
  CHECK(parse_multipart(file_part("p", "\"a\"", "", std::string(10, 'x')) + closing(), b, limits).ok());
  require_error_without_echo(file_part("p", "\"a\"", "", "BIMATXYZ123") + closing(), limits);
  CHECK(parse_multipart(text_part("n", "12345678") + closing(), b, limits).ok());
  require_error_without_echo(text_part("n", "BIMATXYZ9") + closing(), limits);
  require_error_without_echo(text_part(std::string(65, 'n'), "BIMATXYZ") + closing());
}

TEST_CASE("multipart: text fields must be UTF-8 without NUL", "[multipart][hostile]") {
  require_error_without_echo(text_part("note", "BIMATXYZ\xc0\xaf") + closing());
  require_error_without_echo(text_part("note", "BIMATXYZ\xed\xa0\x80") + closing());
  require_error_without_echo(text_part("note", "BIMATXYZ\xe1\xbb") + closing());
  require_error_without_echo(text_part("note", std::string("BIMATXYZ\0", 9)) + closing());
  require_error_without_echo(text_part("no\xff", "BIMATXYZ") + closing());
}

TEST_CASE("multipart: bare LF and malformed headers", "[multipart][hostile]") {
  std::string bb(b);
  require_error_without_echo("--" + bb + "\nContent-Disposition: form-data; name=\"n\"\n\nBIMATXYZ\n--" + bb +
                             "--");
  require_error_without_echo("--" + bb + "\r\nContent-Disposition: form-data; name=\"n\"\n\r\nBIMATXYZ\r\n" +
                             closing());
  // Missing or wrong Content-Disposition.
  require_error_without_echo("--" + bb + "\r\nContent-Type: text/plain\r\n\r\nBIMATXYZ\r\n" + closing());
  require_error_without_echo(
      "--" + bb + "\r\nContent-Disposition: attachment; name=\"n\"\r\n\r\nBIMATXYZ\r\n" + closing());
  require_error_without_echo("--" + bb + "\r\nContent-Disposition: form-data\r\n\r\nBIMATXYZ\r\n" +
                             closing());
  require_error_without_echo("--" + bb + "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nBIMATXYZ\r\n" +
                             closing());
  require_error_without_echo("--" + bb + "\r\nContent-Disposition: form-data; name=\"n\r\n\r\nBIMATXYZ\r\n" +
                             closing());
  // Header without a colon, folded header, duplicate disposition.
  require_error_without_echo(
      "--" + bb + "\r\nContent-Disposition: form-data; name=\"n\"\r\nBIMATXYZ\r\n\r\nv\r\n" + closing());
  require_error_without_echo(
      "--" + bb + "\r\nContent-Disposition: form-data;\r\n name=\"n\"\r\n\r\nBIMATXYZ\r\n" + closing());
  require_error_without_echo("--" + bb +
                             "\r\nContent-Disposition: form-data; name=\"n\"\r\nContent-Disposition: "
                             "form-data; name=\"m\"\r\n\r\nBIMATXYZ\r\n" +
                             closing());
  // Encodings we would have to decode.
  require_error_without_echo("--" + bb +
                             "\r\nContent-Disposition: form-data; name=\"n\"\r\nContent-Transfer-Encoding: "
                             "base64\r\n\r\nQklNQVRYWVo=\r\n" +
                             closing());
  // Duplicate parameters and duplicate text fields.
  require_error_without_echo(
      "--" + bb + "\r\nContent-Disposition: form-data; name=\"n\"; name=\"m\"\r\n\r\nBIMATXYZ\r\n" +
      closing());
  require_error_without_echo(text_part("n", "a") + text_part("n", "BIMATXYZ") + closing());
}

TEST_CASE("multipart: a delimiter glued to preamble text is not a delimiter", "[multipart][hostile]") {
  // "junk--b" is preamble, so the part after it is never parsed: the first real
  // delimiter is the close delimiter and the body holds no parts.
  auto r =
      parse_multipart("junk--" + std::string(b) +
                          "\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nBIMATXYZ\r\n" + closing(),
                      b);
  REQUIRE(r.ok());
  CHECK(r.fields.empty());
  CHECK(r.files.empty());
}

// --- parse_multipart: well-formed ---------------------------------------------------

TEST_CASE("multipart: quoted filenames with escaped quotes", "[multipart][hostile]") {
  auto r = parse_multipart(
      file_part("photo", R"("a \"quoted\" name\\.jpg")", "image/jpeg", "DATA") + closing(), b);
  REQUIRE(r.ok());
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].filename == R"(a "quoted" name\.jpg)");
  CHECK(r.files[0].field_name == "photo");
  CHECK(r.files[0].content_type == "image/jpeg");
  CHECK(r.files[0].bytes == "DATA");

  // A semicolon inside quotes does not end the parameter.
  r = parse_multipart(file_part("photo", R"("x; name=\"evil\".jpg")", "", "D") + closing(), b);
  REQUIRE(r.ok());
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].field_name == "photo");
  CHECK(r.files[0].filename == R"(x; name="evil".jpg)");

  // Unterminated quoted filename.
  require_error_without_echo(file_part("photo", R"("BIMATXYZ.jpg)", "", "D") + closing());
  require_error_without_echo(file_part("photo", R"("BIMATXYZ.jpg\")", "", "D") + closing());
}

TEST_CASE("multipart: typical browser body with preamble and epilogue", "[multipart]") {
  std::string body =
      "This is a preamble\r\n" + text_part("note", "Nhóm thanh niên\r\ntụ tập") + text_part("area", "tổ 3") +
      file_part("photo", "\"IMG_0001.JPG\"", "image/jpeg", std::string("\xff\xd8\r\n\r\n\xff\xd9", 8)) +
      closing() + "epilogue ignored --" + std::string(b) + "\r\n";
  auto r = parse_multipart(body, b);
  REQUIRE(r.ok());
  CHECK(r.fields.size() == 2);
  CHECK(r.fields.at("note") == "Nhóm thanh niên\r\ntụ tập");
  CHECK(r.fields.at("area") == "tổ 3");
  REQUIRE(r.files.size() == 1);
  CHECK(r.files[0].filename == "IMG_0001.JPG");
  CHECK(r.files[0].bytes == std::string("\xff\xd8\r\n\r\n\xff\xd9", 8));
}

TEST_CASE("multipart: header names and parameter names are case-insensitive", "[multipart]") {
  std::string bb(b);
  auto r = parse_multipart("--" + bb +
                               "  \t\r\ncontent-disposition:Form-Data;NAME=note\r\n"
                               "CONTENT-TYPE: text/plain; charset=UTF-8\r\n\r\nv\r\n--" +
                               bb + "--",
                           b);
  REQUIRE(r.ok());
  CHECK(r.fields.at("note") == "v");
}

TEST_CASE("multipart: empty file input is skipped, other files kept", "[multipart]") {
  auto r = parse_multipart(file_part("photo", "\"\"", "application/octet-stream", "") +
                               file_part("photo", "\"b.png\"", "image/png", "P") +
                               file_part("photo", "\"\"", "", "X") + closing(),
                           b);
  REQUIRE(r.ok());
  REQUIRE(r.files.size() == 2);
  CHECK(r.files[0].filename == "b.png");
  CHECK(r.files[1].filename.empty());
  CHECK(r.files[1].bytes == "X");
}

TEST_CASE("multipart: empty values and no parts", "[multipart]") {
  auto r = parse_multipart(text_part("note", "") + closing(), b);
  REQUIRE(r.ok());
  CHECK(r.fields.at("note").empty());

  r = parse_multipart("--" + std::string(b) + "--", b);
  REQUIRE(r.ok());
  CHECK(r.fields.empty());
  CHECK(r.files.empty());
}

TEST_CASE("multipart: an invalid boundary argument is an error", "[multipart][hostile]") {
  CHECK_FALSE(parse_multipart("----\r\n", "").ok());
  CHECK_FALSE(parse_multipart("x", std::string(71, 'a')).ok());
}

TEST_CASE("multipart: random corruption never crashes", "[multipart][hostile]") {
  std::uint32_t state = 777;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  const std::string good = text_part("note", "Nhóm BIMATXYZ") +
                           file_part("photo", R"("a\"b.jpg")", "image/jpeg", "\r\n--XyZ12") + closing();
  const char alphabet[] = {'\r', '\n', '-', '"', ';', '\\', 'X', '\0', '\xff', ':', '='};
  for (int round = 0; round < 3000; ++round) {
    std::string input = good;
    int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = next() % (input.size() + 1);
      char c = alphabet[next() % sizeof(alphabet)];
      if (next() % 2 && at < input.size())
        input[at] = c;
      else
        input.insert(at, 1, c);
    }
    auto r = parse_multipart(input, b);
    if (!r.ok()) {
      CHECK(r.error.find(secret) == std::string::npos);
      CHECK(r.fields.empty());
      CHECK(r.files.empty());
    }
  }
}

TEST_CASE("multipart: near-delimiters throughout a large body stay fast", "[multipart][hostile]") {
  std::string chunk = "\r\n--XyZ12";  // a prefix of the delimiter, over and over
  std::string data;
  while (data.size() < 4 * 1024 * 1024) data += chunk;
  std::string body = file_part("photo", "\"a\"", "", data) + closing();
  auto start = std::chrono::steady_clock::now();
  auto r = parse_multipart(body, b);
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(r.ok());
  CHECK(r.files.at(0).bytes == data);
  CHECK(elapsed < std::chrono::seconds(2));
}
