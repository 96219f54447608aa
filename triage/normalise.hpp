#pragma once
// Vietnamese text as words: precomposed and decomposed input give the same words, case and
// diacritics are folded away for matching, and each word remembers its marks (so a rule can
// insist on them) and its byte span in the original text (so personal data can be located).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tipline::triage {

struct Token {
  std::string folded;     // lower-case ASCII, marks stripped, đ -> d: "đá" -> "da"
  std::string marked;     // folded letters each followed by a mark code: tells "đá" from "dạ"
  bool has_marks = false;  // the writer typed at least one diacritic (or đ) in this word
  bool capitalised = false;  // first letter upper case
  bool all_upper = false;    // every letter upper case (ALL CAPS text)
  bool numeric = false;      // digits only
  std::size_t start = 0;     // byte offsets into the original text
  std::size_t end = 0;
};

// Splits text into words of letters and digits. Anything else (punctuation, emoji, spaces)
// separates words; runs of three or more identical letters collapse to one ("nhanhhhh").
// Invalid UTF-8 bytes are treated as separators, never an error.
std::vector<Token> tokenize(std::string_view text);

// Folded form of a whole phrase, words joined by single spaces: "Chợ Hòa Bình" -> "cho hoa binh".
std::string fold(std::string_view text);

}  // namespace tipline::triage
