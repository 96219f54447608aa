#pragma once
// Phrase matching over words. A phrase written without diacritics matches whatever marks the
// writer used; a phrase written with diacritics ("đá", "cỏ", "đồ") insists on those marks when
// the writer typed marks, and accepts the bare form only from a writer who typed none. That is
// how "đá" (meth) stays apart from "dạ" (yes) while "choi da" still counts. A phrase written
// "=nấm" is strict: the writer's marks must be exactly these (bare "nam" is "năm", a year).
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "triage/normalise.hpp"

namespace tipline::triage {

// A word after teencode expansion; `token` points back at the word it came from.
struct Word {
  std::string folded;
  std::string marked;
  bool has_marks = false;
  std::size_t token = 0;
};

struct PhraseMatch {
  int payload;
  std::size_t begin;  // word index, inclusive
  std::size_t end;    // word index, exclusive
};

class PhraseIndex final {
 public:
  // Adds a phrase; returns false when it has no words.
  bool add(std::string_view phrase, int payload);
  // Every match of every phrase, in order of start word; `masked` words never match.
  std::vector<PhraseMatch> find_all(const std::vector<Word>& words, const std::vector<bool>* masked = nullptr) const;
  // Longest matches that do not overlap, scanning left to right.
  std::vector<PhraseMatch> find_longest(const std::vector<Word>& words) const;
  bool empty() const { return by_first_.empty(); }

 private:
  struct Entry {
    std::vector<Word> words;
    std::vector<bool> aware;
    int payload;
    bool strict = false;  // written "=phrase": the marks must be exactly these, none meaning none
  };
  bool matches_at(const Entry& e, const std::vector<Word>& words, std::size_t at,
                  const std::vector<bool>* masked) const;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_;
};

// Words of a text without teencode expansion (ward names are matched on these).
std::vector<Word> plain_words(const std::vector<Token>& tokens);

}  // namespace tipline::triage
