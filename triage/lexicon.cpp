#include "triage/lexicon.hpp"

namespace tipline::triage {

std::vector<Word> plain_words(const std::vector<Token>& tokens) {
  std::vector<Word> out;
  out.reserve(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i)
    out.push_back(Word{tokens[i].folded, tokens[i].marked, tokens[i].has_marks, i});
  return out;
}

bool PhraseIndex::add(std::string_view phrase, int payload) {
  Entry e;
  e.strict = !phrase.empty() && phrase.front() == '=';
  if (e.strict) phrase.remove_prefix(1);
  e.words = plain_words(tokenize(phrase));
  if (e.words.empty()) return false;
  for (const auto& w : e.words) e.aware.push_back(w.has_marks);
  e.payload = payload;
  by_first_[e.words.front().folded].push_back(entries_.size());
  entries_.push_back(std::move(e));
  return true;
}

bool PhraseIndex::matches_at(const Entry& e, const std::vector<Word>& words, std::size_t at,
                             const std::vector<bool>* masked) const {
  if (at + e.words.size() > words.size()) return false;
  for (std::size_t k = 0; k < e.words.size(); ++k) {
    const Word& w = words[at + k];
    if (masked && (*masked)[at + k]) return false;
    if (w.folded != e.words[k].folded) return false;
    if (e.strict ? w.marked != e.words[k].marked : (e.aware[k] && w.has_marks && w.marked != e.words[k].marked))
      return false;
  }
  return true;
}

std::vector<PhraseMatch> PhraseIndex::find_all(const std::vector<Word>& words,
                                               const std::vector<bool>* masked) const {
  std::vector<PhraseMatch> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    auto it = by_first_.find(words[i].folded);
    if (it == by_first_.end()) continue;
    for (std::size_t id : it->second) {
      const Entry& e = entries_[id];
      if (matches_at(e, words, i, masked)) out.push_back(PhraseMatch{e.payload, i, i + e.words.size()});
    }
  }
  return out;
}

std::vector<PhraseMatch> PhraseIndex::find_longest(const std::vector<Word>& words) const {
  std::vector<PhraseMatch> out;
  for (std::size_t i = 0; i < words.size();) {
    auto it = by_first_.find(words[i].folded);
    const Entry* best = nullptr;
    if (it != by_first_.end())
      for (std::size_t id : it->second) {
        const Entry& e = entries_[id];
        if ((!best || e.words.size() > best->words.size()) && matches_at(e, words, i, nullptr)) best = &e;
      }
    if (best) {
      out.push_back(PhraseMatch{best->payload, i, i + best->words.size()});
      i += best->words.size();
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace tipline::triage
