#include "triage/normalise.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace tipline::triage {
namespace {

struct Letter {
  char32_t cp;
  char base;
  std::uint8_t mod;   // 0 none, 1 circumflex, 2 breve, 3 horn
  std::uint8_t tone;  // 0 none, 1 grave, 2 acute, 3 tilde, 4 hook, 5 dot below
  bool stroke;        // đ
  bool upper;
};

constexpr Letter kLetters[] = {
#include "triage/vn_letters.inc"
};

const Letter* find_letter(char32_t cp) {
  auto it = std::lower_bound(std::begin(kLetters), std::end(kLetters), cp,
                             [](const Letter& l, char32_t c) { return l.cp < c; });
  return (it != std::end(kLetters) && it->cp == cp) ? it : nullptr;
}

// Combining marks of decomposed Vietnamese: they modify the letter before them.
bool combining(char32_t cp, std::uint8_t& mod, std::uint8_t& tone) {
  switch (cp) {
    case 0x0302: mod = 1; return true;
    case 0x0306: mod = 2; return true;
    case 0x031B: mod = 3; return true;
    case 0x0300: tone = 1; return true;
    case 0x0301: tone = 2; return true;
    case 0x0303: tone = 3; return true;
    case 0x0309: tone = 4; return true;
    case 0x0323: tone = 5; return true;
    default: return false;
  }
}

// Decodes one code point; on a malformed sequence returns U+FFFD and consumes one byte.
char32_t decode(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  int n = (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
  if (n < 0 || i + static_cast<std::size_t>(n) >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = n == 1 ? (b & 0x1F) : n == 2 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k <= n; ++k) {
    auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((c >> 6) != 2) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += static_cast<std::size_t>(n) + 1;
  return cp;
}

struct Pending {
  char base = 0;
  std::uint8_t mod = 0, tone = 0;
  bool stroke = false, upper = false, digit = false;
  std::size_t end = 0;
};

class Builder {
 public:
  explicit Builder(std::vector<Token>& out) : out_(out) {}

  void letter(const Pending& p, std::size_t start) {
    if (!open_) {
      cur_ = Token{};
      cur_.start = start;
      cur_.all_upper = true;
      cur_.numeric = true;
      cur_.capitalised = p.upper;
      open_ = true;
      letters_.clear();
    }
    letters_.push_back(p);
    cur_.end = p.end;
  }

  void amend_last(std::uint8_t mod, std::uint8_t tone, std::size_t end) {
    if (!open_ || letters_.empty()) return;
    if (mod) letters_.back().mod = mod;
    if (tone) letters_.back().tone = tone;
    letters_.back().end = end;
    cur_.end = end;
  }

  void close() {
    if (!open_) return;
    open_ = false;
    // Collapse runs of three or more identical letters: "nhanhhhh", "kkkkk".
    std::vector<Pending> kept;
    for (std::size_t i = 0; i < letters_.size();) {
      std::size_t j = i;
      auto same = [&](const Pending& a, const Pending& b) {
        return a.base == b.base && a.mod == b.mod && a.tone == b.tone && a.stroke == b.stroke && !a.digit;
      };
      while (j < letters_.size() && same(letters_[i], letters_[j])) ++j;
      if (j - i >= 3) {
        kept.push_back(letters_[i]);
        i = j;
      } else {
        kept.push_back(letters_[i]);
        ++i;
      }
    }
    for (const auto& p : kept) {
      cur_.folded.push_back(p.base);
      cur_.marked.push_back(p.base);
      if (p.mod || p.tone || p.stroke) {
        cur_.has_marks = true;
        cur_.marked.push_back(static_cast<char>(1 + p.mod * 6 + p.tone + (p.stroke ? 24 : 0)));
      }
      if (!p.digit) {
        cur_.numeric = false;
        if (!p.upper) cur_.all_upper = false;
      }
    }
    if (cur_.numeric) cur_.all_upper = false;
    out_.push_back(std::move(cur_));
  }

 private:
  std::vector<Token>& out_;
  std::vector<Pending> letters_;
  Token cur_;
  bool open_ = false;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  out.reserve(text.size() / 4 + 1);
  Builder builder(out);
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    char32_t cp = decode(text, i);
    Pending p;
    p.end = i;
    std::uint8_t mod = 0, tone = 0;
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'a' && c <= 'z') {
        p.base = c;
      } else if (c >= 'A' && c <= 'Z') {
        p.base = static_cast<char>(c - 'A' + 'a');
        p.upper = true;
      } else if (c >= '0' && c <= '9') {
        p.base = c;
        p.digit = true;
      } else {
        builder.close();
        continue;
      }
      builder.letter(p, start);
    } else if (const Letter* l = find_letter(cp)) {
      p.base = l->base;
      p.mod = l->mod;
      p.tone = l->tone;
      p.stroke = l->stroke;
      p.upper = l->upper;
      builder.letter(p, start);
    } else if (combining(cp, mod, tone)) {
      builder.amend_last(mod, tone, i);
    } else {
      builder.close();
    }
  }
  builder.close();
  return out;
}

std::string fold(std::string_view text) {
  std::string out;
  for (const auto& t : tokenize(text)) {
    if (!out.empty()) out.push_back(' ');
    out += t.folded;
  }
  return out;
}

}  // namespace tipline::triage
